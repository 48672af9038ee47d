// Start-up budgets: `cic --help` and validating the bundled playbook, against `node -e 0`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { againstNode, budget, CIC, ROOT } from './lib.mjs';

export async function run() {
  console.log('# start-up');
  const help = againstNode(process.execPath, [CIC, '--help']);
  budget({ what: 'cic --help', ...help, baselineName: 'node -e 0', maxRatio: 2.0 });
  const bundled = join(ROOT, 'playbooks', 'clayton-mo.yaml');
  if (existsSync(bundled)) {
    const validate = againstNode(process.execPath, [CIC, 'playbook', 'validate', bundled]);
    budget({ what: 'cic playbook validate (bundled playbook)', ...validate, baselineName: 'node -e 0', maxRatio: 3.5 });
  }
}
