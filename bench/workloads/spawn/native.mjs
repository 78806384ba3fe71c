// spawn: N async functions that each yield to the event loop once (setImmediate, the
// closest thing to `await sleep(0)`) and return i; Promise.all them; sum.
const tick = () => new Promise((resolve) => setImmediate(resolve));

async function child(i) {
  await tick();
  return i;
}

async function main(n) {
  const t0 = performance.now();
  const promises = [];
  for (let i = 0; i < n; i++) promises.push(child(i));
  const results = await Promise.all(promises);
  let sum = 0;
  for (const r of results) sum += r;
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ checksum: sum, seconds, extra: {} }));
}

await main(Number(process.argv[2] ?? 100_000));
