// `asyncts check` is `tsc -p` plus asyncts's own diagnostics: on a strict project that sets
// lib, types, paths and project references it prints nothing and exits 0 where tsc does,
// and with planted errors it prints exactly what `tsc -p --pretty` prints (colours off).
import { test, expect, beforeAll, describe } from "vitest";
import { spawnSync } from "node:child_process";
import { writeFileSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { writeProject, HEADER, ROOT, CLI } from "./util.js";

const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");
const tsc = (args: string[], cwd: string) => spawnSync(process.execPath, [TSC, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
// each spawn type-checks a project: give them room on a loaded machine (util.ts's cli() allows 60 s)
const cli = (args: string[], cwd: string, env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", env: { ...process.env, ...env }, timeout: 240_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
};
const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "");
// (an empty FORCE_COLOR forces colours in Node: leave it out of the child's environment)
const noColor = { NO_COLOR: "1", FORCE_COLOR: undefined as unknown as string };

/** editors' `$tsc` problem matcher (VS Code's typescript-language-features) */
const TSC_MATCHER = /^([^\s].*)[\(:](\d+)[,:](\d+)(?:\):\s+|\s+-\s+)(error|warning|info)\s+TS(\d+)\s*:\s*(.*)$/;
/** the asyncts matcher the README documents: the same with ASY codes */
const ASYNCTS_MATCHER = /^([^\s].*)[\(:](\d+)[,:](\d+)(?:\):\s+|\s+-\s+)(error|warning|info)\s+(TS\d+|ASY\d+)\s*:\s*(.*)$/;

const TSCONFIG = {
  compilerOptions: {
    strict: true, noEmit: true, target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext",
    lib: ["ES2023", "ESNext.Disposable"], types: ["node"], paths: { "@lib/*": ["./lib/*"] },
  },
  include: ["src"],
  references: [{ path: "./lib" }],
};
const LIB_TSCONFIG = {
  compilerOptions: { composite: true, strict: true, target: "ES2022", module: "NodeNext", outDir: "../build/lib", rootDir: ".", lib: ["ES2023"], types: [] },
  include: ["*.ts"],
};
const MAIN = `${HEADER}import { readFileSync } from "node:fs";
import { double } from "../lib/util.js";
import type { Shape } from "@lib/shape.js";

async function work(n: number): Promise<number> {
  await asyncio.sleep(0.1);
  return double(n);
}

async function main(): Promise<number> {
  const [a, b] = await asyncio.gather(work(1), work(2));
  const s: Shape = { sides: a + b };
  await using tg = new asyncio.TaskGroup();
  const t = tg.create_task(work(3));
  print(s.sides, typeof readFileSync);
  return a + b + (await t);
}

const n: number = await asyncio.run(main());
print(n);
`;

function project(files: Record<string, string> = {}): string {
  return writeProject({
    "tsconfig.json": JSON.stringify(TSCONFIG, null, 2),
    "lib/tsconfig.json": JSON.stringify(LIB_TSCONFIG),
    "lib/util.ts": "export function double(n: number): number { return n * 2; }\n",
    "lib/shape.ts": "export interface Shape { sides: number }\n",
    "src/main.ts": MAIN,
    ...files,
  });
}

let clean: string;
beforeAll(() => {
  clean = project();
  expect(tsc(["-b", "lib"], clean).status).toBe(0);
}, 600_000);

test("a correct strict project (lib, types, paths, references): exit 0 and no output, as tsc", () => {
  const t = tsc(["-p", "tsconfig.json"], clean);
  expect(t.stdout).toBe("");
  expect(t.status).toBe(0);
  const r = cli(["check"], clean, noColor);
  expect(r.stderr).toBe("");
  expect(r.stdout).toBe("");
  expect(r.status).toBe(0);
  // and the program runs
  expect(cli(["run", "src/main.ts"], clean).stdout).toBe("6 function\n12\n");
}, 600_000);

test("planted errors and unbuilt references: exactly tsc's output (multi-line spans, related information, summary); colours only when forced", () => {
  const dir = project({
    "src/bad.ts": `interface Shape { sides: number }
function takesNumber(n: number): number { return n; }
takesNumber({
  a: 1,
  b: 2,
  c: 3,
  d: 4,
  e: 5,
});
const s: Shape = { sides: "three" };
\tconst x: string = 1;
`,
    "src/other.ts": `export const z: number = "q";\n`,
  });
  const t = tsc(["-p", "tsconfig.json", "--pretty"], dir);
  expect(t.status).toBe(2);
  const r = cli(["check"], dir, noColor);
  expect(r.status).toBe(2);
  expect(r.stderr).toBe(stripAnsi(t.stdout));
  expect(r.stderr).toMatch(/Found 6 errors in 3 files\.\n\nErrors  Files\n     3  src\/bad\.ts:3\n     2  src\/main\.ts:4\n     1  src\/other\.ts:1\n$/);
  expect(r.stderr).toContain("error TS6305: Output file"); // lib/ not built: the reference's .d.ts is missing
  expect(r.stderr).toContain("The expected type comes from property 'sides'");
  expect(r.stderr).toContain("...");
  // every diagnostic line is one editors' $tsc matcher reads
  const heads = r.stderr.split("\n").filter((l) => / - error /.test(l));
  expect(heads).toHaveLength(6);
  for (const l of heads) expect(l).toMatch(TSC_MATCHER);
  // FORCE_COLOR: Node's styleText colours, the same text underneath
  const forced = cli(["check"], dir, { FORCE_COLOR: "1", NO_COLOR: undefined as unknown as string });
  expect(forced.stderr).toMatch(/\x1b\[/);
  expect(stripAnsi(forced.stderr)).toBe(r.stderr);
}, 600_000);

test("asyncts's diagnostics and lints join tsc's: warnings alone exit 0, asyncts-ignore, --json, an error lint exits 2", () => {
  const dir = project({ "src/lint.ts": `${HEADER}async function w() {}\nasync function m() { w(); }\nexport { m };\n` });
  expect(tsc(["-b", "lib"], dir).status).toBe(0);
  const r = cli(["check"], dir, noColor);
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(/^src\/lint\.ts:4:22 - warning ASY3101: 'w\(\)' creates a coroutine and drops it/m);
  expect(r.stderr).toMatch(/\nFound 1 warning\.\n$/);
  for (const l of r.stderr.split("\n").filter((x) => / - warning /.test(x))) expect(l).toMatch(ASYNCTS_MATCHER);
  writeFileSync(join(dir, "src", "lint.ts"), `${HEADER}async function w() {}\nasync function m() {\n  w(); // asyncts-ignore ASY3101\n  w();\n  asyncio.run(w());\n}\nexport { m };\n`);
  const j = cli(["check", "--json"], dir, noColor);
  expect(j.status).toBe(2);
  expect(JSON.parse(j.stdout)).toEqual({
    diagnostics: [
      { file: "src/lint.ts", line: 6, column: 3, endLine: 6, endColumn: 6, code: "ASY3101", severity: "warning", message: expect.stringContaining("Add 'await'") },
      { file: "src/lint.ts", line: 7, column: 3, endLine: 7, endColumn: 19, code: "ASY3108", severity: "error", message: expect.stringContaining("running event loop") },
    ],
    errors: 1, warnings: 1,
  });
}, 600_000);

test("a truncated tsconfig is a diagnostic, exit 2", () => {
  const dir = writeProject({ "tsconfig.json": `{ "compilerOptions": { "strict": true `, "a.ts": "export const a = 1;\n" });
  const r = cli(["check"], dir, noColor);
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/^tsconfig\.json:1:\d+ - error TS1005: '}' expected\./m);
}, 600_000);

test("--help for each command and --version from package.json", async () => {
  const dir = writeProject({});
  const { version } = JSON.parse((await import("node:fs")).readFileSync(join(ROOT, "package.json"), "utf8"));
  expect(cli(["--version"], dir).stdout).toBe(`${version}\n`);
  for (const cmd of ["run", "build", "check"]) {
    const r = cli([cmd, "--help"], dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage:\n  asyncts ${cmd} `));
    expect(r.stdout).toContain("--help");
  }
  expect(cli(["help", "check"], dir).stdout).toContain("--json");
  const bad = cli(["check", "--frob"], dir);
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/^error ASY1000: Unknown option '--frob'[\s\S]*asyncts check/);
}, 600_000);

describe("a project with TypeScript 7 installed: its own tsc gives the type errors", () => {
  const TSC7 = join(ROOT, "node_modules", "typescript7", "bin", "tsc");
  const tsc7 = (args: string[], cwd: string) => spawnSync(process.execPath, [TSC7, ...args], { cwd, encoding: "utf8" });
  const ts7Project = (files: Record<string, string>) => {
    const dir = writeProject({
      "tsconfig.json": JSON.stringify({ compilerOptions: { ...TSCONFIG.compilerOptions, paths: undefined }, include: ["src"] }),
      "src/main.ts": `${HEADER}async function work(n: number): Promise<number> {\n  await asyncio.sleep(0);\n  return n * 2;\n}\nconst n: number = await asyncio.run(work(3));\nprint(n);\n`,
      ...files,
    });
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(join(ROOT, "node_modules", "typescript7"), join(dir, "node_modules", "typescript"), "dir");
    return dir;
  };
  const BAD = `interface Shape { sides: number }\nexport const s: Shape = { sides: "three" };\n`;

  test("clean: exit 0, no output; type errors: exactly what tsc 7 prints (its own layout of related information)", () => {
    const dir = ts7Project({});
    expect(tsc7(["-p", "tsconfig.json", "--noEmit"], dir).status).toBe(0);
    expect(cli(["check"], dir, noColor)).toMatchObject({ status: 0, stdout: "", stderr: "" });
    writeFileSync(join(dir, "src", "bad.ts"), BAD);
    const t = tsc7(["-p", "tsconfig.json", "--noEmit", "--pretty"], dir);
    expect(t.status).not.toBe(0);
    const r = cli(["check"], dir, noColor);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(stripAnsi(t.stdout));
    // TypeScript 7 prints a related location on one line; TypeScript 6 (ASYNCTS_TSC=builtin) does not
    expect(r.stderr).toMatch(/^  src\/bad\.ts:1:19 - The expected type comes from property 'sides'/m);
    const builtin = cli(["check"], dir, { ...noColor, ASYNCTS_TSC: "builtin" });
    expect(builtin.status).toBe(2);
    expect(builtin.stderr).toBe(stripAnsi(tsc(["-p", "tsconfig.json", "--pretty"], dir).stdout));
    expect(builtin.stderr).not.toBe(r.stderr);
  }, 600_000);

  test("asyncts's diagnostics and lints go among tsc 7's, in file order, in the summary too; --json", () => {
    const dir = ts7Project({ "src/bad.ts": BAD, "src/a_lint.ts": `${HEADER}async function w() {}\nexport async function m() { w(); }\n` });
    const t = stripAnsi(tsc7(["-p", "tsconfig.json", "--noEmit", "--pretty"], dir).stdout);
    const r = cli(["check"], dir, noColor);
    expect(r.status).toBe(2);
    const warning = /^src\/a_lint\.ts:4:29 - warning ASY3101: 'w\(\)' creates a coroutine[^\n]*\n\n4 export async function m\(\) \{ w\(\); \}\n +~~~\n\n/m;
    expect(r.stderr).toMatch(warning);
    expect(r.stderr.indexOf("ASY3101")).toBeLessThan(r.stderr.indexOf("src/bad.ts:2"));
    // without asyncts's block and its count it is tsc's output
    expect(r.stderr.replace(warning, "").replace(/\nFound 1 warning\.\n$/, "")).toBe(t.replace(/\n$/, ""));
    const j = JSON.parse(cli(["check", "--json"], dir, noColor).stdout);
    expect(j).toMatchObject({ errors: 1, warnings: 1 });
    expect(j.diagnostics.map((d: { file: string; line: number; code: string }) => [d.file, d.line, d.code])).toEqual([["src/a_lint.ts", 4, "ASY3101"], ["src/bad.ts", 2, "TS2322"]]);
  }, 600_000);

  test("the lint results kept between runs follow edits: of the file, of a file it imports, files added", () => {
    // b.ts's lint depends on whether a.ts's `f` is an async function
    const dir = ts7Project({ "src/a.ts": `${HEADER}export async function f() {}\n`, "src/b.ts": `${HEADER}import { f } from "./a.js";\nexport async function g() { f(); }\n` });
    const warnings = () => (cli(["check", "--json"], dir, noColor).stdout.match(/"code": "ASY\d+"/g) ?? []).length;
    expect(warnings()).toBe(1);
    expect(warnings()).toBe(1); // from the cache
    writeFileSync(join(dir, "src", "a.ts"), `${HEADER}export function f() {}\n`);
    expect(warnings()).toBe(0);
    writeFileSync(join(dir, "src", "a.ts"), `${HEADER}export async function f() {}\n`);
    expect(warnings()).toBe(1);
    writeFileSync(join(dir, "src", "c.ts"), `${HEADER}async function h() {}\nexport async function k() { h(); }\n`);
    expect(warnings()).toBe(2);
    writeFileSync(join(dir, "src", "b.ts"), `${HEADER}import { f } from "./a.js";\nexport async function g() { await f(); }\n`);
    expect(warnings()).toBe(1);
  }, 600_000);
});
