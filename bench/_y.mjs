import { readFileSync } from 'node:fs';
const t0 = performance.now();
const { parseSafeYaml } = await import('../dist/playbook/yaml-safe.js');
const t1 = performance.now();
const text = readFileSync('playbooks/clayton-mo.yaml', 'utf8');
const r = [];
for (let i = 0; i < 5; i++) { const s = performance.now(); parseSafeYaml(text); r.push((performance.now() - s).toFixed(1)); }
const { parseDocument } = await import('yaml');
const r2 = [];
for (let i = 0; i < 3; i++) { const s = performance.now(); parseDocument(text); r2.push((performance.now() - s).toFixed(1)); }
console.log('import', (t1 - t0).toFixed(1), 'parses', r.join(' '), 'plain parseDocument', r2.join(' '));
