// The asyncio lints (compiler/lints): each rule fires on its mistake and stays quiet on the
// correct form; no warning on any fixture program except those that make the mistake on
// purpose (listed below), both syntactically (build) and with types (check); nothing on
// files that don't import asyncts; `// asyncts-ignore` and `--json` through the CLI.
import { test, expect, describe } from "vitest";
import ts from "typescript";
import { readdirSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "../compiler/phases/1-parse.js";
import { analyze } from "../compiler/phases/2-analyze/index.js";
import { lint } from "../compiler/lints/index.js";
import { nodeFiles } from "../cli/files.js";
import { ROOT, cli, writeProject, HEADER } from "./util.js";

const FIXTURES = join(ROOT, "fixtures");
const fixtureFiles = readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== "tools")
  .flatMap((area) => readdirSync(join(FIXTURES, area.name)).map((n) => join(FIXTURES, area.name, n, "main.ts")))
  .filter((f) => existsSync(f));

const lintSyntactic = (file: string, text = readFileSync(file, "utf8")) => {
  const { file: sf } = parse(file, text);
  return lint(sf, analyze(sf, { files: nodeFiles }), { files: nodeFiles });
};

/** Fixtures that make a linted mistake on purpose (to show CPython's behaviour), with the codes they trigger. */
const ON_PURPOSE: Record<string, string[]> = {
  // Python's own program drops the task (`asyncio.create_task(barrier.abort())`), ruff's RUF006
  "locks/barrier_abort": ["ASY3103"],
  "locks/barrier_reset_and_wait_again": ["ASY3103"],
  "locks/barrier_reset_while_waiting": ["ASY3103"],
  // setImmediate stands for another thread calling run_coroutine_threadsafe
  "interop/run_coroutine_threadsafe": ["ASY3107"],
  // shows CPython's RuntimeError for asyncio.run inside a running loop
  "runners/run_from_running_loop": ["ASY3108"],
  // Reviewed (each a line-for-line port of its main.py; the rules are right about them):
  // the leftover task is dropped on purpose, for the Runner's close to cancel (test_runners'
  // leftover, ruff's RUF006 flags the Python too); and the fixture shows that a module-level
  // `r.run(x)` holds x's result, as Python's synchronous runner.run returns it (ASY3109 is
  // the type warning that goes with using that value un-awaited).
  "runners/runner_with": ["ASY3103", "ASY3109"],
  // a temporary folder and file made with blocking calls inside the coroutine, as the
  // Python does (tempfile.mkdtemp, open: flake8-async's ASYNC230 flags it there too)
  "streams/sendfile": ["ASY3105"],
  // tempfile.mkdtemp and os.path.exists in the coroutine (flake8-async's ASYNC240 family)
  "streams/unix": ["ASY3105"],
};

function summary(map: Map<string, Set<string>>): Record<string, string[]> {
  return Object.fromEntries([...map].filter(([, c]) => c.size).map(([f, c]) => [f.slice(FIXTURES.length + 1, -"/main.ts".length), [...c].sort()]));
}

test("no lint on any fixture program but the listed ones (syntactic, as build runs them)", () => {
  const found = new Map<string, Set<string>>();
  for (const f of fixtureFiles) found.set(f, new Set(lintSyntactic(f).map((d) => d.code)));
  expect(fixtureFiles.length).toBeGreaterThan(200);
  expect(summary(found)).toEqual(ON_PURPOSE);
});

