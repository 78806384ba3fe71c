// The benchmark workloads (bench/workloads/<name>/) at tiny sizes: each DSL program must
// print the checksum its native-JavaScript twin prints (and the closed form where there is
// one). No timing here — `npm run bench` does that.
import { test, expect } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { join } from "node:path";
import { ROOT, CLI } from "./util.js";

const run = promisify(execFile);
const WL = join(ROOT, "bench", "workloads");

async function checksum(args: string[]): Promise<unknown> {
  const env = { ...process.env };
  delete env.ASYNCTS_CLOCK;
  const { stdout } = await run(process.execPath, args, { cwd: ROOT, env, timeout: 60_000 });
  const lines = stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]).checksum;
}

const cases: [name: string, n: number, expected: number | null][] = [
  ["spawn", 500, (500 * 499) / 2],
  ["pingpong", 400, (200 * 201) / 2],
  ["yield", 1000, 1000],
  ["chain", 10, 999 + 10],
  ["timers", 300, null],
  ["lock", 5, 500],
  ["memory", 300, (300 * 299) / 2],
  ["cpu", 1000, 168 * 4],
  ["procspawn", 3, 3],
  ["procpipe", 1, null], // 168 primes up to 1000 (1001..1003 add none)
];

for (const [name, n, expected] of cases) {
  test.concurrent(`bench workload ${name}: DSL and native checksums agree`, async () => {
    const [dsl, native] = await Promise.all([
      checksum([CLI, "run", "--clock", "real", join(WL, name, "main.ts"), String(n)]),
      checksum([join(WL, name, "native.mjs"), String(n)]),
    ]);
    expect(dsl).toBe(native);
    if (expected !== null) expect(dsl).toBe(expected);
  });
}
