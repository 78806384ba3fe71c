// ProcessPoolExecutor runs exported functions on worker threads (in parallel, arguments and
// results structured-cloned); ThreadPoolExecutor and the default executor run on the loop.
import { test, expect } from "vitest";
import { runDSL, HEADER } from "./util.js";

const WORK = `
export function fib(n: number): number { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
export function boom(msg: string): never { throw new TypeError(msg); }
export function pyboom(msg: string): never { throw new asyncio.ValueError(msg); }
export function twice(x: number): Promise<number> { return Promise.resolve(x * 2); } // a native Promise: awaited in the worker
export function echo<T>(x: T): T { return x; }
export function spin(ms: number): number { const end = Date.now() + ms; let n = 0; while (Date.now() < end) n++; return ms; }
export function die(): never { process.exit(3); }
export async function coro_fn() { return 1; }
let calls = 0;
export function count(): number { return ++calls; }
export function setup(v: number) { calls = v; }
`;

function out(body: string, clock: "real" | "virtual" = "virtual"): string {
  const r = runDSL(HEADER + `import { fib, boom, pyboom, twice, echo, spin, die, coro_fn, count, setup } from "./work.js";\n` + body, {
    clock,
    files: { "work.ts": HEADER + WORK },
  });
  if (r.status !== 0) throw new Error(`exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

const POOL = `new asyncio.ProcessPoolExecutor({ max_workers: 2, modules: [new URL("./work.js", import.meta.url)] })`;

test("results, errors and their classes come back from the workers", () => {
  expect(out(`
async function main() {
  const loop = asyncio.get_running_loop();
  const pool = ${POOL};
  print(await asyncio.gather(loop.run_in_executor(pool, fib, 20), loop.run_in_executor(pool, twice, 21)));
  print(await loop.run_in_executor(pool, echo, { a: [1, 2], b: new Uint8Array([3]), m: new Map([["k", 1]]) }));
  for (const [f, arg] of [[boom, "bad"], [pyboom, "worse"]] as const) {
    try { await loop.run_in_executor(pool, f, arg); } catch (e: any) { print(e.name, e.message, e instanceof (f === boom ? TypeError : asyncio.ValueError)); }
  }
  await pool.shutdown();
}
asyncio.run(main());
`)).toBe("[6765, 42]\n{'a': [1, 2], 'b': b'\\x03', 'm': {'k': 1}}\nTypeError bad True\nValueError worse True\n");
});

test("what cannot be sent is a TypeError naming it", () => {
  expect(out(`
async function main() {
  const loop = asyncio.get_running_loop();
  const pool = ${POOL};
  const attempts: [string, () => PromiseLike<unknown>][] = [
    ["closure", () => loop.run_in_executor(pool, (x: number) => x, 1)],
    ["argument", () => loop.run_in_executor(pool, echo, 1, () => 2)],
    ["result", () => loop.run_in_executor(pool, echo, 1).then(() => loop.run_in_executor(pool, echo, Symbol("s") as any))],
    ["coroutine", () => loop.run_in_executor(pool, coro_fn)],
  ];
  for (const [what, f] of attempts) {
    try { await f(); print(what, "sent?"); } catch (e: any) { print(what, e.name, e.message.replace(/file:[^ ;]*/, "URL")); }
  }
  await pool.shutdown();
}
asyncio.run(main());
`)).toBe(
    "closure TypeError cannot send <lambda>() to a worker: it is not an export of URL; a pool runs functions exported from a module (modules: [new URL(\"./file.js\", import.meta.url)])\n" +
      "argument TypeError cannot send argument 2 of echo() to a worker: () => 2 could not be cloned. (arguments are structured-cloned)\n" +
      "result TypeError cannot send argument 1 of echo() to a worker: Symbol(s) could not be cloned. (arguments are structured-cloned)\n" +
      "coroutine TypeError cannot pickle 'coroutine' object\n",
  );
});

test("jobs run in parallel: two 300 ms jobs on two workers take well under 600 ms (real clock)", () => {
  const r = out(`
async function main() {
  const loop = asyncio.get_running_loop();
  const pool = ${POOL};
  await asyncio.gather(loop.run_in_executor(pool, spin, 1), loop.run_in_executor(pool, spin, 1)); // start both workers
  const t0 = loop.time();
  const rs = await asyncio.gather(loop.run_in_executor(pool, spin, 300), loop.run_in_executor(pool, spin, 300));
  const dt = loop.time() - t0;
  print(rs, dt < 0.5 ? "parallel" : "serial " + dt);
  await pool.shutdown();
}
asyncio.run(main());
`, "real");
  expect(r).toBe("[300, 300] parallel\n");
});

test("the loop keeps running other tasks while a job runs; the virtual clock does not jump past a pending job", () => {
  expect(out(`
async function ticker(stop: asyncio.Event) { let n = 0; while (!stop.is_set()) { n++; await asyncio.sleep(0); } return n > 10; }
async function main() {
  const loop = asyncio.get_running_loop();
  const pool = ${POOL};
  const stop = new asyncio.Event();
  const t = asyncio.create_task(ticker(stop));
  try {
    await asyncio.wait_for(loop.run_in_executor(pool, spin, 200), 5);
    print("job done in time");
  } catch (e: any) { print("timed out", e.name); }
  stop.set();
  print("ticker ran meanwhile:", await t);
  await pool.shutdown();
}
asyncio.run(main());
`)).toBe("job done in time\nticker ran meanwhile: True\n");
});

test("cancel before start drops the job; shutdown; submit after shutdown; a dying worker breaks the pool", () => {
  expect(out(`
async function main() {
  const loop = asyncio.get_running_loop();
  const pool = new asyncio.ProcessPoolExecutor({ max_workers: 1, modules: [new URL("./work.js", import.meta.url)] });
  const a = loop.run_in_executor(pool, spin, 100);
  const b = loop.run_in_executor(pool, count);
  b.cancel();
  await a;
  print("second job ran:", await loop.run_in_executor(pool, count)); // 1: the cancelled one never ran
  const p = new asyncio.ProcessPoolExecutor({ max_workers: 1, modules: [new URL("./work.js", import.meta.url)], initializer: setup, initargs: [10] });
  print("after initializer:", await loop.run_in_executor(p, count));
  await p.shutdown();
  try { loop.run_in_executor(p, count); } catch (e: any) { print(e.name, e.message); }
  const d = loop.run_in_executor(pool, die);
  const e2 = loop.run_in_executor(pool, count);
  for (const f of [d, e2]) { try { await f; } catch (e: any) { print(e.name, e.message); } }
  try { loop.run_in_executor(pool, count); } catch (e: any) { print(e.name, e.message); }
  try { new asyncio.ProcessPoolExecutor(0); } catch (e: any) { print(e.name, e.message); }
}
asyncio.run(main());
`, "real")).toBe(
    "second job ran: 1\nafter initializer: 11\nRuntimeError cannot schedule new futures after shutdown\n" +
      "BrokenProcessPool A process in the process pool was terminated abruptly while the future was running or pending.\n" +
      "BrokenProcessPool A process in the process pool was terminated abruptly while the future was running or pending.\n" +
      "BrokenProcessPool A child process terminated abruptly, the process pool is not usable anymore\n" +
      "ValueError max_workers must be greater than 0\n",
  );
});

test("a program that never shuts its pool down still exits; ThreadPoolExecutor runs closures on the loop", () => {
  expect(out(`
async function main() {
  const loop = asyncio.get_running_loop();
  const pool = ${POOL};
  print(await loop.run_in_executor(pool, fib, 10));
  const tp = new asyncio.ThreadPoolExecutor({ max_workers: 4 });
  let shared = 0;
  print(await loop.run_in_executor(tp, () => (shared += 5)), shared);
  loop.set_default_executor(tp);
  print(await loop.run_in_executor(null, () => ++shared));
  try { loop.set_default_executor(pool as any); } catch (e: any) { print(e.name, e.message); }
  await tp.shutdown();
  try { loop.run_in_executor(tp, () => 1); } catch (e: any) { print(e.name, e.message); }
}
asyncio.run(main());
print("exited");
`)).toBe("55\n5 5\n6\nTypeError executor must be ThreadPoolExecutor\nRuntimeError cannot schedule new futures after shutdown\nexited\n");
});
