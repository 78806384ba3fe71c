// procspawn: N children (`true`) started with child_process.spawn and reaped ('exit') one after another.
import { spawn } from "node:child_process";

const run = () => new Promise((resolve, reject) => {
  const p = spawn("true", [], { stdio: "inherit" });
  p.on("error", reject);
  p.on("exit", (code) => resolve(code));
});

async function main(n) {
  const t0 = performance.now();
  let ok = 0;
  for (let i = 0; i < n; i++) if ((await run()) === 0) ok++;
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ checksum: ok, seconds, extra: { per_second: n / seconds } }));
}

await main(Number(process.argv[2] ?? 500));
