// spawn: N tasks that each `await sleep(0)` once and return i; gather them; sum.
import * as asyncio from "asyncts";

async function child(i: number): Promise<number> {
  await asyncio.sleep(0);
  return i;
}

async function main(n: number) {
  const t0 = performance.now();
  const coros = [];
  for (let i = 0; i < n; i++) coros.push(child(i));
  const results = await asyncio.gather(...coros);
  let sum = 0;
  for (const r of results) sum += r;
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ checksum: sum, seconds, extra: {} }));
}

const n = Number(process.argv[2] ?? 100_000);
asyncio.run(main(n));
