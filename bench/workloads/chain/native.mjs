// chain: an async-function recursion DEPTH deep whose leaf yields to the event loop
// (setImmediate) N times; then the cost of one resume at depth 1, 10, 100 and 1,000.
const tick = () => new Promise((resolve) => setImmediate(resolve));
let leafSeconds = 0;

async function rec(depth, sleeps) {
  if (depth <= 1) {
    const t0 = performance.now();
    for (let i = 0; i < sleeps; i++) await tick();
    leafSeconds = (performance.now() - t0) / 1000;
    return sleeps;
  }
  return 1 + (await rec(depth - 1, sleeps));
}

async function main(depth, n, probe) {
  const t0 = performance.now();
  const checksum = await rec(depth, n);
  const seconds = (performance.now() - t0) / 1000;
  const resume_us = {};
  for (const d of [1, 10, 100, 1000]) {
    await rec(d, probe); // warm-up
    const best = [];
    for (let r = 0; r < 3; r++) {
      await rec(d, probe);
      best.push((leafSeconds / probe) * 1e6);
    }
    resume_us[d] = Math.min(...best);
  }
  console.log(JSON.stringify({ checksum, seconds, extra: { resume_us } }));
}

const n = Number(process.argv[2] ?? 1_000);
await main(1_000, n, Math.max(2_000, n * 20));
