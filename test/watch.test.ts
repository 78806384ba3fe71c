// `build --watch` (tsc -w's status lines, new files and folders, tsconfig edits) and
// `run --watch` (restart on change; the old run is cancelled as Ctrl-C does, so its
// `finally` blocks run).
import { test, expect } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync, existsSync, readFileSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { writeProject, HEADER, CLI } from "./util.js";

function start(args: string[], cwd: string) {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  const out = { stdout: "", stderr: "" };
  child.stdout!.on("data", (d) => (out.stdout += d));
  child.stderr!.on("data", (d) => (out.stderr += d));
  return { child, out };
}

async function until(what: string, cond: () => boolean, ms = 90_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Ctrl-C (the watcher stops its own run too), then SIGKILL if it lingers. */
function stop(child: ChildProcess): Promise<void> {
  return new Promise((r) => {
    if (child.exitCode !== null || child.signalCode !== null) return r();
    const kill = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.once("exit", () => {
      clearTimeout(kill);
      r();
    });
    child.kill("SIGINT");
  });
}

const count = (text: string, s: string) => text.split(s).length - 1;

test("build --watch: tsc's status lines, new files and folders, errors, tsconfig edits", async () => {
  const dir = writeProject({
    "tsconfig.json": JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", outDir: "out", rootDir: "src" }, include: ["src"] }),
    "src/a.ts": `export const a = 1;\n`,
  });
  const { child, out } = start(["build", "--watch"], dir);
  try {
    await until("the first build", () => out.stdout.includes("Found 0 errors. Watching for file changes."));
    expect(out.stdout).toMatch(/^\d+:\d\d:\d\d [AP]M - Starting compilation in watch mode\.\.\.\n\n\d+:\d\d:\d\d [AP]M - Found 0 errors\. Watching for file changes\.\n\n$/);
    expect(existsSync(join(dir, "out", "a.js"))).toBe(true);
    // A new folder with a new file.
    mkdirSync(join(dir, "src", "sub"));
    writeFileSync(join(dir, "src", "sub", "b.ts"), `export const b = 2;\n`);
    await until("out/sub/b.js", () => existsSync(join(dir, "out", "sub", "b.js")));
    expect(out.stdout).toContain("File change detected. Starting incremental compilation...");
    // An error, then its fix.
    const n = count(out.stdout, "Found 0 errors");
    writeFileSync(join(dir, "src", "a.ts"), `export const a = (;\n`);
    await until("the error", () => out.stdout.includes("Found 1 error. Watching for file changes."));
    expect(out.stderr).toMatch(/src\/a\.ts:1:\d+ - error TS/);
    writeFileSync(join(dir, "src", "a.ts"), `export const a = 3;\n`);
    // (a save can be seen half-written first, so wait for the output rather than a status line)
    await until("the fix", () => count(out.stdout, "Found 0 errors") > n && readFileSync(join(dir, "out", "a.js"), "utf8").includes("a = 3"));
    // A tsconfig edit: a new outDir.
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", outDir: "out2", rootDir: "src" }, include: ["src"] }));
    await until("out2/a.js", () => existsSync(join(dir, "out2", "a.js")));
  } finally {
    await stop(child);
  }
}, 300_000);

test("run --watch restarts on change, cancelling the old run first so its finally blocks run", async () => {
  const prog = (v: string) => `${HEADER}import { word } from "./lib.js";\nasync function main() {\n  print("start ${v}", word);\n  try {\n    await asyncio.sleep(3600);\n  } finally {\n    print("finally ${v}");\n  }\n}\nasyncio.run(main());\n`;
  const dir = writeProject({ "main.ts": prog("v1"), "lib.ts": `export const word = "one";\n` });
  const { child, out } = start(["run", "--watch", "main.ts"], dir);
  try {
    await until("the first run", () => out.stdout.includes("start v1 one"));
    writeFileSync(join(dir, "main.ts"), prog("v2"));
    await until("the second run", () => out.stdout.includes("start v2 one"));
    expect(out.stdout.indexOf("finally v1")).toBeGreaterThan(-1);
    expect(out.stdout.indexOf("finally v1")).toBeLessThan(out.stdout.indexOf("start v2"));
    // An imported file is watched too.
    writeFileSync(join(dir, "lib.ts"), `export const word = "two";\n`);
    await until("the third run", () => out.stdout.includes("start v2 two"));
    expect(out.stdout).toContain("finally v2");
  } finally {
    await stop(child);
  }
}, 300_000);

test("build --watch is incremental: a body edit rewrites only that file; a changed re-export of asyncts recompiles its importers", async () => {
  const dir = writeProject({
    "package.json": JSON.stringify({ type: "module" }),
    "tsconfig.json": JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", outDir: "out", rootDir: "src" }, include: ["src"] }),
    // not asyncts yet: its own sleep and run
    "src/aio.ts": `export async function sleep(_s: number): Promise<void> {}\nexport function run<T>(p: Promise<T>): Promise<T> { return p; }\n`,
    "src/main.ts": `import * as aio from "./aio.js";\nimport { later } from "./util.js";\nasync function main() {\n  await aio.sleep(0);\n  return later();\n}\nawait aio.run(main());\n`,
    "src/util.ts": `export function later(): number {\n  return 1;\n}\n`,
  });
  const { child, out } = start(["build", "--watch"], dir);
  const js = (name: string) => readFileSync(join(dir, "out", `${name}.js`), "utf8");
  const mtime = (name: string) => statSync(join(dir, "out", `${name}.js`)).mtimeMs;
  try {
    await until("the first build", () => out.stdout.includes("Found 0 errors. Watching for file changes."));
    expect(js("main")).toContain("async function main");
    const mainTime = mtime("main");
    // a body edit: util.js is written again, main.js (which imports it) is not
    writeFileSync(join(dir, "src", "util.ts"), `export function later(): number {\n  return 2;\n}\n`);
    await until("util.js", () => js("util").includes("return 2"));
    expect(mtime("main")).toBe(mainTime);
    // aio.ts now re-exports asyncts: main.ts becomes a DSL file without being edited
    writeFileSync(join(dir, "src", "aio.ts"), `export * from "asyncts";\n`);
    await until("main.js as a coroutine module", () => js("main").includes("$coro("));
    expect(js("main")).not.toContain("async function main");
    // and back
    writeFileSync(join(dir, "src", "aio.ts"), `export async function sleep(_s: number): Promise<void> {}\nexport function run<T>(p: Promise<T>): Promise<T> { return p; }\n`);
    await until("main.js plain again", () => js("main").includes("async function main"));
  } finally {
    await stop(child);
  }
}, 300_000);
