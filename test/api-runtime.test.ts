// Loop reports on stderr and the outside-world APIs that fixtures cannot pin down
// (stderr is not compared by fixtures; signals and GC are not deterministic in CPython either).
import { test, expect } from "vitest";
import { runDSL, HEADER, writeProject, cli } from "./util.js";

test("Task/Future exception was never retrieved: reported at loop close with CPython's text", () => {
  const r = runDSL(HEADER + `
async function boom() { throw new asyncio.ValueError("lost"); }
async function main() {
  asyncio.create_task(boom());
  const f = asyncio.get_running_loop().create_future();
  f.set_exception(new asyncio.RuntimeError("also lost"));
  const ok = asyncio.get_running_loop().create_future();
  ok.set_exception(new asyncio.RuntimeError("seen"));
  ok.exception();
  await asyncio.sleep(0.1);
  print("main done");
}
asyncio.run(main());
print("after");
`);
  expect(r.status).toBe(0);
  expect(r.stdout).toBe("main done\nafter\n");
  expect(r.stderr).toContain("Future exception was never retrieved\nfuture: <Future finished exception=RuntimeError('also lost')>");
  expect(r.stderr).toContain("Task exception was never retrieved\nfuture: <Task finished name='Task-2' coro=<boom()> exception=ValueError('lost')>");
  expect(r.stderr).toContain("ValueError: lost");
  expect(r.stderr).not.toContain("seen");
});

test("a future collected by V8 while the loop runs is reported then (FinalizationRegistry)", () => {
  const dir = writeProject({ "main.ts": HEADER + `
function lose() {
  const f = asyncio.get_running_loop().create_future();
  f.set_exception(new asyncio.ValueError("collected"));
}
async function main() {
  lose();
  for (let i = 0; i < 20; i++) {
    (globalThis as any).gc?.();
    await new Promise((res) => setTimeout(res, 5));
  }
  print("main done");
}
asyncio.run(main());
` });
  const r = cli(["run", "--clock", "virtual", "main.ts"], dir, { NODE_OPTIONS: "--expose-gc" });
  expect(r.status).toBe(0);
  const report = r.stderr.indexOf("Future exception was never retrieved");
  expect(report).toBeGreaterThanOrEqual(0);
  expect(r.stderr).toContain("future: <Future finished exception=ValueError('collected')>");
});

test("debug mode: coroutine never awaited → RuntimeWarning with where it was created", () => {
  const src = HEADER + `
async function side_effect() { return 1; }
async function main() {
  const c = side_effect();
  await asyncio.sleep(0.1);
  print("main done");
}
asyncio.run(main(), DEBUG);
`;
  const dbg = runDSL(src.replace("DEBUG", "{ debug: true }"));
  expect(dbg.stdout).toBe("main done\n");
  expect(dbg.stderr).toMatch(/RuntimeWarning: coroutine 'side_effect' was never awaited\nCoroutine created at \(most recent call last\)\n  File ".*main\.ts", line 6, in main/);
  const normal = runDSL(src.replace("DEBUG", "{}"));
  // Normal mode warns too (as CPython does), without the creation traceback.
  expect(normal.stderr).toBe("RuntimeWarning: coroutine 'side_effect' was never awaited\n");
});

test("debug mode: slow callbacks are reported (task steps show the task)", () => {
  const r = runDSL(HEADER + `
function busy(ms: number) { const t = Date.now(); while (Date.now() - t < ms); }
async function main() {
  busy(120);
  await asyncio.sleep(0);
}
asyncio.run(main(), { debug: true });
`, { clock: "real" });
  expect(r.stderr).toMatch(/Executing <Task .*name='Task-1' coro=<main\(\)>.*> took 0\.1\d\d seconds/);
});

test("add_signal_handler: the signal wakes an idle loop; errors as CPython", () => {
  const r = runDSL(HEADER + `
async function main() {
  const loop = asyncio.get_running_loop();
  const got = loop.create_future();
  loop.add_signal_handler("SIGUSR2", (x: string) => { print("signal", x); got.set_result(1); }, "arg");
  setTimeout(() => process.kill(process.pid, "SIGUSR2"), 20);
  await got;
  print("removed", loop.remove_signal_handler("SIGUSR2"), loop.remove_signal_handler("SIGUSR2"));
  for (const bad of [0, 32, 9, "NOPE", 1.5]) {
    try { loop.add_signal_handler(bad as any, () => {}); } catch (e: any) { print(e.name, e.message); }
  }
  try { loop.add_signal_handler(15, main as any); } catch (e: any) { print(e.name, e.message); }
}
asyncio.run(main());
`, { clock: "real" });
  expect(r.stderr).toBe("");
  expect(r.stdout).toBe([
    "signal arg",
    "removed True False",
    "ValueError invalid signal number 0",
    "ValueError invalid signal number 32",
    "RuntimeError sig 9 cannot be caught",
    "ValueError invalid signal number 'NOPE'",
    "TypeError sig must be an int, not 1.5",
    "TypeError coroutines cannot be used with add_signal_handler()",
    "",
  ].join("\n"));
});

test("run_coroutine_threadsafe from a Node callback wakes a waiting loop and settles a native Promise", () => {
  const r = runDSL(HEADER + `
async function add(a: number, b: number) { return a + b; }
async function main() {
  const loop = asyncio.get_running_loop();
  const done = loop.create_future();
  setTimeout(() => {
    const p = asyncio.run_coroutine_threadsafe(add(1, 2), loop);
    print("is Promise", p instanceof Promise);
    p.then((v) => loop.call_soon_threadsafe(done.set_result, v));
  }, 10);
  print("result", await done);
}
asyncio.run(main());
`, { clock: "real" });
  expect(r.stdout).toBe("is Promise True\nresult 3\n");
});
