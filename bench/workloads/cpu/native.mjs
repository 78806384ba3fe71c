// cpu: 4 CPU-bound jobs (a prime sieve each), first one after another, then on 2 raw
// node:worker_threads workers. "seconds" is the parallel time (worker start-up included).
import { Worker } from "node:worker_threads";
import { sieve } from "./work.mjs";

const WORKER = `
const { parentPort } = require("node:worker_threads");
parentPort.on("message", async ({ url, limit }) => parentPort.postMessage((await import(url)).sieve(limit)));
`;

function runOn(worker, limit) {
  return new Promise((resolve) => {
    worker.once("message", resolve);
    worker.postMessage({ url: new URL("./work.mjs", import.meta.url).href, limit });
  });
}

async function main(n) {
  const limits = [n, n + 1, n + 2, n + 3];
  const t0 = performance.now();
  let serialSum = 0;
  for (const limit of limits) serialSum += sieve(limit);
  const serial = (performance.now() - t0) / 1000;

  const t1 = performance.now();
  const workers = [new Worker(WORKER, { eval: true }), new Worker(WORKER, { eval: true })];
  const queue = [...limits];
  const counts = [];
  await Promise.all(workers.map(async (w) => {
    for (let limit; (limit = queue.shift()) !== undefined; ) counts.push(await runOn(w, limit));
  }));
  const seconds = (performance.now() - t1) / 1000;
  await Promise.all(workers.map((w) => w.terminate()));
  const sum = counts.reduce((a, b) => a + b, 0);
  if (sum !== serialSum) throw new Error(`parallel ${sum} != serial ${serialSum}`);
  console.log(JSON.stringify({ checksum: sum, seconds, extra: { serial, ratio: seconds / serial } }));
}

await main(Number(process.argv[2] ?? 40_000_000));
