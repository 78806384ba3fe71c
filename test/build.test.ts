// `asyncts build` (issue 8 §4, issue 12): output where tsc puts it, tsc's declarations,
// rewriteRelativeImportExtensions, broken tsconfigs as diagnostics, and never a mix of two
// builds — not even after kill -9 at any moment.
import { test, expect } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync, existsSync, readdirSync, lstatSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { cli, writeProject, HEADER, ROOT } from "./util.js";
import { journalPathFor, recover, withLock } from "../cli/commit.js";

const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return lstatSync(p).isDirectory() ? walk(p) : [p];
  });
}

test("with no outDir the output goes next to the sources, as tsc writes it", () => {
  const dir = writeProject({
    "tsconfig.json": JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext" }, include: ["src"] }),
    "src/a.ts": `${HEADER}export async function f() { return 1; }\n`,
    "src/sub/b.ts": `export const b = 2;\n`,
  });
  const r = cli(["build"], dir);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  expect(existsSync(join(dir, "src", "a.js"))).toBe(true);
  expect(existsSync(join(dir, "src", "a.js.map"))).toBe(true);
  expect(existsSync(join(dir, "src", "sub", "b.js"))).toBe(true);
  expect(existsSync(join(dir, "a.js"))).toBe(false);
  expect(JSON.parse(readFileSync(join(dir, "src", "a.js.map"), "utf8")).sources).toEqual(["a.ts"]);
});

test("rewriteRelativeImportExtensions: ./b.ts is written ./b.js, and the built program runs", () => {
  const dir = writeProject({
    "tsconfig.json": JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", outDir: "out", rootDir: "src", rewriteRelativeImportExtensions: true, allowImportingTsExtensions: true }, include: ["src"] }),
    "src/main.ts": `${HEADER}import { b } from "./b.ts";\nimport { c } from "./c.js";\nasync function main() { print(b, c); }\nasyncio.run(main());\n`,
    "src/b.ts": `export const b = 2;\n`,
    "src/c.ts": `export const c = 3;\n`,
  });
  const r = cli(["build"], dir);
  expect(r.stderr).toBe("");
  const js = readFileSync(join(dir, "out", "main.js"), "utf8");
  expect(js).toContain(`from "./b.js"`);
  expect(js).toContain(`from "./c.js"`);
  const run = spawnSync(process.execPath, [join(dir, "out", "main.js")], { encoding: "utf8" });
  expect(run.stderr).toBe("");
  expect(run.stdout).toBe("2 3\n");
});

test("without rewriteRelativeImportExtensions the specifiers stay as written", () => {
  const dir = writeProject({
    "tsconfig.json": JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", outDir: "out", rootDir: "src" }, include: ["src"] }),
    "src/main.ts": `import { c } from "./c.js";\nconsole.log(c);\n`,
    "src/c.ts": `export const c = 3;\n`,
  });
  expect(cli(["build"], dir).status).toBe(0);
  expect(readFileSync(join(dir, "out", "main.js"), "utf8")).toContain(`from "./c.js"`);
});

test("a truncated or invalid tsconfig is a diagnostic with exit status 2, and nothing is written", () => {
  for (const text of [`{"compilerOptions":{"outDir":"out"`, `{"compilerOptions":{"outDir":"out"}} x`, `{"compilerOptions": {"outDir": "out",, }}`]) {
    const dir = writeProject({ "tsconfig.json": text, "a.ts": `export const a = 1;\n` });
    const r = cli(["build"], dir);
    expect([text, r.status]).toEqual([text, 2]);
    expect(r.stderr).toMatch(/tsconfig\.json:1:\d+ - error TS1\d{3}/);
    expect(existsSync(join(dir, "out"))).toBe(false);
    expect(existsSync(join(dir, "a.js"))).toBe(false);
  }
  const ok = writeProject({ "tsconfig.json": `{"compilerOptions":{"outDir":"out"}}`, "a.ts": `export const a = 1;\n` });
  expect(cli(["build"], ok).status).toBe(0);
  expect(existsSync(join(ok, "out", "a.js"))).toBe(true);
});

test("declaration: true writes the .d.ts files tsc writes", () => {
  const files = {
    "tsconfig.json": JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", strict: true, skipLibCheck: true, declaration: true, outDir: "out", rootDir: "src" }, include: ["src"] }),
    "src/a.ts": `${HEADER}export async function pair(n: number) { await asyncio.sleep(0); return [n, String(n)]; }\nexport class K { async m() { return new Map<string, number>(); } }\nexport const q = new asyncio.Queue<number>();\n`,
    "src/b.ts": `export interface P { x: number }\nexport function mk(x: number): P { return { x }; }\nexport default class D {}\n`,
  };
  const dir = writeProject(files);
  const r = cli(["build"], dir);
  expect(r.status).toBe(0);
  const tsc = spawnSync(process.execPath, [TSC, "-p", "tsconfig.json", "--emitDeclarationOnly", "--outDir", "tscout"], { cwd: dir, encoding: "utf8" });
  expect(tsc.stdout).toBe("");
  for (const name of ["a.d.ts", "b.d.ts"]) {
    expect(readFileSync(join(dir, "out", name), "utf8")).toBe(readFileSync(join(dir, "tscout", name), "utf8"));
  }
  expect(readFileSync(join(dir, "out", "a.d.ts"), "utf8")).toContain("pair(n: number): Promise<(string | number)[]>");
});

