// Test helpers: write DSL programs into test/.tmp (inside the package, so `asyncts`
// resolves to this package) and run them through the built CLI.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync, mkdtempSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
export const CLI = join(ROOT, "dist", "cli", "main.js");

export interface RunResult {
  stdout: string;
  stderr: string;
  status: number | null;
  dir: string;
}

/** Writes `files` (name → text) into a fresh folder and returns its path. */
export function writeProject(files: Record<string, string>): string {
  mkdirSync(join(ROOT, "test", ".tmp"), { recursive: true });
  const dir = mkdtempSync(join(ROOT, "test", ".tmp", "p-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

export function cli(args: string[], cwd: string, env: Record<string, string> = {}): RunResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", env: { ...process.env, ...env }, timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status, dir: cwd };
}

/** Runs a one-file DSL program (main.ts) under the given clock. */
export function runDSL(source: string, opts: { clock?: "real" | "virtual"; files?: Record<string, string>; args?: string[] } = {}): RunResult {
  const dir = writeProject({ "main.ts": source, ...(opts.files ?? {}) });
  return cli(["run", "--clock", opts.clock ?? "virtual", "main.ts", ...(opts.args ?? [])], dir);
}

export const HEADER = `import * as asyncio from "asyncts";\nimport { print } from "asyncts";\n`;