test("no lint on any fixture program but the listed ones (with types, as check runs them)", () => {
  const program = ts.createProgram(fixtureFiles, {
    strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ["lib.es2023.d.ts", "lib.esnext.disposable.d.ts"], types: ["node"], skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const found = new Map<string, Set<string>>();
  for (const f of fixtureFiles) {
    const sf = program.getSourceFile(f)!;
    checker.getDiagnostics(sf); // binds the file (parent links) as check does
    found.set(f, new Set(lint(sf, analyze(sf, { files: nodeFiles }), { checker, files: nodeFiles }).map((d) => d.code)));
  }
  expect(summary(found)).toEqual(ON_PURPOSE);
}, 120_000);

const codesOf = (body: string, extra = "") => lintSyntactic(join(ROOT, "test", "virtual.ts"), `${HEADER}${extra}${body}`).map((d) => d.code);

describe("each rule fires on its mistake and not on the correct form", () => {
  const fn = `async function work(): Promise<number> { return 1; }\n`;
  const cases: [string, string, string[]][] = [
    ["discarded coroutine call", `${fn}async function main() { work(); }`, ["ASY3101"]],
    ["void, ternary arm, comma", `${fn}async function main(c: boolean) { void work(); c ? work() : 0; (0, work()); }`, ["ASY3101", "ASY3101", "ASY3101"]],
    ["asyncio.sleep discarded", `async function main() { asyncio.sleep(1); }`, ["ASY3101"]],
    ["this.method() of an async method", `class C { async a() {} async b() { this.a(); } }`, ["ASY3101"]],
    ["awaited, kept, returned, passed: fine", `${fn}async function main() { await work(); const c = work(); await c; await asyncio.gather(work()); return work(); }\nconst f = () => work();`, []],
    ["async callback to forEach / setTimeout / emitter", `import { EventEmitter } from "node:events";\n[1].forEach(async () => {});\nsetTimeout(async () => {}, 1);\nnew EventEmitter().on("e", async () => {});`, ["ASY3102", "ASY3102", "ASY3102"]],
    ["plain callbacks: fine", `[1].forEach(() => {}); [1].map(async () => {});`, []],
    ["create_task / ensure_future / loop.create_task dropped", `${fn}async function main() { asyncio.create_task(work()); asyncio.ensure_future(work()); asyncio.get_running_loop().create_task(work()); }`, ["ASY3103", "ASY3103", "ASY3103"]],
    ["tasks kept, TaskGroup.create_task: fine", `${fn}async function main() { const t = asyncio.create_task(work()); await t; await using tg = new asyncio.TaskGroup(); tg.create_task(work()); }`, []],
    ["catch that swallows cancellation", `${fn}async function main() { try { await work(); } catch (e) { print(e); } try { await work(); } catch {} }`, ["ASY3104", "ASY3104"]],
    ["catch that re-throws or tests the type: fine", `${fn}async function main() {\n try { await work(); } catch (e) { if (!(e instanceof asyncio.CancelledError)) throw e; print("cancelled"); }\n try { await work(); } catch (e) { if (e instanceof asyncio.CancelledError) throw e; }\n try { await work(); } finally { print(1); }\n try { JSON.parse("x"); } catch { }\n}\nfunction sync() { try { JSON.parse("x"); } catch {} }`, []],
    ["blocking calls in a coroutine", `import { readFileSync } from "node:fs";\nimport * as cp from "child_process";\nasync function main() { readFileSync("x"); cp.execSync("ls"); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); }`, ["ASY3105", "ASY3105", "ASY3105"]],
    ["blocking calls outside coroutines, async APIs: fine", `import { readFileSync } from "node:fs";\nimport { readFile } from "node:fs/promises";\nconst x = readFileSync("x");\nasync function main() { await readFile("x"); await asyncio.to_thread(() => readFileSync("x")); }`, []],
    ["Promise.all/race over coroutines or tasks", `${fn}async function main() { await Promise.all([work(), work()]); await Promise.race([asyncio.create_task(work())]); await Promise.all([1, 2].map(async (x) => x)); }`, ["ASY3106", "ASY3106", "ASY3106"]],
    ["Promise.all over native promises: fine", `async function main() { await Promise.all([fetch("x"), Promise.resolve(1)]); }`, []],
    ["native timers in a coroutine", `async function main() { setTimeout(() => {}, 1); setImmediate(() => {}); queueMicrotask(() => {}); process.nextTick(() => {}); }`, ["ASY3107", "ASY3107", "ASY3107", "ASY3107"]],
    ["native timers outside coroutines: fine", `setTimeout(() => {}, 1);\nfunction f() { setImmediate(() => {}); }`, []],
    ["asyncio.run inside a coroutine", `${fn}async function main() { asyncio.run(work()); asyncio.get_event_loop().run_until_complete(work()); }`, ["ASY3108", "ASY3108"]],
    ["value of a module-level run call", `${fn}const n = asyncio.run(work());\nprint(asyncio.new_event_loop().run_until_complete(work()));`, ["ASY3109", "ASY3109"]],
    ["awaited module-level run call: fine", `${fn}const n = await asyncio.run(work());\nasyncio.run(work());`, []],
    ["asyncts-ignore silences one line", `${fn}async function main() {\n  work(); // asyncts-ignore ASY3101\n  // asyncts-ignore ASY3101\n  work();\n  work(); // asyncts-ignore ASY3103\n}`, ["ASY3101"]],
  ];
  for (const [name, body, expected] of cases) test(name, () => expect(codesOf(body)).toEqual(expected));
});

test("imported coroutine functions are known across files", () => {
  const dir = writeProject({
    "dep.ts": `${HEADER}export async function fetchIt() { await asyncio.sleep(0); }\nexport function plain() { return 1; }\n`,
    "main.ts": `${HEADER}import { fetchIt, plain } from "./dep.js";\nimport * as dep from "./dep.js";\nasync function main() { fetchIt(); plain(); dep.fetchIt(); }\n`,
  });
  const codes = lintSyntactic(join(dir, "main.ts")).map((d) => [d.code, d.message.slice(0, 14)]);
  expect(codes).toEqual([["ASY3101", "'fetchIt()' cr"], ["ASY3101", "'dep.fetchIt()"]]);
});

test("no lint on files that do not import asyncts", () => {
  const src = `async function work() {}\nasync function main() { work(); setTimeout(() => {}, 1); try { await work(); } catch {} }\n`;
  const { file } = parse(join(ROOT, "test", "plain.ts"), src);
  expect(lint(file, analyze(file))).toEqual([]);
  expect(codesOf(src.replace("async function work() {}\n", ""), "async function work() {}\n")).toEqual(["ASY3101", "ASY3107", "ASY3104"]);
});
