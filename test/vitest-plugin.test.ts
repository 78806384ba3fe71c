// asyncts/rollup under vitest (examples/vitest: the documented config and test style), and
// the plugin's include/exclude, which take globs and RegExps as other rollup plugins do.
import { test, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import asyncts from "../cli/rollup-plugin.js";
import { ROOT, HEADER } from "./util.js";

test("the vitest example passes with the documented config", () => {
  const r = spawnSync(process.execPath, [join(ROOT, "node_modules", "vitest", "vitest.mjs"), "run", "--root", join(ROOT, "examples", "vitest")], {
    cwd: join(ROOT, "examples", "vitest"), encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined }, timeout: 120_000,
  });
  expect(r.stdout + r.stderr).toMatch(/Tests\s+2 passed \(2\)/);
  expect(r.status).toBe(0);
}, 180_000);

const ctx = { error(m: string): never { throw new Error(m); }, warn() {} };
const DSL = `${HEADER}export async function f() { await asyncio.sleep(0); }\n`;
const compiled = (p: ReturnType<typeof asyncts>, id: string) => {
  const out = p.transform.call(ctx, DSL, id);
  return out === null ? null : out.code!.includes("$coro");
};

test("include/exclude: defaults, globs, RegExps, vite's query strings", () => {
  const def = asyncts();
  expect(compiled(def, "/app/src/a.ts")).toBe(true);
  expect(compiled(def, "/app/src/a.ts?v=123")).toBe(true);
  expect(compiled(def, "/app/node_modules/x/a.ts")).toBe(null);
  expect(compiled(def, "/app/src/a.js")).toBe(null);
  const globs = asyncts({ include: ["/app/src/**/*.ts"], exclude: ["**/*.spec.ts"] });
  expect(compiled(globs, "/app/src/deep/a.ts")).toBe(true);
  expect(compiled(globs, "/app/src/a.spec.ts")).toBe(null);
  expect(compiled(globs, "/app/other/a.ts")).toBe(null);
  const re = asyncts({ include: /\/lib\//, exclude: /skip/ });
  expect(compiled(re, "/app/lib/a.ts")).toBe(true);
  expect(compiled(re, "/app/lib/skip.ts")).toBe(null);
  expect(compiled(re, "/app/src/a.ts")).toBe(null);
  const fn = asyncts({ include: (id) => id.endsWith("b.ts") });
  expect(compiled(fn, "/app/src/b.ts")).toBe(true);
  expect(compiled(fn, "/app/src/a.ts")).toBe(null);
});
