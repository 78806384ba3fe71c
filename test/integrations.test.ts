// asyncts/register (a Node --import hook) and asyncts/rollup (a rollup/vite plugin) compile
// DSL files the same way `asyncts run` does.
import { test, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { writeProject, HEADER } from "./util.js";

const files = {
  "main.ts": `${HEADER}import { helper } from "./other.js";\nasync function main() { print(await helper(2)); }\nasyncio.run(main());\nprint("after");\n`,
  "other.ts": `import * as asyncio from "asyncts";\nexport async function helper(x: number) { await asyncio.sleep(0.01); return x * 21; }\n`,
};

test("node --import asyncts/register runs a DSL program and the TypeScript it imports", () => {
  const dir = writeProject(files);
  const r = spawnSync(process.execPath, ["--import", "asyncts/register", "main.ts"], { cwd: dir, encoding: "utf8" });
  expect(r.stderr).toBe("");
  expect(r.stdout).toBe("42\nafter\n");
});

test("the rollup plugin bundles DSL files into a program that runs", async () => {
  const dir = writeProject(files);
  const { rollup } = await import("rollup");
  const { default: asyncts } = await import("../dist/cli/rollup-plugin.js");
  const bundle = await rollup({ input: join(dir, "main.ts"), plugins: [asyncts()], external: (id) => id.startsWith("asyncts") });
  const { output } = await bundle.generate({ format: "es" });
  writeFileSync(join(dir, "bundle.mjs"), output[0].code);
  const r = spawnSync(process.execPath, ["bundle.mjs"], { cwd: dir, encoding: "utf8" });
  expect(r.stderr).toBe("");
  expect(r.stdout).toBe("42\nafter\n");
});
