// cpu: 4 CPU-bound jobs (a prime sieve each), first one after another on the loop's thread,
// then on a ProcessPoolExecutor of 2 workers via run_in_executor. "seconds" is the parallel
// time (pool start-up included); extra.serial / extra.ratio compare the two.
import * as asyncio from "asyncts";
import { sieve } from "./work.js";

async function main(n: number) {
  const limits = [n, n + 1, n + 2, n + 3];
  const t0 = performance.now();
  let serialSum = 0;
  for (const limit of limits) serialSum += sieve(limit);
  const serial = (performance.now() - t0) / 1000;

  const t1 = performance.now();
  const loop = asyncio.get_running_loop();
  const pool = new asyncio.ProcessPoolExecutor({ max_workers: 2, modules: [new URL("./work.js", import.meta.url)] });
  const counts = await asyncio.gather(...limits.map((limit) => loop.run_in_executor(pool, sieve, limit)));
  const seconds = (performance.now() - t1) / 1000;
  await pool.shutdown();
  const sum = counts.reduce((a, b) => a + b, 0);
  if (sum !== serialSum) throw new Error(`parallel ${sum} != serial ${serialSum}`);
  console.log(JSON.stringify({ checksum: sum, seconds, extra: { serial, ratio: seconds / serial } }));
}

const n = Number(process.argv[2] ?? 40_000_000);
asyncio.run(main(n));
