// timers: N call_later with seeded random delays in [0, 0.01] s, all fired.
import * as asyncio from "asyncts";

async function main(n: number) {
  const loop = asyncio.get_running_loop();
  const t0 = performance.now();
  const done = loop.create_future();
  let fired = 0;
  let sum = 0;
  const cb = (i: number) => {
    fired++;
    sum += i;
    if (fired === n) done.set_result(null);
  };
  let x = 42; // Park–Miller minimal standard generator, same sequence in every language
  for (let i = 0; i < n; i++) {
    x = (x * 48271) % 2147483647;
    loop.call_later((x / 2147483647) * 0.01, cb, i + 1);
  }
  await done;
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ checksum: sum + x, seconds, extra: { fired } }));
}

asyncio.run(main(Number(process.argv[2] ?? 100_000)));
