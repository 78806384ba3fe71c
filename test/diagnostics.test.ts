// Bad input gets a tsc-style diagnostic (file:line:col - error CODE: message, a code
// frame, a count) and exit status 2 — never a stack trace of the compiler.
import { test, expect } from "vitest";
import { writeFileSync, readFileSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { cli, writeProject, runDSL, HEADER } from "./util.js";

test("a syntax error", () => {
  const r = runDSL(`${HEADER}async function main() {\n  print("x";\n}\nasyncio.run(main());\n`);
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/^main\.ts:4:\d+ - error TS1005: '\)' expected\./m);
  expect(r.stderr).toMatch(/Found 1 error in main\.ts:4\n/);
  expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
});

test("await at module level outside a run call", () => {
  const r = runDSL(`${HEADER}await asyncio.sleep(1);\n`);
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/^main\.ts:3:1 - error ASY2001: 'await' at module level/m);
  expect(r.stderr).toContain("~~~~~");
});

test("a run call in a synchronous function is a warning, and the program still runs", () => {
  const r = runDSL(`${HEADER}async function main() { print("ran"); }\nfunction start() { asyncio.run(main()); }\nstart();\n`);
  expect(r.stderr).toMatch(/main\.ts:4:20 - warning ASY2002/);
  expect(r.status).toBe(0);
  expect(r.stdout).toBe("ran\n");
});

test("a missing file", () => {
  const dir = writeProject({});
  const r = cli(["run", "nope.ts"], dir);
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/error ASY1001: File 'nope\.ts' not found\./);
});

test("a broken tsconfig for build and check", () => {
  const dir = writeProject({ "tsconfig.json": "{ \"compilerOptions\": { \"target\": \"nope\" } ", "a.ts": "export const a = 1;\n" });
  for (const cmd of ["build", "check"]) {
    const r = cli([cmd, "-p", "tsconfig.json"], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/error TS\d+/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  }
});

test("a failed build leaves the previous output intact", () => {
  const dir = writeProject({
    "tsconfig.json": JSON.stringify({ compilerOptions: { outDir: "out", target: "ES2022", module: "NodeNext" }, include: ["src"] }),
    "src/a.ts": `${HEADER}export async function f() { return 1; }\n`,
    "src/b.ts": `export const b = 2;\n`,
  });
  expect(cli(["build"], dir).status).toBe(0);
  const before = readFileSync(join(dir, "out", "a.js"), "utf8");
  expect(before).toContain("$asyncts.$coro(f$0.call(this)");
  writeFileSync(join(dir, "src", "a.ts"), `${HEADER}export async function f() { return 2; }\n`);
  writeFileSync(join(dir, "src", "b.ts"), `export const b = (;\n`);
  const r = cli(["build"], dir);
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/src\/b\.ts:1:\d+ - error TS/);
  expect(readFileSync(join(dir, "out", "a.js"), "utf8")).toBe(before);
  expect(existsSync(join(dir, "out", "a.js.map"))).toBe(true);
});

test("check reports type errors with tsc's codes", () => {
  const dir = writeProject({
    "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: "ES2022", module: "NodeNext", lib: ["ES2023", "ESNext.Disposable"] }, include: ["*.ts"] }),
    "a.ts": `${HEADER}async function main(): Promise<number> { const s: string = 1; return 2; }\nasyncio.run(main());\n`,
  });
  const r = cli(["check"], dir);
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/a\.ts:3:\d+ - error TS2322/);
});

test("unknown command and bad options name the fix", () => {
  const dir = writeProject({});
  const r = cli(["frobnicate"], dir);
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/unknown command 'frobnicate'/);
  const r2 = cli(["run", "--clock", "fast", "x.ts"], dir);
  expect(r2.status).toBe(2);
  expect(r2.stderr).toMatch(/--clock takes 'real' or 'virtual'/);
  mkdirSync(join(dir, "x"), { recursive: true });
});
