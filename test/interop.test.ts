// SPEC §2.3: Futures, Tasks and Coroutines are thenables for plain JavaScript; native
// promises awaited in a coroutine resume through the loop; Node callbacks that touch the
// loop or a Future while the loop is idle wake it.
import { test, expect } from "vitest";
import { runDSL, HEADER } from "./util.js";

function out(body: string, clock: "real" | "virtual" = "virtual"): string {
  const r = runDSL(HEADER + body, { clock });
  if (r.status !== 0) throw new Error(`exit ${r.status}\n${r.stderr}`);
  return r.stdout;
}

test("a native Promise awaited in a coroutine resumes at least one loop iteration later", () => {
  expect(out(`
async function ticker() { for (let i = 0; i < 3; i++) { print("tick", i); await asyncio.sleep(0); } }
async function main() {
  const t = asyncio.create_task(ticker());
  await asyncio.sleep(0);
  print("before promise");
  const v = await Promise.resolve(7);
  print("promise gave", v);
  await t;
}
asyncio.run(main());
`)).toBe("tick 0\nbefore promise\ntick 1\ntick 2\npromise gave 7\n"); // the loop hands control to Node only when idle
});

test("plain JS can await a Task, and a Coroutine with no running loop rejects", () => {
  expect(out(`
async function work() { await asyncio.sleep(0.01); return "done"; }
function plainJs(task: PromiseLike<string>) {
  // not a DSL function: a native async function inside a plain helper object
  return (async () => "plain saw " + (await task))();
}
const nativeHelpers = new Function("task", "return (async () => 'native ' + (await task))()") as (t: unknown) => Promise<string>;
async function main() {
  const t = asyncio.create_task(work());
  const p = nativeHelpers(t);
  print(await p);
}
asyncio.run(main());
const orphan = work();
(orphan as unknown as PromiseLike<string>).then(undefined, (e: any) => print("rejected:", e.name, e.message));
`)).toBe("native done\nrejected: RuntimeError no running event loop\n");
});

test("a Node callback that completes a Future wakes the idle loop (real clock)", () => {
  expect(out(`
async function main() {
  const loop = asyncio.get_running_loop();
  const fut = loop.create_future<string>();
  setTimeout(() => fut.set_result("from node"), 50);
  const t0 = performance.now();
  print(await fut, performance.now() - t0 < 1000 ? "promptly" : "late");
}
asyncio.run(main());
`, "real")).toBe("from node promptly\n");
});

test("run_coroutine_threadsafe hands work to the loop from plain code and returns a Promise", () => {
  expect(out(`
async function double(x: number) { await asyncio.sleep(0); return x * 2; }
async function main() {
  const loop = asyncio.get_running_loop();
  const fut = loop.create_future<number>();
  setTimeout(() => {
    const p = asyncio.run_coroutine_threadsafe(double(21), loop);
    print("is a Promise:", p instanceof Promise);
    p.then((v: number) => fut.set_result(v));
  }, 10);
  print(await fut);
}
asyncio.run(main());
`, "real")).toBe("is a Promise: True\n42\n");
});
