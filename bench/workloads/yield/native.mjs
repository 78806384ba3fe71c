// yield: one async function yielding to the event loop N times (setImmediate, the closest
// native analogue of `await sleep(0)`; `await null` would only be a microtask).
const tick = () => new Promise((resolve) => setImmediate(resolve));

async function main(n) {
  const t0 = performance.now();
  let count = 0;
  for (let i = 0; i < n; i++) {
    await tick();
    count++;
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ checksum: count, seconds, extra: {} }));
}

await main(Number(process.argv[2] ?? 1_000_000));
