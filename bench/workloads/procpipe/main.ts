// procpipe: N MiB through `cat` with communicate(); the throughput is N / seconds (MiB/s).
import * as asyncio from "asyncts";

async function main(n: number) {
  const data = new Uint8Array(n * 1024 * 1024);
  for (let i = 0; i < data.length; i += 4096) data[i] = (i >> 12) & 255;
  const t0 = performance.now();
  const cat = await asyncio.create_subprocess_exec("cat", asyncio.kw({ stdin: asyncio.subprocess.PIPE, stdout: asyncio.subprocess.PIPE }));
  const [out] = await cat.communicate(data);
  const seconds = (performance.now() - t0) / 1000;
  let sum = 0;
  for (let i = 0; i < out!.length; i += 4096) sum += out![i];
  console.log(JSON.stringify({ checksum: out!.length + sum, seconds, extra: { mib_per_second: n / seconds } }));
}

const n = Number(process.argv[2] ?? 200);
asyncio.run(main(n));