test("stray temporaries from a killed build are removed by the next build", () => {
  const dir = writeProject({
    "tsconfig.json": JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", outDir: "out", rootDir: "src" }, include: ["src"] }),
    "src/a.ts": `export const a = 1;\n`,
  });
  expect(cli(["build"], dir).status).toBe(0);
  writeFileSync(join(dir, "out", "a.js.4242.tmp"), "old version's temporary");
  writeFileSync(join(dir, "out", "a.js.asyncts-abc-def.tmp"), "ours");
  expect(cli(["build"], dir).status).toBe(0);
  expect(readdirSync(join(dir, "out")).sort()).toEqual(["a.js", "a.js.map"]);
});

/** ASYNCTS_KILL_TRIALS=N for more. */
const TRIALS = Number(process.env.ASYNCTS_KILL_TRIALS ?? 6);

/** kill -9 at random moments of a build; each time, the next build (a failing one, so it writes nothing) must find one whole build. */
async function killTrials(outDir: string | null, trials: number) {
  const n = 12;
  const version = (v: number) => {
    const files: Record<string, string> = {};
    for (let i = 0; i < n; i++) {
      // v2 adds lines, so a .js of one build and a .map of the other do not match.
      files[`src/m${i}.ts`] = `${"// v2\n".repeat(v - 1)}${i % 3 === 0 ? HEADER : ""}export async function f${i}(x: number) { return x + ${v * 1000 + i}; }\nexport const v${v} = ${v};\n`;
    }
    return files;
  };
  const opts = { target: "ES2022", module: "NodeNext", rootDir: "src", ...(outDir ? { outDir } : {}) };
  const dir = writeProject({ "tsconfig.json": JSON.stringify({ compilerOptions: opts, include: ["src"] }), ...version(1) });
  const outputsOf = (d: string) => walk(d).filter((f) => /\.(js|js\.map|d\.ts)$/.test(f)).map((f) => relative(d, f)).sort();
  // The two builds each output can come from.
  const ref = new Map<number, Map<string, string>>();
  for (const v of [1, 2]) {
    const d = writeProject({ "tsconfig.json": JSON.stringify({ compilerOptions: opts, include: ["src"] }), ...version(v) });
    expect(cli(["build"], d).status).toBe(0);
    ref.set(v, new Map(outputsOf(d).map((f) => [f, readFileSync(join(d, f), "utf8")])));
  }
  const names = [...ref.get(1)!.keys()];
  expect(names.length).toBe(n * 2);
  /** Which builds the outputs come from (one entry: a whole build); each file must be one build's. */
  const versionsOf = (d: string) => {
    const versions = new Set<number>();
    for (const f of names) {
      const text = existsSync(join(d, f)) ? readFileSync(join(d, f), "utf8") : null;
      const which = [1, 2].filter((w) => ref.get(w)!.get(f) === text);
      expect([f, which.length]).toEqual([f, 1]);
      versions.add(which[0]);
    }
    return [...versions];
  };
  const t0 = performance.now();
  expect(cli(["build"], dir).status).toBe(0);
  const duration = performance.now() - t0;
  let killedMidway = 0;
  for (let t = 0; t < trials; t++) {
    const v = t % 2 === 0 ? 2 : 1; // each trial switches the sources to the other version
    for (const [name, text] of Object.entries(version(v))) writeFileSync(join(dir, name), text);
    // Half the kills anywhere in the build, half in its last 150 ms (where the writes are).
    const delay = t % 4 < 2 ? Math.random() * duration : Math.max(0, duration - Math.random() * 150);
    const child = spawn(process.execPath, [join(ROOT, "dist", "cli", "main.js"), "build"], { cwd: dir, stdio: "ignore" });
    const exited = new Promise((r) => child.once("exit", (code, signal) => r(signal ?? code)));
    await new Promise((r) => setTimeout(r, delay));
    child.kill("SIGKILL");
    const status = await exited;
    if (status === "SIGKILL") killedMidway++;
    const journal = journalPathFor(join(dir, "tsconfig.json"));
    const committed = existsSync(journal) && JSON.parse(readFileSync(journal, "utf8")).state === "commit";
    // Right after the kill: one whole build, unless the switch had begun (then the next build finishes it).
    if (!committed) expect([t, versionsOf(dir)]).toEqual([t, versionsOf(dir).slice(0, 1)]);
    // With an outDir the switch is a folder rename: even mid-switch the folder is one whole build (or, between the two renames, absent).
    else if (outDir && existsSync(join(dir, outDir))) expect([t, versionsOf(dir).length]).toEqual([t, 1]);
    if (t < trials - 1) {
      withLock(journal, () => recover(journal, names.map((f) => join(dir, f)), outDir ? join(dir, outDir) : null)); // what every build does first
    } else {
      // The last trial through the CLI: a failing build must repair first, then write nothing.
      const bad = join(dir, "src", "broken.ts");
      writeFileSync(bad, "export const x = (;\n");
      expect(cli(["build"], dir).status).toBe(2);
      rmSync(bad);
    }
    expect([t, versionsOf(dir).length]).toEqual([t, 1]);
    const strays = walk(dir).filter((f) => /\.tmp$|asyncts-build/.test(f));
    expect(strays).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.includes(".asyncts-"))).toEqual([]); // no folder-switch leftovers
    expect(outputsOf(dir)).toEqual(names);
  }
  return killedMidway;
}

test("kill -9 at random moments never leaves a mix of two builds (outDir)", async () => {
  const killed = await killTrials("out", TRIALS);
  expect(killed).toBeGreaterThan(0);
}, 600_000);

test("kill -9 at random moments never leaves a mix of two builds (no outDir: next to the sources)", async () => {
  const killed = await killTrials(null, TRIALS);
  expect(killed).toBeGreaterThan(0);
}, 600_000);
