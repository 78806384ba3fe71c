// `asyncts port` over the whole fixture corpus: every main.py is translated, run under the
// virtual clock and compared with CPython's expected output, without edits. The count must
// not drop below the floor (raise it when the porter gets better). Also: the CLI writes
// files, reports diagnostics with codes, and a syntax error is a diagnostic, not a crash.
import { test, expect } from "vitest";
import { readFileSync, existsSync, copyFileSync } from "node:fs";
import { join } from "node:path";
import { portCorpus } from "./porter-corpus.mjs";
import { writeProject, cli } from "./util.js";

// The goal is 90 %; 298 of 314 (94.9 %) ported faithfully, then this wave's 14 new I/O and
// error fixtures (socket edges, TLS details, asserts), which the porter does not translate
// yet, made it 300 of 328 (91.5 %): the floor sits just under that (lower it only to admit
// new fixtures the porter does not translate yet, and say so).
const FLOOR = 0.91;

test("ports the fixture corpus faithfully", async () => {
  const results = await portCorpus(process.env.FILTER ?? "");
  const pass = results.filter((r) => !r.problems.length).length;
  const failing = results.filter((r) => r.problems.length).map((r) => r.name);
  console.log(`asyncts port: ${pass} of ${results.length} fixtures match CPython (${((100 * pass) / results.length).toFixed(1)} %)`);
  if (failing.length) console.log(`not yet: ${failing.join(", ")}`);
  expect(pass / results.length).toBeGreaterThanOrEqual(process.env.FILTER ? 0 : FLOOR);
}, 600_000);

test("port writes FILE.ts beside FILE.py and the result runs", () => {
  const dir = writeProject({
    "hello.py": 'import asyncio\n\n\nasync def main(n=2):\n    for i in range(n):\n        await asyncio.sleep(0.5)\n        print(f"tick {i} at {asyncio.get_running_loop().time():.1f}")\n\n\nasyncio.run(main())\n',
  });
  const r = cli(["port", "hello.py"], dir);
  expect(r.stderr).toContain("Ported 1 of 1 file");
  expect(r.status).toBe(0);
  expect(existsSync(join(dir, "hello.ts"))).toBe(true);
  const ts = readFileSync(join(dir, "hello.ts"), "utf8");
  expect(ts).toContain('import * as asyncio from "asyncts";');
  expect(ts).toContain("for (let i = 0; i < n; i++)");
  const run = cli(["run", "--clock", "virtual", "hello.ts"], dir);
  expect(run.stdout).toBe("tick 0 at 0.5\ntick 1 at 1.0\n");
});

test("what cannot be translated is a diagnostic and a TODO marker, never silent", () => {
  const dir = writeProject({ "r.py": "import asyncio\nimport random\n\n\nasync def main():\n    print(random.random())\n\n\nasyncio.run(main())\n" });
  const r = cli(["port", "r.py", "-o", "out.ts"], dir);
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(/r\.py:6:11 - warning ASY4012: random\.random\(\)/);
  expect(readFileSync(join(dir, "out.ts"), "utf8")).toContain("TODO(asyncts port)");
});

test("a Python syntax error is a diagnostic with exit 2", () => {
  const dir = writeProject({ "bad.py": "async def main(:\n    pass\n" });
  const r = cli(["port", "bad.py"], dir);
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/bad\.py:1:\d+ - error ASY4000: Python syntax error/);
  expect(existsSync(join(dir, "bad.ts"))).toBe(false);
});

// Ported code is a DSL program for the toolchain too: a sample across the areas, ported as a
// folder (which gets the tsconfig a ported project needs: strict false, Node types), passes
// `asyncts check` with no error. (Of all 314 fixtures, 281 ported outputs type-check; the rest
// pass wrong types on purpose, as the fixture's point, or carry TODO markers.)
const CHECK_SAMPLE = [
  "basics/gather_tasks", "queues/queue_basics", "queues/queue_join_task_done", "locks/barrier_abort", "taskgroups/body_raises",
  "asyncgen/aclose_finally", "context/copy_context_run", "futures/callback_on_done", "timeouts/inner_expires_then_outer", "streams/echo",
  "subprocess/exec_communicate", "protocols/udp", "exceptiongroups/split", "handles/signal_handler_prompt",
];

test("a ported folder gets a tsconfig and its code passes asyncts check", () => {
  const dir = writeProject({});
  const sample = CHECK_SAMPLE.filter((f) => existsSync(join("fixtures", f, "main.py")));
  expect(sample.length).toBe(CHECK_SAMPLE.length);
  for (const f of sample) copyFileSync(join("fixtures", f, "main.py"), join(dir, `${f.replace("/", "__")}.py`));
  const r = cli(["port", ".", "-o", "out"], dir);
  expect(r.stderr).toContain(`Ported ${sample.length} of ${sample.length} files`);
  expect(JSON.parse(readFileSync(join(dir, "out", "tsconfig.json"), "utf8")).compilerOptions.strict).toBe(false);
  const check = cli(["check", "-p", "out/tsconfig.json"], dir);
  expect(check.stdout + check.stderr).not.toMatch(/error TS\d+/);
  expect(check.status).toBe(0);
}, 300_000);
