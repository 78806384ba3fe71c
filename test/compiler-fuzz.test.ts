// Seeded mutation fuzzing of the compiler over every fixture (issue 8 §1): no mutant may
// make compile() throw or hang, and every output without error diagnostics must parse as
// an ES module in V8 with a source map in range. A few hundred here; any number on demand:
// FUZZ_COUNT=3000 FUZZ_SEED=7 npx vitest run test/compiler-fuzz.test.ts, or node test/fuzz/fuzz.mjs.
import { test, expect } from "vitest";
import { compile } from "../compiler/index.js";
import { fuzz, mapProblems, v8Rejects } from "./fuzz/fuzz.mjs";

const count = Number(process.env.FUZZ_COUNT ?? 200);
const seed = Number(process.env.FUZZ_SEED ?? 20261201);

test(`${count} mutants of the fixtures (seed ${seed}) and a big input: no throw, valid output`, () => {
  const { counts, failures } = fuzz({ compile, count, seed, big: Number(process.env.FUZZ_BIG ?? 200 * 1024) });
  // (node test/fuzz/fuzz.mjs with the same FUZZ_SEED and FUZZ_OUT=file writes the mutants)
  const report = failures.slice(0, 10).map((f) => `${f.kind} ${f.name}: ${f.error.split("\n")[0]}`);
  expect(report.join("\n\n")).toBe("");
  expect(counts.threw + counts.invalidOutput + counts.badMap + counts.slow).toBe(0);
  // the fuzzer exercises both outcomes
  expect(counts.compiled).toBeGreaterThan(count / 10);
  expect(counts.diagnosed).toBeGreaterThan(count / 10);
}, 300_000);

test("the fuzzer's checks can fail: V8 rejects broken output, a map past the line's end is caught", () => {
  expect(v8Rejects(["const = 1;", "export const x = 1;"]).has(0)).toBe(true);
  expect(v8Rejects(["export const x = 1;"]).size).toBe(0);
  const map = JSON.stringify({ version: 3, sources: ["a.ts"], names: [], mappings: "AAAA,UAAU" });
  expect(mapProblems(map, "x;", "y;")).not.toEqual([]);
  expect(mapProblems(JSON.stringify({ version: 3, sources: ["a.ts"], names: [], mappings: "AAAA" }), "x;", "y;")).toEqual([]);
});
