// Incident read budgets (DESIGN §6): `cic status` on a 500-entry incident ≤ 2.5× `node -e 0`, and
// on a 100,000-entry incident ≤ 1.5 s. The incidents are generated with the log module's own entry
// functions (./generate-log.mjs), so they are what `cic` itself would have written.
import { againstNode, budget, CIC, timeCommand } from './lib.mjs';
import { sharedIncident } from './generate-log.mjs';

export async function run() {
  console.log('# incident');
  const small = await sharedIncident(500);
  const large = await sharedIncident(100_000);
  const env = (w) => ({ CIC_WORKSPACE: w.root, CIC_NOW: w.now });

  const status = againstNode(process.execPath, [CIC, 'status'], { env: env(small) });
  budget({ what: 'cic status (500-entry incident)', ...status, baselineName: 'node -e 0', maxRatio: 2.5 });
  const statusLarge = timeCommand(process.execPath, [CIC, 'status'], { env: env(large), runs: 5 });
  budget({ what: 'cic status (100k-entry incident)', ms: statusLarge, maxMs: 1500 });
}
