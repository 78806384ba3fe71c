// timers: N setTimeout with seeded random delays in [0, 10] ms, all fired.
async function main(n) {
  const t0 = performance.now();
  let fired = 0;
  let sum = 0;
  let resolveDone;
  const done = new Promise((resolve) => (resolveDone = resolve));
  const cb = (i) => {
    fired++;
    sum += i;
    if (fired === n) resolveDone();
  };
  let x = 42; // Park–Miller minimal standard generator, same sequence in every language
  for (let i = 0; i < n; i++) {
    x = (x * 48271) % 2147483647;
    setTimeout(cb, (x / 2147483647) * 10, i + 1);
  }
  await done;
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ checksum: sum + x, seconds, extra: { fired } }));
}

await main(Number(process.argv[2] ?? 100_000));
