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
  // Three sweeps over the depths (the first one also warms up); the best of three counts.
  const resume_us = {};
  for (let sweep = 0; sweep < 3; sweep++) {
    for (const d of [1, 10, 100, 1000]) {
      await rec(d, probe);
      resume_us[d] = Math.min(resume_us[d] ?? Infinity, (leafSeconds / probe) * 1e6);
    }
  }
  console.log(JSON.stringify({ checksum, seconds, extra: { resume_us } }));
}

const n = Number(process.argv[2] ?? 1_000);
await main(1_000, n, Math.max(2_000, n * 20));
