// procspawn: N children (`true`) started and reaped one after another; the rate is N / seconds.
import * as asyncio from "asyncts";

async function main(n: number) {
  const t0 = performance.now();
  let ok = 0;
  for (let i = 0; i < n; i++) {
    const p = await asyncio.create_subprocess_exec("true");
    if ((await p.wait()) === 0) ok++;
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ checksum: ok, seconds, extra: { per_second: n / seconds } }));
}

const n = Number(process.argv[2] ?? 500);
asyncio.run(main(n));
