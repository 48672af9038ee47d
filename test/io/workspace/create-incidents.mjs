// Opens COUNT incident folders in WORKSPACE through the built createIncident and prints each id.
//   node create-incidents.mjs WORKSPACE COUNT MODE
// MODE "naive" allocates the way a careless implementation would (read the folder, take max + 1,
// pause, create with mkdir -p): the negative control for the concurrency test.
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { discoverWorkspace } from '../../../dist/io/workspace/discover.js';
import { createIncident } from '../../../dist/io/workspace/incidents.js';

const [root, count, mode] = process.argv.slice(2);
const ws = await discoverWorkspace(root, root, {});
const source = 'cic: 1\n';
const loaded = { playbook: { time_zone: 'America/Chicago', roles: [] }, file: 'x', sha256: '0'.repeat(64), source };
const pause = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3);
for (let k = 0; k < Number(count); k++) {
  if (mode === 'naive') {
    const n = readdirSync(ws.incidentsDir).reduce((m, d) => Math.max(m, Number(d.slice(5)) || 0), 0) + 1;
    const id = `2026-${String(n).padStart(4, '0')}`;
    pause();
    mkdirSync(join(ws.incidentsDir, id), { recursive: true });
    console.log(id);
  } else {
    console.log(await createIncident(ws, loaded, new Date('2026-06-01T12:00:00Z')));
  }
}
