import { readFileSync, openSync, writeSync, fsyncSync, closeSync } from 'node:fs';
import { renderMarkdown } from '../dist/report/render-md.js';
import { renderHtml } from '../dist/report/render-html.js';
const report = JSON.parse(readFileSync('/tmp/rep/report-2026-0001.json', 'utf8'));
const mode = process.argv[2];
let t = performance.now();
const md = renderMarkdown(report); const html = renderHtml(report);
const tr = performance.now() - t;
const parts = [...md.split('\n'), ...html.split('\n')].map(l => l + '\n');
t = performance.now();
if (mode === 'whole') {
  for (const [i, s] of [md, html].entries()) { const fd = openSync(`/tmp/w${i}`, 'w'); const b = Buffer.from(s); writeSync(fd, b); fsyncSync(fd); closeSync(fd); }
} else {
  const fd = openSync('/tmp/w0', 'w'); const buf = Buffer.allocUnsafe(1 << 20); let off = 0;
  for (const p of parts) { if (off + p.length * 3 > buf.length) { writeSync(fd, buf, 0, off); off = 0; } off += buf.write(p, off); }
  writeSync(fd, buf, 0, off); fsyncSync(fd); closeSync(fd);
}
console.log(mode, 'render', tr.toFixed(0), 'write', (performance.now() - t).toFixed(0));
