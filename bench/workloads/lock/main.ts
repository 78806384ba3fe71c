// lock: N tasks contending on one Lock, 100 acquisitions each, with a sleep(0) inside the
// critical section (a read-sleep-write counter, so lost updates would show in the checksum).
import * as asyncio from "asyncts";

let counter = 0;

async function worker(lock: asyncio.Lock, times: number) {
  for (let i = 0; i < times; i++) {
    await using _l = lock;
    const c = counter;
    await asyncio.sleep(0);
    counter = c + 1;
  }
}

async function main(n: number) {
  const t0 = performance.now();
  const lock = new asyncio.Lock();
  const workers = [];
  for (let i = 0; i < n; i++) workers.push(worker(lock, 100));
  await asyncio.gather(...workers);
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ checksum: counter, seconds, extra: {} }));
}

asyncio.run(main(Number(process.argv[2] ?? 1_000)));
