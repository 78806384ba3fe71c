// The benchmark workloads' Python versions (bench/workloads/<name>/main.py), ported with
// `asyncts port` and run at tiny sizes: each must print the checksum its hand-written DSL
// twin prints, and CPython's when python3 is installed. memory (gc, tracemalloc) and cpu
// (a process pool, bytearray slice assignment) use modules the porter does not translate:
// they port with diagnostics and are listed in the README, not run here.
import { test, expect } from "vitest";
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, CLI } from "./util.js";

const run = promisify(execFile);
const WL = join(ROOT, "bench", "workloads");
const OUT = join(ROOT, "test", ".tmp", "port-bench");

const hasPython = (() => {
  try {
    execFileSync("python3", ["-c", "import asyncio"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

async function checksum(cmd: string, args: string[]): Promise<unknown> {
  const env = { ...process.env };
  delete env.ASYNCTS_CLOCK;
  const { stdout } = await run(cmd, args, { cwd: ROOT, env, timeout: 120_000 });
  const lines = stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]).checksum;
}

const cases: [name: string, n: number][] = [
  ["spawn", 500], ["pingpong", 400], ["yield", 1000], ["chain", 10], ["timers", 300], ["lock", 5],
  ["procspawn", 3], ["procpipe", 1], ["net_pingpong", 20], ["net_conns", 10], ["net_bulk", 1],
];

for (const [name, n] of cases) {
  test(`bench workload ${name}: the ported main.py prints the DSL version's checksum`, async () => {
    const { port } = await import(join(ROOT, "dist", "porter", "index.js"));
    const src = join(WL, name, "main.py");
    const r = await port(readFileSync(src, "utf8"), src);
    const dir = join(OUT, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "main.ts"), r.code);
    const [ported, dsl, python] = await Promise.all([
      checksum(process.execPath, [CLI, "run", "--clock", "real", join(dir, "main.ts"), String(n)]),
      checksum(process.execPath, [CLI, "run", "--clock", "real", join(WL, name, "main.ts"), String(n)]),
      hasPython ? checksum("python3", [src, String(n)]) : Promise.resolve(null),
    ]);
    expect(typeof ported).toBe("number");
    expect(ported).toBe(dsl);
    if (python !== null) expect(ported).toBe(python);
  }, 180_000);
}
