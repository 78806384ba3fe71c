// `asyncts run --shuffle SEED`: trio-style schedule perturbation. Off by default (CPython's
// order); with a seed, each iteration's ready batch is reversed or shuffled, reproducibly.
import { test, expect } from "vitest";
import { writeProject, cli, HEADER } from "./util.js";

const PROGRAM = HEADER + `
async function w(n: string) { print(n); await asyncio.sleep(0); print(n + "'"); }
async function main() { await asyncio.gather(w("a"), w("b"), w("c"), w("d"), w("e")); }
asyncio.run(main());
`;

test("--shuffle perturbs each iteration's batch, reproducibly per seed; without it the order is CPython's", () => {
  const dir = writeProject({ "main.ts": PROGRAM });
  const plain = cli(["run", "main.ts"], dir);
  expect(plain.stdout).toBe("a\nb\nc\nd\ne\na'\nb'\nc'\nd'\ne'\n");
  const runs = ["1", "1", "2", "3"].map((seed) => cli(["run", "--shuffle", seed, "main.ts"], dir));
  for (const r of runs) {
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n").sort()).toEqual(plain.stdout.split("\n").sort()); // same lines
  }
  expect(runs[0].stdout).toBe(runs[1].stdout); // same seed, same schedule
  expect(runs.some((r) => r.stdout !== plain.stdout)).toBe(true);
  expect(new Set(runs.map((r) => r.stdout)).size).toBeGreaterThan(1);
});

test("--shuffle takes a whole-number seed", () => {
  const dir = writeProject({ "main.ts": PROGRAM });
  const r = cli(["run", "--shuffle", "x", "main.ts"], dir);
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/--shuffle takes a seed/);
});
