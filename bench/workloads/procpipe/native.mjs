// procpipe: N MiB through `cat` with raw child_process: stdin.end(data), stdout collected until 'close'.
import { spawn } from "node:child_process";

async function main(n) {
  const data = new Uint8Array(n * 1024 * 1024);
  for (let i = 0; i < data.length; i += 4096) data[i] = (i >> 12) & 255;
  const t0 = performance.now();
  const cat = spawn("cat", [], { stdio: ["pipe", "pipe", "inherit"] });
  const chunks = [];
  cat.stdout.on("data", (c) => chunks.push(c));
  cat.stdin.end(data);
  await new Promise((resolve) => cat.on("close", resolve));
  const out = Buffer.concat(chunks);
  const seconds = (performance.now() - t0) / 1000;
  let sum = 0;
  for (let i = 0; i < out.length; i += 4096) sum += out[i];
  console.log(JSON.stringify({ checksum: out.length + sum, seconds, extra: { mib_per_second: n / seconds } }));
}

await main(Number(process.argv[2] ?? 200));
