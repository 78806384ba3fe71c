// The published package, as a user gets it: `npm pack` → install the tarball into a fresh
// app in a temp folder (with typescript, rollup and vite from the registry) → run every way
// of using asyncts there. Needs the npm registry (or a warm npm cache: --prefer-offline);
// skip it offline with ASYNCTS_OFFLINE=1. CI runs it. dist/ must be built (npm test does
// not rebuild it; `npm pack --ignore-scripts` packs what is there).
import { describe, test, expect, beforeAll, afterAll } from "vitest";
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync, mkdirSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { ROOT } from "./util.js";

const OFFLINE = process.env.ASYNCTS_OFFLINE === "1";
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

let tmp = "", app = "";
const sh = (cmd: string, args: string[], env: Record<string, string | undefined> = {}): SpawnSyncReturns<string> =>
  spawnSync(cmd, args, { cwd: app, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined, ...env }, timeout: 300_000 });
const asyncts = (...args: string[]) => sh(join(app, "node_modules", ".bin", "asyncts"), args);
const write = (files: Record<string, string>) => {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(app, name)), { recursive: true });
    writeFileSync(join(app, name), text);
  }
};

const MAIN = `import * as asyncio from "asyncts";
import { print } from "asyncts";
import { double } from "./util.js";

async function work(n: number): Promise<number> {
  await asyncio.sleep(0.01);
  return double(n);
}

async function main(): Promise<number> {
  const r = await asyncio.gather(work(1), work(2));
  print("results", r);
  return r[0] + r[1];
}

const total = await asyncio.run(main());
print("total", total);
`;
const OUTPUT = "results [2, 4]\ntotal 6\n";

describe.skipIf(OFFLINE)("the packed tarball installed into a fresh app", () => {
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), "asyncts-pack-"));
    app = join(tmp, "app");
    mkdirSync(app);
    const pack = spawnSync(NPM, ["pack", "--ignore-scripts", "--json", "--pack-destination", tmp], { cwd: ROOT, encoding: "utf8" });
    expect(pack.status, pack.stderr).toBe(0);
    const tarball = join(tmp, JSON.parse(pack.stdout)[0].filename);
    write({
      "package.json": JSON.stringify({ name: "app", private: true, type: "module" }),
      "tsconfig.json": JSON.stringify({
        compilerOptions: { strict: true, target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", lib: ["ES2023", "ESNext.Disposable"], types: [], outDir: "out", rootDir: "src", skipLibCheck: true },
        include: ["src"],
      }),
      "src/main.ts": MAIN,
      "src/util.ts": "export function double(n: number): number {\n  return n * 2;\n}\n",
      "rollup.config.mjs": `import asyncts from "asyncts/rollup";\nexport default { input: "src/main.ts", output: { file: "bundle/main.mjs", format: "es" }, external: ["asyncts"], plugins: [asyncts()] };\n`,
      "vite.config.mjs": `import { defineConfig } from "vite";\nimport asyncts from "asyncts/rollup";\nexport default defineConfig({ plugins: [asyncts()], logLevel: "warn", build: { ssr: "src/main.ts", outDir: "vdist", target: "node20" } });\n`,
    });
    // --prefer-offline: a warm npm cache makes this fast and keeps the registry out of it
    const install = sh(NPM, ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", tarball, "typescript@~6.0.3", "rollup@^4", "vite@^8"]);
    expect(install.status, install.stderr).toBe(0);
  }, 600_000);
  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test("asyncts run", () => {
    const r = asyncts("run", "src/main.ts");
    expect(r.stderr).toBe("");
    expect([r.status, r.stdout]).toEqual([0, OUTPUT]);
  });

  test("asyncts build, then node", () => {
    const b = asyncts("build");
    expect([b.status, b.stderr]).toEqual([0, ""]);
    const r = sh(process.execPath, ["out/main.js"]);
    expect([r.status, r.stdout]).toEqual([0, OUTPUT]);
  });

  test("asyncts check: clean, then a planted error", () => {
    const clean = asyncts("check");
    expect([clean.status, clean.stdout, clean.stderr]).toEqual([0, "", ""]);
    write({ "src/bad.ts": `export const n: number = "seven";\n` });
    try {
      const bad = asyncts("check");
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/^src\/bad\.ts:1:14 - error TS2322: Type 'string' is not assignable to type 'number'\./m);
      expect(bad.stderr).toMatch(/Found 1 error in src\/bad\.ts:1\n/);
    } finally {
      rmSync(join(app, "src", "bad.ts"));
    }
  });

  test("node --import asyncts/register", () => {
    const r = sh(process.execPath, ["--import", "asyncts/register", "src/main.ts"]);
    expect([r.status, r.stdout]).toEqual([0, OUTPUT]);
  });

  test("a rollup bundle with asyncts/rollup", () => {
    const b = sh(process.execPath, [join("node_modules", "rollup", "dist", "bin", "rollup"), "-c", "--silent"]);
    expect(b.status, b.stderr).toBe(0);
    const r = sh(process.execPath, ["bundle/main.mjs"]);
    expect([r.status, r.stdout]).toEqual([0, OUTPUT]);
  });

  test("a vite build with asyncts/rollup", () => {
    const b = sh(process.execPath, [join("node_modules", "vite", "bin", "vite.js"), "build"]);
    expect(b.status, b.stderr + b.stdout).toBe(0);
    expect(existsSync(join(app, "vdist", "main.js"))).toBe(true);
    const r = sh(process.execPath, ["vdist/main.js"]);
    expect([r.status, r.stdout]).toEqual([0, OUTPUT]);
  });
});
