// Project hygiene that would otherwise drift: diagnostic codes live in one catalogue, and
// the CLI reports the version package.json gives.
import { test, expect } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { codes } from "../compiler/diagnostics.js";
import { ROOT, cli } from "./util.js";

const CATALOGUE = join(ROOT, "compiler", "diagnostics.ts");

test("ASY codes are written only in compiler/diagnostics.ts", () => {
  const offenders: string[] = [];
  for (const tree of ["cli", "compiler", "runtime"]) {
    for (const e of readdirSync(join(ROOT, tree), { withFileTypes: true, recursive: true })) {
      const file = join(e.parentPath, e.name);
      if (!e.isFile() || !e.name.endsWith(".ts") || file === CATALOGUE) continue;
      readFileSync(file, "utf8").split("\n").forEach((line, i) => {
        if (/ASY\d{4}/.test(line)) offenders.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
      });
    }
  }
  expect(offenders).toEqual([]);
});

test("every catalogue code is unique, ASY1000-1003 (the CLI's) included", () => {
  const all = Object.values(codes).map((c) => c.code);
  expect(new Set(all).size).toBe(all.length);
  expect(all).toEqual(expect.arrayContaining(["ASY1000", "ASY1001", "ASY1002", "ASY1003"]));
});

test("the CLI's usage error and --version come from the catalogue and package.json", () => {
  const version = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version;
  expect(cli(["--version"], ROOT).stdout).toBe(`${version}\n`);
  const bad = cli(["frobnicate"], ROOT);
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/^error ASY1000: unknown command 'frobnicate'\n/);
});
