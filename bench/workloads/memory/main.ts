// memory: bytes per pending task with N tasks blocked on one Event, then released.
// Measured as the V8 heap growth (heapUsed after a full GC) divided by N.
import * as asyncio from "asyncts";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
const gc: () => void = runInNewContext("gc");

function heap(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

async function waiter(ev: asyncio.Event, i: number): Promise<number> {
  await ev.wait();
  return i;
}

async function main(n: number) {
  const ev = new asyncio.Event();
  await asyncio.sleep(0);
  const before = heap();
  const t0 = performance.now();
  const tasks = [];
  for (let i = 0; i < n; i++) tasks.push(asyncio.create_task(waiter(ev, i)));
  await asyncio.sleep(0); // every task runs up to ev.wait()
  const bytes_per_task = (heap() - before) / n;
  ev.set();
  let sum = 0;
  for (const r of await asyncio.gather(...tasks)) sum += r;
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ checksum: sum, seconds, extra: { bytes_per_task } }));
}

asyncio.run(main(Number(process.argv[2] ?? 100_000)));
