// test/typecheck/all-api.ts uses every exported asyncio API (SPEC §2.4) as a DSL program
// would; it must type-check with plain `tsc` (strict, lib ES2023 + ESNext.Disposable, module
// NodeNext) against the built dist/runtime/index.d.ts — the file lives inside the package,
// so `asyncts` resolves to the package itself through its `exports`. No asyncts plugin.
import { test, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./util.js";

const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");
const FILES = ["all-api.ts", "correct-programs.ts"].map((f) => join(ROOT, "test", "typecheck", f));

function tsc(skipLibCheck: boolean): string[] {
  const args = [
    TSC, "--ignoreConfig", "--noEmit", "--pretty", "false", "--strict",
    "--target", "ES2022", "--lib", "ES2023,ESNext.Disposable",
    "--module", "NodeNext", "--moduleResolution", "NodeNext", "--types", "node",
    "--skipLibCheck", String(skipLibCheck), ...FILES,
  ];
  const r = spawnSync(process.execPath, args, { cwd: join(ROOT, "test", "typecheck"), encoding: "utf8" });
  return r.stdout.split("\n").filter((l) => /error TS\d+/.test(l));
}

test("every exported API type-checks in a DSL file (strict tsc, published .d.ts)", () => {
  expect(tsc(true)).toEqual([]);
});

// Declaration files must not reference names stripped as @internal (users with skipLibCheck: false).
test("the published .d.ts files are consistent (skipLibCheck false)", () => {
  expect(tsc(false)).toEqual([]);
});
