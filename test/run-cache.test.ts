// The `run` cache (issue 8 §2): one private folder per user, never trusted when someone
// else could have written it, never stale, and any damage to it is repaired by recompiling.
// Programs live outside any node_modules (the per-user cache); each test gets its own HOME,
// XDG_CACHE_HOME and TMPDIR, so nothing is shared between tests.
import { test, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, readdirSync, lstatSync, statSync, existsSync, utimesSync, symlinkSync, chownSync, chmodSync, truncateSync, copyFileSync, rmSync } from "node:fs";
import { join, dirname } from "node:path";
import { tmpdir } from "node:os";
import { CLI, HEADER } from "./util.js";

interface Sandbox {
  dir: string; // the program's folder (no node_modules above it)
  env: Record<string, string>;
  cache: string; // where the per-user cache is expected
  tmp: string; // the TMPDIR the child sees
}

function sandbox(files: Record<string, string>): Sandbox {
  const top = mkdtempSync(join(tmpdir(), "asyncts-cache-test-"));
  const dir = join(top, "proj");
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const env = { HOME: join(top, "home"), XDG_CACHE_HOME: join(top, "xdg"), TMPDIR: join(top, "tmp") };
  mkdirSync(env.HOME);
  mkdirSync(env.TMPDIR);
  return { dir, env, cache: join(env.XDG_CACHE_HOME, "asyncts"), tmp: env.TMPDIR };
}

