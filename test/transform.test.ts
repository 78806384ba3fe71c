// Transform samples: test/transform/samples/<form>/input.ts → _expected.js, one per output
// shape listed at the top of compiler/phases/3-transform/index.ts (rollup's test/form).
// FILTER=name runs some; UPDATE_SNAPSHOTS=1 rewrites the _expected.js files (review the diff).
// Every output must also parse as an ES module in V8.
import { test, expect } from "vitest";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compile } from "../compiler/index.js";
import { ROOT } from "./util.js";
import { v8Rejects } from "./fuzz/fuzz.mjs";

const dir = join(ROOT, "test", "transform", "samples");
const samples = readdirSync(dir).filter((n) => n.includes(process.env.FILTER ?? "")).sort();

test("there is a sample for every shape", () => {
  expect(samples.length).toBeGreaterThan(process.env.FILTER ? 0 : 15);
});

test.each(samples)("%s", (name) => {
  const input = readFileSync(join(dir, name, "input.ts"), "utf8");
  const r = compile(input, { fileName: `/samples/${name}/input.ts` });
  expect(r.diagnostics).toEqual([]);
  const expectedPath = join(dir, name, "_expected.js");
  if (process.env.UPDATE_SNAPSHOTS || !existsSync(expectedPath)) writeFileSync(expectedPath, r.code!);
  expect(r.code).toBe(readFileSync(expectedPath, "utf8"));
  expect(v8Rejects([r.code!]).get(0)).toBeUndefined();
});
