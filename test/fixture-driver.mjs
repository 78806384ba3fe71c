// Runs fixture programs through asyncts (the built CLI) and compares them with CPython's
// committed output. Shared by the vitest suite and by `node test/fixture-driver.mjs` for a
// quick report while developing (FILTER=name narrows both).
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { listFixtures } from "../fixtures/tools/list.mjs";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
export const CLI = join(root, "dist", "cli", "main.js");

export function fixtures(filter = process.env.FILTER ?? "") {
  return listFixtures(join(root, "fixtures")).filter((f) => f.name.includes(filter));
}

/** Compiles every fixture's main.ts into the run cache, in this process (one compiler load). */
export async function prepareAll(list) {
  const { prepare } = await import(join(root, "dist", "cli", "prepare.js"));
  const failed = [];
  for (const fx of list) {
    const m = await prepare(join(fx.dir, "main.ts"));
    if (!m) failed.push(fx.name);
  }
  return failed;
}

/** The checked loop (runtime/checked_events.ts): pass as runFixture's nodeArgs. */
export const CHECKED_LOOP = ["--import", join(root, "dist", "runtime", "checked_events.js")];

export function runFixture(fx, clock = "virtual", timeoutMs = 30_000, nodeArgs = []) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeArgs, CLI, "run", "--clock", clock, "main.ts"], { cwd: fx.dir, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, status: signal ? `signal ${signal}` : status });
    });
  });
}

export function expectedOf(fx) {
  const stdout = readFileSync(join(fx.dir, "expected.txt"), "utf8");
  const errPath = join(fx.dir, "expected.error.txt");
  const error = existsSync(errPath) ? readFileSync(errPath, "utf8").trimEnd() : null;
  return { stdout, error, status: error ? 1 : 0 };
}

/** Differences between a run and CPython's expectation, as readable lines (empty: same). */
export function compare(fx, got) {
  const want = expectedOf(fx);
  const problems = [];
  if (got.stdout !== want.stdout) problems.push(`stdout differs\n--- CPython\n${want.stdout}--- asyncts\n${got.stdout}`);
  if (got.status !== want.status) problems.push(`exit status ${got.status}, CPython ${want.status}\n${got.stderr.slice(-2000)}`);
  if (want.error && !got.stderr.split("\n").includes(want.error)) problems.push(`stderr lacks the line '${want.error}'\n${got.stderr.slice(-2000)}`);
  return problems;
}

// `node test/fixture-driver.mjs [FILTER]`: a quick pass/fail report.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const list = fixtures(process.argv[2] ?? process.env.FILTER ?? "");
  const compileFailed = await prepareAll(list);
  let pass = 0;
  const failures = [];
  const queue = [...list];
  await Promise.all([0, 1, 2, 3].map(async () => {
    for (let fx; (fx = queue.shift()); ) {
      const problems = compare(fx, await runFixture(fx));
      if (problems.length) failures.push([fx.name, problems]);
      else pass++;
    }
  }));
  failures.sort((a, b) => a[0].localeCompare(b[0]));
  for (const [name, problems] of failures) {
    if (process.env.VERBOSE) console.log(`FAIL ${name}\n${problems.join("\n")}\n`);
    else console.log(`FAIL ${name}: ${problems.map((p) => p.split("\n")[0]).join("; ")}`);
  }
  if (compileFailed.length) console.log(`compile failed: ${compileFailed.join(", ")}`);
  console.log(`${pass} passed, ${failures.length} failed`);
}
