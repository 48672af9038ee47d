// The report budget (issue 6): `cic report` in all four formats on a 100,000-entry incident
// ≤ 4 s, verifying the log, building the report, checking it against its schema and writing
// the files included.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { budget, CIC, timeCommand } from './lib.mjs';
import { sharedIncident } from './generate-log.mjs';

export async function run() {
  console.log('# report');
  const large = await sharedIncident(100_000);
  const out = mkdtempSync(join(tmpdir(), 'cic-bench-report-'));
  try {
    const env = { CIC_WORKSPACE: large.root, CIC_NOW: large.now };
    const ms = timeCommand(process.execPath, [CIC, 'report', '--format', 'md,html,csv,json', '--out', out], {
      env,
      runs: 3,
    });
    const written = readdirSync(out).sort();
    if (written.length !== 4) throw new Error(`cic report wrote ${written.join(', ')}, not four files`);
    budget({ what: 'cic report, all formats (100k-entry incident)', ms, maxMs: 4000 });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
