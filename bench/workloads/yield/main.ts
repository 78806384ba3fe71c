// yield: one task doing N `await sleep(0)`.
import * as asyncio from "asyncts";

async function main(n: number) {
  const t0 = performance.now();
  let count = 0;
  for (let i = 0; i < n; i++) {
    await asyncio.sleep(0);
    count++;
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ checksum: count, seconds, extra: {} }));
}

asyncio.run(main(Number(process.argv[2] ?? 1_000_000)));
