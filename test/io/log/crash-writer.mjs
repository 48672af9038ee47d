// A writer for the crash tests: appends notes to one incident in a loop through the built store,
// printing "ack <seq> <text>" after each append returns (that is, after its fsync). The parent
// kills it with SIGKILL at a random moment.
//   node crash-writer.mjs WORKSPACE INCIDENT RUN MODE
// MODE "split" writes each append in two halves with a pause between, as a disk that is not
// atomic would, so that a kill can land inside an entry and leave a torn tail.
import { FileStore } from '../../../dist/io/log/file-store.js';
import { nodeFs } from '../../../dist/io/log/fs-seam.js';

const [root, incident, run, mode] = process.argv.slice(2);
const pause = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
const seam =
  mode === 'split'
    ? {
        ...nodeFs,
        write(fd, buf, off, len) {
          if (len < 2) return nodeFs.write(fd, buf, off, len);
          const n = nodeFs.write(fd, buf, off, len >> 1);
          pause();
          return n;
        },
      }
    : nodeFs;
const store = new FileStore({ root, incidentsDir: `${root}/incidents` }, { seam });
const actor = { role: 'city-manager', name: 'Crash Test', user: 'crash@test' };
for (let n = 0; ; n++) {
  const text = `run ${run} note ${n}`;
  const [entry] = await store.appendEvents(incident, { actor, at: new Date(), simulated: false }, [
    { type: 'note', data: { text } },
  ]);
  process.stdout.write(`ack ${entry.seq} ${text}\n`);
}