function run(sb: Sandbox, file = "main.ts", extraEnv: Record<string, string> = {}) {
  const env: Record<string, string | undefined> = { ...process.env, ...sb.env, ...extraEnv };
  delete env.ASYNCTS_CACHE_DIR;
  const r = spawnSync(process.execPath, [CLI, "run", file], { cwd: sb.dir, encoding: "utf8", env, timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** Every file under `dir` (no symlinks followed). */
function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = lstatSync(p);
    if (st.isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

/** Every file any cache could be in (the per-user folders and TMPDIR), wherever the cache is. */
function cacheFiles(sb: Sandbox): string[] {
  return [sb.env.XDG_CACHE_HOME, sb.env.HOME, sb.tmp].flatMap(walk);
}

const prog = (word: string) => `${HEADER}async function main() { print("${word}"); }\nasyncio.run(main());\n`;

/** The manifest file name the old cache used: FNV-1a 2×32 of the entry path. */
function oldManifestName(entry: string): string {
  let a = 0x811c9dc5, b = 0x01000193 ^ entry.length;
  for (let i = 0; i < entry.length; i++) {
    const c = entry.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0");
}

test("a file outside any node_modules is cached in a private per-user folder, not in a shared $TMPDIR/asyncts-cache", () => {
  const sb = sandbox({ "main.ts": prog("hello") });
  const r = run(sb);
  expect(r.stderr).toBe("");
  expect(r.stdout).toBe("hello\n");
  expect(existsSync(join(sb.tmp, "asyncts-cache"))).toBe(false);
  const st = lstatSync(sb.cache);
  expect(st.isDirectory()).toBe(true);
  expect(st.mode & 0o777).toBe(0o700);
  expect(st.uid).toBe(process.getuid!());
  expect(walk(sb.cache).some((f) => f.endsWith(".js"))).toBe(true);
});

test("without XDG_CACHE_HOME the cache is ~/.cache/asyncts", () => {
  const sb = sandbox({ "main.ts": prog("home") });
  const r = run(sb, "main.ts", { XDG_CACHE_HOME: "" });
  expect(r.stdout).toBe("home\n");
  expect(lstatSync(join(sb.env.HOME, ".cache", "asyncts")).mode & 0o777).toBe(0o700);
});

test("a manifest planted in the old shared $TMPDIR/asyncts-cache is never run", () => {
  const sb = sandbox({ "main.ts": prog("mine") });
  const entry = join(sb.dir, "main.ts");
  const shared = join(sb.tmp, "asyncts-cache");
  mkdirSync(join(shared, "manifests"), { recursive: true, mode: 0o777 });
  const evil = join(shared, "evil.js");
  writeFileSync(evil, `console.log("planted code ran");\n`);
  const st = statSync(entry);
  const runtimeStamp = statSync(join(dirname(CLI), "..", "..", "package.json")).mtimeMs;
  const runFile = readdirSync(join(dirname(CLI), "..", "chunks")).find((f) => f.startsWith("run-"));
  const version = runFile ? `0.1.0:${statSync(join(dirname(CLI), "..", "chunks", runFile)).mtimeMs}` : "0.1.0";
  writeFileSync(join(shared, "manifests", `${oldManifestName(entry)}.json`), JSON.stringify({
    version, entry, runtimeRoot: join(dirname(CLI), "..", ".."), runtimeStamp,
    files: [{ source: entry, output: evil, mtimeMs: st.mtimeMs, size: st.size }],
  }));
  const r = run(sb);
  expect(r.stdout).toBe("mine\n");
  expect(r.stdout + r.stderr).not.toContain("planted");
});

test("a cache folder owned by someone else is refused: its manifests and outputs are never read", () => {
  const sb = sandbox({ "main.ts": prog("mine") });
  expect(run(sb).stdout).toBe("mine\n");
  // Another user takes the folder over and plants code in every compiled file.
  for (const f of walk(sb.cache)) if (f.endsWith(".js")) writeFileSync(f, `console.log("planted code ran");\n`);
  chownSync(sb.cache, 65534, 65534);
  for (const f of walk(sb.cache)) chownSync(f, 65534, 65534);
  const r = run(sb);
  expect(r.stdout).toBe("mine\n");
  expect(r.stdout + r.stderr).not.toContain("planted");
  expect(r.stderr).toMatch(/not using the cache folder .* owned by uid 65534/);
});

test("a cache folder that is a symlink is not followed", () => {
  const sb = sandbox({ "main.ts": prog("mine") });
  const elsewhere = join(sb.env.HOME, "elsewhere");
  mkdirSync(elsewhere);
  mkdirSync(sb.env.XDG_CACHE_HOME);
  symlinkSync(elsewhere, sb.cache);
  const r = run(sb);
  expect(r.stdout).toBe("mine\n");
  expect(readdirSync(elsewhere)).toEqual([]);
});

test("a symlink planted in the shared $TMPDIR/asyncts-cache does not redirect writes", () => {
  const sb = sandbox({ "main.ts": prog("mine") });
  const shared = join(sb.tmp, "asyncts-cache");
  const victim = join(sb.env.HOME, "victim");
  mkdirSync(victim);
  mkdirSync(shared, { mode: 0o777 });
  symlinkSync(victim, join(shared, "manifests"));
  symlinkSync(victim, join(shared, "proj"));
  symlinkSync(victim, join(shared, "tmp"));
  const r = run(sb);
  expect(r.stdout).toBe("mine\n");
  expect(readdirSync(victim)).toEqual([]);
});

test("a cache folder of ours that others could write is emptied before use", () => {
  const sb = sandbox({ "main.ts": prog("mine") });
  expect(run(sb).stdout).toBe("mine\n");
  for (const f of walk(sb.cache)) if (f.endsWith(".js")) writeFileSync(f, `console.log("planted code ran");\n`);
  chmodSync(sb.cache, 0o777);
  const r = run(sb);
  expect(r.stdout).toBe("mine\n");
  expect(lstatSync(sb.cache).mode & 0o777).toBe(0o700);
});

test("an edit that keeps size and mtime (cp -p, rsync, 1 s timestamps) runs the new code", () => {
  const sb = sandbox({ "main.ts": prog("old") });
  const file = join(sb.dir, "main.ts");
  const stamp = new Date(Date.now() - 60_000);
  utimesSync(file, stamp, stamp);
  expect(run(sb).stdout).toBe("old\n");
  expect(run(sb).stdout).toBe("old\n"); // warm
  writeFileSync(file, prog("new"));
  utimesSync(file, stamp, stamp);
  expect(run(sb).stdout).toBe("new\n");
});

test("an edit in the same second as the compile (coarse timestamps) is seen", () => {
  const sb = sandbox({ "main.ts": prog("aaa"), "lib.ts": `export const word = "one";\n` });
  writeFileSync(join(sb.dir, "main.ts"), `${HEADER}import { word } from "./lib.js";\nasync function main() { print(word); }\nasyncio.run(main());\n`);
  const lib = join(sb.dir, "lib.ts");
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  utimesSync(lib, now, now);
  expect(run(sb).stdout).toBe("one\n");
  writeFileSync(lib, `export const word = "two";\n`);
  utimesSync(lib, now, now);
  expect(run(sb).stdout).toBe("two\n");
});

test("two runs sharing a module: an older compile written last never wins", () => {
  const sb = sandbox({
    "a.ts": `${HEADER}import { v } from "./lib.js";\nasync function main() { print("a", v); }\nasyncio.run(main());\n`,
    "b.ts": `${HEADER}import { v } from "./lib.js";\nasync function main() { print("b", v); }\nasyncio.run(main());\n`,
    "lib.ts": `export const v = 1;\n`,
  });
  expect(run(sb, "a.ts").stdout).toBe("a 1\n");
  // Run a's writes, as they were after compiling lib v1...
  const snapshot = new Map(cacheFiles(sb).map((f) => [f, readFileSync(f)]));
  writeFileSync(join(sb.dir, "lib.ts"), `export const v = 2222;\n`);
  expect(run(sb, "b.ts").stdout).toBe("b 2222\n");
  // ...land after b's (a slower concurrent run finishing last).
  for (const [f, text] of snapshot) if (existsSync(f)) writeFileSync(f, text);
  expect(run(sb, "b.ts").stdout).toBe("b 2222\n");
  expect(run(sb, "a.ts").stdout).toBe("a 2222\n");
});

test("concurrent runs of entries sharing a module while it changes all end with the newest code", async () => {
  const files: Record<string, string> = { "lib.ts": `export const v = 0;\n` };
  for (const n of [0, 1, 2]) files[`e${n}.ts`] = `${HEADER}import { v } from "./lib.js";\nasync function main() { print(v); }\nasyncio.run(main());\n`;
  const sb = sandbox(files);
  const { spawn } = await import("node:child_process");
  const runAsync = (file: string) => new Promise<string>((resolve) => {
    const env: Record<string, string | undefined> = { ...process.env, ...sb.env };
    delete env.ASYNCTS_CACHE_DIR;
    const c = spawn(process.execPath, [CLI, "run", file], { cwd: sb.dir, env });
    let out = "";
    c.stdout.on("data", (d) => (out += d));
    c.on("close", () => resolve(out));
  });
  for (let v = 1; v <= 2; v++) {
    const pending = [0, 1, 2].map((n) => runAsync(`e${n}.ts`));
    writeFileSync(join(sb.dir, "lib.ts"), `export const v = ${v}${"0".repeat(v)};\n`);
    await Promise.all(pending);
  }
  for (const n of [0, 1, 2]) expect(run(sb, `e${n}.ts`).stdout).toBe("200\n");
});

test("an empty or damaged compiled file is recompiled, not trusted", () => {
  const sb = sandbox({ "main.ts": prog("intact") });
  expect(run(sb).stdout).toBe("intact\n");
  const outputs = cacheFiles(sb).filter((f) => f.endsWith(".js"));
  expect(outputs.length).toBeGreaterThan(0);
  for (const f of outputs) truncateSync(f, 0);
  expect(run(sb).stdout).toBe("intact\n");
  for (const f of cacheFiles(sb).filter((f) => f.endsWith(".js"))) {
    const size = statSync(f).size;
    writeFileSync(f, `console.log("damaged");`.padEnd(size, " "));
  }
  const r = run(sb);
  expect(r.stdout).toBe("intact\n");
});

test("a new lib.ts beside lib/index.ts changes what `import \"./lib\"` runs", () => {
  const sb = sandbox({
    "main.ts": `${HEADER}import { where } from "./lib";\nasync function main() { print(where); }\nasyncio.run(main());\n`,
    "lib/index.ts": `export const where = "lib/index.ts";\n`,
  });
  expect(run(sb).stdout).toBe("lib/index.ts\n");
  writeFileSync(join(sb.dir, "lib.ts"), `export const where = "lib.ts";\n`);
  expect(run(sb).stdout).toBe("lib.ts\n");
});

test("a.ts and a.tsx do not overwrite each other's output", () => {
  const sb = sandbox({
    "main.ts": `${HEADER}import { x } from "./a.js";\nimport { y } from "./a.tsx";\nasync function main() { print(x, y); }\nasyncio.run(main());\n`,
    "a.ts": `export const x = "from a.ts";\n`,
    "a.tsx": `export const y = "from a.tsx";\n`,
  });
  const r = run(sb);
  expect(r.stderr).toBe("");
  expect(r.stdout).toBe("from a.ts from a.tsx\n");
});

test("a manifest of the wrong shape, or any damage to the cache, is repaired by recompiling", () => {
  const sb = sandbox({ "main.ts": prog("fine"), "other.ts": prog("other") });
  expect(run(sb).stdout).toBe("fine\n");
  const manifests = () => cacheFiles(sb).filter((f) => f.endsWith(".json") && !f.endsWith("package.json"));
  expect(manifests().length).toBeGreaterThan(0);
  const shapes = ["null", "[]", "5", "{", "", `{"files":{}}`];
  for (const shape of shapes) {
    for (const f of manifests()) writeFileSync(f, shape);
    const r = run(sb);
    expect([shape, r.status, r.stdout]).toEqual([shape, 0, "fine\n"]);
  }
  // Every array in a valid manifest replaced by an object, every number by a string.
  for (const f of manifests()) {
    const m = JSON.parse(readFileSync(f, "utf8"));
    const mutate = (o: any): any => Array.isArray(o) ? { 0: o[0] } : typeof o === "number" ? String(o) : o && typeof o === "object" ? Object.fromEntries(Object.entries(o).map(([k, v]) => [k, mutate(v)])) : o;
    writeFileSync(f, JSON.stringify(mutate(m)));
  }
  expect(run(sb).stdout).toBe("fine\n");
  // The cache's folders replaced by files, then the whole cache by a file.
  for (const name of readdirSync(sb.cache)) {
    rmSync(join(sb.cache, name), { recursive: true, force: true });
    writeFileSync(join(sb.cache, name), "junk");
  }
  expect(run(sb, "other.ts").stdout).toBe("other\n");
  expect(run(sb).stdout).toBe("fine\n");
  rmSync(sb.cache, { recursive: true });
  writeFileSync(sb.cache, "junk");
  const r = run(sb);
  expect(r.stdout).toBe("fine\n");
});

test("a warm run of an unchanged program does not recompile it", () => {
  const sb = sandbox({ "main.ts": prog("warm"), "lib.ts": `export const v = 1;\n` });
  const stamp = new Date(Date.now() - 60_000);
  utimesSync(join(sb.dir, "main.ts"), stamp, stamp);
  expect(run(sb).stdout).toBe("warm\n");
  // The compiled files stay (a manifest may refresh its record of a file just touched).
  const compiled = () => new Map(cacheFiles(sb).filter((f) => !f.endsWith(".json") || f.endsWith("package.json")).map((f) => [f, lstatSync(f).ino]));
  const before = compiled();
  expect(run(sb).stdout).toBe("warm\n");
  expect(run(sb).stdout).toBe("warm\n");
  expect(compiled()).toEqual(before);
});

test("a copy with the same content but a new mtime reuses the compiled output", () => {
  const sb = sandbox({ "main.ts": prog("same") });
  const file = join(sb.dir, "main.ts");
  const old = new Date(Date.now() - 60_000);
  utimesSync(file, old, old);
  expect(run(sb).stdout).toBe("same\n");
  const outputsBefore = cacheFiles(sb).filter((f) => f.endsWith(".js")).map((f) => [f, lstatSync(f).ino]);
  copyFileSync(file, `${file}.bak`);
  copyFileSync(`${file}.bak`, file);
  const older = new Date(Date.now() - 30_000);
  utimesSync(file, older, older);
  expect(run(sb).stdout).toBe("same\n");
  const outputsAfter = cacheFiles(sb).filter((f) => f.endsWith(".js")).map((f) => [f, lstatSync(f).ino]);
  expect(outputsAfter).toEqual(outputsBefore);
});

test("the runtime's V8 code cache (v8/) is written once, reused, kept by other compiles, and not read if others could write it", () => {
  const sb = sandbox({ "main.ts": prog("one"), "other.ts": prog("two") });
  const codeCache = () => cacheFiles(sb).filter((f) => f.endsWith(".bin")).map((f) => [f, lstatSync(f).ino] as const);
  expect(run(sb).stdout).toBe("one\n");
  const first = codeCache();
  expect(first).toHaveLength(1);
  expect(dirname(first[0][0])).toBe(join(sb.cache, "v8"));
  expect(run(sb).stdout).toBe("one\n"); // accepted: not written again
  expect(run(sb, "other.ts").stdout).toBe("two\n"); // a cold compile's sweep keeps v8/
  expect(codeCache()).toEqual(first);
  chmodSync(first[0][0], 0o666); // writable by others: never given to V8, replaced
  expect(run(sb).stdout).toBe("one\n");
  const after = codeCache();
  expect(after).toHaveLength(1);
  expect(after[0][1]).not.toBe(first[0][1]);
  expect(lstatSync(after[0][0]).mode & 0o777).toBe(0o600);
});
