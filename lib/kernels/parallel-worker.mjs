// Worker thread of the two-thread attention plan (lib/kernels/parallel.ts). Plain JavaScript so it
// runs under any loader. It instantiates the shared-memory kernel on the plan's memory, then waits on
// control[0] (the job sequence number); for each new job it runs its row range for every head, stores
// the overflow count in control[2] and the finished sequence number in control[1]. A negative
// sequence number stops it.
import { parentPort, workerData } from "node:worker_threads";

const { module, memory, control, calls } = workerData;
const instance = new WebAssembly.Instance(module, { env: { memory } });
const attentionRows = instance.exports.attentionRows;
const ctl = new Int32Array(control);
parentPort.postMessage("ready");
let seen = 0;
for (;;) {
  Atomics.wait(ctl, 0, seen);
  seen = Atomics.load(ctl, 0);
  if (seen < 0) break;
  let bad = 0;
  for (const c of calls) bad += attentionRows(...c);
  Atomics.store(ctl, 2, bad);
  Atomics.store(ctl, 1, seen);
  Atomics.notify(ctl, 1);
}
