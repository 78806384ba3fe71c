// "RuntimeWarning: coroutine 'f' was never awaited" on stderr in every mode, as CPython
// prints it; at the latest when the loop closes (asyncio.run's end) or the process exits.
import { test, expect } from "vitest";
import { runDSL, HEADER, writeProject, cli } from "./util.js";

const warning = (name: string) => `RuntimeWarning: coroutine '${name}' was never awaited`;
const count = (text: string, s: string) => text.split(s).length - 1;

test("a coroutine never awaited warns on stderr by default, once, when the loop closes; stdout is untouched", () => {
  const r = runDSL(HEADER + `
async function save() { print("never runs"); }
async function main() {
  save();
  print("main done");
}
asyncio.run(main());
print("after run");
`);
  expect(r.status).toBe(0);
  expect(r.stdout).toBe("main done\nafter run\n");
  expect(count(r.stderr, warning("save"))).toBe(1);
  expect(r.stderr).not.toMatch(/Coroutine created at/); // the traceback is debug mode's
});

test("awaited, task-wrapped and closed coroutines do not warn, across many sweeps of the watch list", () => {
  const r = runDSL(HEADER + `
async function leaf(i: number) { return i; }
async function main() {
  let sum = 0;
  for (let i = 0; i < 5000; i++) sum += await leaf(i);
  const ts = [];
  for (let i = 0; i < 3000; i++) ts.push(asyncio.create_task(leaf(i)));
  await asyncio.gather(...ts);
  leaf(0).close();
  print(sum);
}
asyncio.run(main());
`);
  expect(r.status).toBe(0);
  expect(r.stdout).toBe("12497500\n");
  expect(r.stderr).toBe("");
});

test("the unawaited ones among thousands are all reported, each once", () => {
  const r = runDSL(HEADER + `
async function used(i: number) { return i; }
async function forgotten(i: number) { return i; }
async function main() {
  for (let i = 0; i < 4000; i++) {
    await used(i);
    if (i % 1000 === 0) forgotten(i);
  }
}
asyncio.run(main());
`);
  expect(r.status).toBe(0);
  expect(count(r.stderr, warning("forgotten"))).toBe(4);
  expect(count(r.stderr, "was never awaited")).toBe(4);
});

test("without any loop, a coroutine created at module level warns at exit", () => {
  const r = runDSL(HEADER + `
async function lonely() {}
lonely();
print("bye");
`);
  expect(r.status).toBe(0);
  expect(r.stdout).toBe("bye\n");
  expect(count(r.stderr, warning("lonely"))).toBe(1);
});

test("debug mode adds where the coroutine was created", () => {
  const r = runDSL(HEADER + `
async function side() {}
async function main() {
  side();
}
asyncio.run(main(), { debug: true });
`);
  expect(count(r.stderr, warning("side"))).toBe(1);
  expect(r.stderr).toMatch(/Coroutine created at \(most recent call last\)/);
});

test("debug mode's creation frames keep a user file whose path contains /runtime/ (only asyncts's own folders are hidden)", () => {
  const dir = writeProject({ "runtime/main.ts": HEADER + `
async function side() {}
async function main() {
  side();
}
asyncio.run(main(), { debug: true });
` });
  const r = cli(["run", "--clock", "virtual", "runtime/main.ts"], dir);
  expect(count(r.stderr, warning("side"))).toBe(1);
  expect(r.stderr).toMatch(/Coroutine created at \(most recent call last\)\n {2}File ".*[\\/]runtime[\\/]main\.ts", line 6, in main\n/);
  expect(r.stderr).not.toMatch(/asyncts[\\/](dist|runtime)[\\/]|reliability[\\/](dist|runtime)[\\/]/);
});

test("the watch list stays within twice the coroutines not yet started, and is not swept while they all wait", async () => {
  const { Coroutine, _watched_length, _started } = await import("../runtime/coroutines.js");
  function* body() {}
  const base = _watched_length();
  // 100,000 created and started one by one (what a loop of awaits does): swept as it goes.
  for (let i = 0; i < 100_000; i++) {
    const c = new Coroutine(body(), "leaf");
    c._state = 1; // STARTED, as the Task's trampoline marks it
    _started(c);
  }
  expect(_watched_length() - base).toBeLessThanOrEqual(2048);
  // 50,000 kept unstarted (gather's arguments before it runs): all listed, none lost.
  const held = [];
  for (let i = 0; i < 50_000; i++) held.push(new Coroutine(body(), "held"));
  expect(_watched_length()).toBeGreaterThanOrEqual(50_000);
  expect(_watched_length()).toBeLessThanOrEqual(50_000 + base + 2048);
  for (const c of held) c.close();
});

test("the runtime's own coroutines warn under CPython's qualified names when never awaited", () => {
  const r = runDSL(HEADER + `
async function main() {
  const q = new asyncio.Queue<number>();
  q.put(1); // unbounded: run inline when awaited, still a coroutine that can be forgotten
  new asyncio.Queue<number>(1).put(2);
  q.get();
  new asyncio.Lock().acquire();
  new asyncio.Event().wait();
  await q.put(3); // awaited: no warning
  print("done");
}
asyncio.run(main());
`);
  expect(r.status).toBe(0);
  expect(r.stdout).toBe("done\n");
  expect(count(r.stderr, warning("Queue.put"))).toBe(2);
  for (const name of ["Queue.get", "Lock.acquire", "Event.wait"]) expect(count(r.stderr, warning(name))).toBe(1);
  expect(count(r.stderr, "was never awaited")).toBe(5);
});
