// memory: bytes per pending async function with N of them awaiting one promise (the
// native stand-in for an Event), then released. V8 heap growth after a full GC, over N.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc");

function heap() {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

async function waiter(ev, i) {
  await ev.promise;
  return i;
}

async function main(n) {
  let set;
  const ev = { promise: new Promise((resolve) => (set = resolve)) };
  const before = heap();
  const t0 = performance.now();
  const tasks = [];
  for (let i = 0; i < n; i++) tasks.push(waiter(ev, i));
  const bytes_per_task = (heap() - before) / n;
  set();
  let sum = 0;
  for (const r of await Promise.all(tasks)) sum += r;
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ checksum: sum, seconds, extra: { bytes_per_task } }));
}

await main(Number(process.argv[2] ?? 100_000));
