// The published package, as a user gets it: `npm pack` → install the tarball into a fresh
// app in a temp folder (with typescript, rollup and vite from the registry) → run every way
// of using asyncts there. Needs the npm registry (or a warm npm cache: --prefer-offline);
// skip it offline with ASYNCTS_OFFLINE=1. CI runs it. dist/ must be built (npm test does
// not rebuild it; `npm pack --ignore-scripts` packs what is there).
import { describe, test, expect, beforeAll, afterAll } from "vitest";
import { spawn, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync, mkdirSync, existsSync, readFileSync, readdirSync } from "node:fs";
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
      // declaration: true (the .d.ts files tsc writes, from the sources' own types)
      "tsconfig.decl.json": JSON.stringify({ extends: "./tsconfig.json", compilerOptions: { declaration: true, outDir: "out-decl" } }),
      "tsconfig.watch.json": JSON.stringify({ extends: "./tsconfig.json", compilerOptions: { outDir: "out-watch" } }),
      "rollup.bad.mjs": `import asyncts from "asyncts/rollup";\nexport default { input: "bad/main.ts", output: { file: "bundle/bad.mjs", format: "es" }, external: ["asyncts"], plugins: [asyncts()] };\n`,
      "bad/main.ts": `import * as asyncio from "asyncts";\nawait asyncio.sleep(1);\n`,
      // vitest with the documented config (README, examples/vitest)
      "vitest.config.mjs": `import { defineConfig } from "vitest/config";\nimport asyncts from "asyncts/rollup";\nexport default defineConfig({ plugins: [asyncts({ include: ["**/*.ts"], exclude: ["**/node_modules/**"] })], test: { include: ["vt/**/*.test.ts"], env: { ASYNCTS_CLOCK: "virtual" } } });\n`,
      "vt/pass.test.ts": `import { test, expect } from "vitest";\nimport * as asyncio from "asyncts";\nimport { double } from "../src/util.js";\n\nasync function body() {\n  await asyncio.sleep(5);\n  expect(double(2)).toBe(4);\n  expect(asyncio.get_running_loop().time()).toBe(5);\n}\n\ntest("a coroutine body on a fresh loop", () => {\n  return asyncio.run(body());\n});\n`,
      "vt/fail.test.ts": `import { test, expect } from "vitest";\nimport * as asyncio from "asyncts";\n\nasync function body() {\n  await asyncio.sleep(0);\n  throw new asyncio.ValueError("planted failure");\n}\n\ntest("fails with the coroutine's exception", () => {\n  return asyncio.run(body());\n});\n`,
      "vite.config.mjs": `import { defineConfig } from "vite";\nimport asyncts from "asyncts/rollup";\nexport default defineConfig({ plugins: [asyncts()], logLevel: "warn", build: { ssr: "src/main.ts", outDir: "vdist", target: "node20" } });\n`,
    });
    // --prefer-offline: a warm npm cache makes this fast and keeps the registry out of it
    const install = sh(NPM, ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", tarball, "typescript@~6.0.3", "rollup@^4", "vite@^8", "vitest@^4"]);
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

  test("asyncts build: a planted error fails and writes nothing", () => {
    write({ "src/bad.ts": `import * as asyncio from "asyncts";\nawait asyncio.sleep(1);\n` });
    try {
      rmSync(join(app, "out"), { recursive: true, force: true });
      const b = asyncts("build");
      expect(b.status).toBe(2);
      expect(b.stderr).toMatch(/^src\/bad\.ts:2:1 - error ASY2001: 'await' at module level/m);
      expect(b.stderr).toContain("no files were written");
      expect(existsSync(join(app, "out"))).toBe(false);
    } finally {
      rmSync(join(app, "src", "bad.ts"));
    }
  });

  test("asyncts build with declaration: the .d.ts files tsc writes", () => {
    const b = asyncts("build", "-p", "tsconfig.decl.json");
    expect([b.status, b.stderr]).toEqual([0, ""]);
    const t = sh(process.execPath, [join("node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.decl.json", "--emitDeclarationOnly", "--outDir", "out-tsc"]);
    expect(t.status, t.stdout).toBe(0);
    const dts = readdirSync(join(app, "out-tsc")).filter((f) => f.endsWith(".d.ts")).sort();
    expect(dts).toEqual(["main.d.ts", "util.d.ts"]);
    for (const f of dts) expect(readFileSync(join(app, "out-decl", f), "utf8")).toBe(readFileSync(join(app, "out-tsc", f), "utf8"));
    expect(readFileSync(join(app, "out-decl", "util.d.ts"), "utf8")).toContain("double(n: number): number");
  });

  test("asyncts build --watch: rebuilds an edit, reports an error, recovers", async () => {
    const child = spawn(join(app, "node_modules", ".bin", "asyncts"), ["build", "--watch", "-p", "tsconfig.watch.json"], { cwd: app, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    const out = { stdout: "", stderr: "" };
    child.stdout!.on("data", (d) => (out.stdout += d));
    child.stderr!.on("data", (d) => (out.stderr += d));
    const until = async (what: string, cond: () => boolean) => {
      for (const t0 = Date.now(); !cond(); await new Promise((r) => setTimeout(r, 50))) {
        if (Date.now() - t0 > 120_000) throw new Error(`timed out waiting for ${what}: ${out.stdout}${out.stderr}`);
      }
    };
    const util = join(app, "src", "util.ts");
    const original = readFileSync(util, "utf8");
    const js = () => (existsSync(join(app, "out-watch", "util.js")) ? readFileSync(join(app, "out-watch", "util.js"), "utf8") : "");
    try {
      await until("the first build", () => out.stdout.includes("Found 0 errors. Watching for file changes."));
      writeFileSync(util, original.replace("n * 2", "n * 3"));
      await until("the rebuilt util.js", () => js().includes("n * 3"));
      writeFileSync(util, "export const x = (;\n");
      await until("the error", () => out.stdout.includes("Found 1 error. Watching for file changes."));
      expect(out.stderr).toMatch(/src\/util\.ts:1:\d+ - error TS1109/);
      expect(js()).toContain("n * 3"); // a failed build writes nothing
      writeFileSync(util, original);
      await until("the fix", () => js().includes("n * 2"));
    } finally {
      writeFileSync(util, original);
      child.kill("SIGINT");
    }
  }, 300_000);

  test("vitest with the asyncts plugin: a coroutine test passes, a failing one reports its exception", () => {
    const vitest = join("node_modules", "vitest", "vitest.mjs");
    const ok = sh(process.execPath, [vitest, "run", "vt/pass.test.ts"]);
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/1 passed/);
    const bad = sh(process.execPath, [vitest, "run", "vt/fail.test.ts"]);
    expect(bad.status).toBe(1);
    expect(bad.stdout + bad.stderr).toContain("ValueError: planted failure");
  });

  test("a rollup bundle of a file with an asyncts error fails with its diagnostic", () => {
    const b = sh(process.execPath, [join("node_modules", "rollup", "dist", "bin", "rollup"), "-c", "rollup.bad.mjs", "--silent"]);
    expect(b.status).toBe(1);
    expect(b.stderr).toMatch(/bad\/main\.ts:2:1 - error ASY2001/);
    expect(existsSync(join(app, "bundle", "bad.mjs"))).toBe(false);
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
