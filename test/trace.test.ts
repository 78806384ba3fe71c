// `asyncts trace`: the recorder on the real loop, its Chrome JSON, and the HTML timeline
// opened in a real headless Chromium (Debian's chromium, driven by its own --dump-dom: no
// extra npm dependency). Console messages reach chromium's log as INFO:CONSOLE lines; a
// control page that logs on purpose proves the check can see them.
import { test, expect, describe } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { cli, ROOT, writeProject, HEADER } from "./util.js";

const CHROMIUM = process.env.ASYNCTS_CHROMIUM ?? "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
// CI installs chromium (.ci/run) and sets this, so a missing browser fails there instead of skipping.
const requireChromium = !!process.env.ASYNCTS_REQUIRE_CHROMIUM;
const GATHER_OUT = "Task 1 started\nTask 2 started\nTask 2 finished\nTask 1 finished\n";

function tmpOut(name: string): string {
  const dir = join(ROOT, "test", ".tmp");
  mkdirSync(dir, { recursive: true });
  return join(dir, `${process.pid}-${name}`);
}

/** Loads a page in headless chromium: the DOM after its scripts ran, and its console lines. */
function chromium(file: string): { dom: string; console: string[] } {
  const r = spawnSync(
    CHROMIUM,
    ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--enable-logging=stderr", "--v=0", "--dump-dom", `file://${file}`],
    { encoding: "utf8", timeout: 90_000 },
  );
  if (r.status !== 0) throw new Error(`chromium failed (${r.status}): ${r.stderr}`);
  return { dom: r.stdout, console: r.stderr.split("\n").filter((l) => l.includes(":CONSOLE")) };
}

describe("asyncts trace", () => {
  test("writes Chrome trace-event JSON: a track per task named as the task and its coroutine", () => {
    const out = tmpOut("tasks.json");
    const r = cli(["trace", "--clock", "virtual", "-o", out, "examples/tasks.ts"], ROOT);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(GATHER_OUT); // stdout stays the program's
    expect(r.stderr).toMatch(/asyncts trace: wrote .*tasks\.json/);
    const trace = JSON.parse(readFileSync(out, "utf8"));
    const names = trace.traceEvents.filter((e: any) => e.ph === "M" && e.name === "thread_name").map((e: any) => e.args.name);
    expect(names.slice(0, 4)).toEqual(["event loop", "Task-1 main()", "Task-2 task()", "Task-3 task()"]);
    const steps = trace.traceEvents.filter((e: any) => e.ph === "X" && e.cat === "task");
    for (const s of steps) expect(typeof s.ts === "number" && typeof s.dur === "number" && typeof s.tid === "number").toBe(true);
    // main: awaits the gather, then returns; each child: sleeps, then returns.
    const of = (tid: number) => steps.filter((s: any) => s.tid === tid).map((s: any) => s.args.then);
    expect(of(1)).toEqual(["awaits gather(Task-2, Task-3)", "returned None"]);
    expect(of(2)).toEqual(["sleep until t=3.0", "returned None"]);
    expect(of(3)).toEqual(["sleep until t=1.0", "returned None"]);
    // Iterations carry loop time and the ready queue as it was.
    const it0 = trace.traceEvents.find((e: any) => e.name === "iteration 0");
    expect(it0.args).toMatchObject({ loop_time: 0, ready: ["step Task-1 (main())"] });
    const it1 = trace.traceEvents.find((e: any) => e.name === "iteration 1");
    expect(it1.args.ready).toEqual(["step Task-2 (task())", "step Task-3 (task())"]);
  });

  test("records cancellation and exceptions, and still writes after an uncaught exception", () => {
    const dir = writeProject({
      "main.ts": HEADER + `
async function forever() { await asyncio.sleep(100); }
async function boom() { await asyncio.sleep(0); throw new asyncio.ValueError("bad"); }
async function main() {
  const t = asyncio.create_task(forever());
  const b = asyncio.create_task(boom());
  await asyncio.sleep(0.5);
  t.cancel();
  await asyncio.sleep(0);
  await b;
}
asyncio.run(main());
`,
    });
    const r = cli(["trace", "--clock", "virtual", "-o", "out.json", "main.ts"], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/ValueError: bad/);
    const ev = JSON.parse(readFileSync(join(dir, "out.json"), "utf8")).traceEvents.filter((e: any) => e.cat === "task");
    const outcomes = ev.map((e: any) => `${e.args.task}:${e.args.outcome}`);
    expect(outcomes).toContain("Task-2:cancelled");
    expect(outcomes).toContain("Task-3:error");
    expect(ev.find((e: any) => e.args.outcome === "error").args.then).toBe("raised ValueError: bad");
  });

  test("a task that threw null or undefined is recorded as raised, not as returning None", () => {
    const dir = writeProject({
      "main.ts": HEADER + `
async function nul() { await asyncio.sleep(0); throw null; }
async function und() { await asyncio.sleep(0); throw undefined; }
async function ok() { await asyncio.sleep(0); return null; }
async function main() {
  const ts = [asyncio.create_task(nul()), asyncio.create_task(und()), asyncio.create_task(ok())];
  await asyncio.wait(ts);
  for (const t of ts) print(t.get_name(), t.done());
}
asyncio.run(main());
`,
    });
    const r = cli(["trace", "--clock", "virtual", "-o", "out.json", "main.ts"], dir);
    expect(r.stdout).toBe("Task-2 True\nTask-3 True\nTask-4 True\n");
    const ev = JSON.parse(readFileSync(join(dir, "out.json"), "utf8")).traceEvents.filter((e: any) => e.cat === "task");
    const last = (name: string) => ev.filter((e: any) => e.args.task === name).pop().args;
    expect([last("Task-2").outcome, last("Task-2").then]).toEqual(["error", "raised null"]);
    expect([last("Task-3").outcome, last("Task-3").then]).toEqual(["error", "raised undefined"]);
    expect([last("Task-4").outcome, last("Task-4").then]).toEqual(["done", "returned None"]);
  });

  test("the HTML is self-contained: no external scripts, styles or fetches", () => {
    const out = tmpOut("tasks.html");
    const r = cli(["trace", "--clock", "virtual", "-o", out, "examples/tasks.ts"], ROOT);
    expect(r.status).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script[^>]+src=|<link|https?:\/\/|fetch\(|import\(/);
  });

  test.skipIf(!haveChromium && !requireChromium)("the HTML loads in headless Chromium with no console output and one lane per task", () => {
    // Control: the console check sees a page that logs and throws.
    const bad = tmpOut("bad.html");
    writeFileSync(bad, `<!doctype html><body><script>console.error("control"); null.f();</script></body>`);
    const control = chromium(bad);
    expect(control.console.join("\n")).toMatch(/control/);
    expect(control.console.join("\n")).toMatch(/Uncaught TypeError/);

    const out = tmpOut("tasks-chromium.html");
    expect(cli(["trace", "--clock", "virtual", "-o", out, "examples/tasks.ts"], ROOT).status).toBe(0);
    const { dom, console } = chromium(out);
    expect(console).toEqual([]);
    expect(dom).toMatch(/<body data-ready="1"/); // the page script ran to its end
    const lanes = [...dom.matchAll(/class="lane" data-task="([^"]+)"/g)].map((m) => m[1]);
    // gather's program: main and its two tasks, then the two asyncio.run shutdown steps (as in CPython).
    expect(lanes).toEqual(["Task-1", "Task-2", "Task-3", "Task-4", "Task-5"]);
    expect(dom).toMatch(/shutdown_asyncgens\(\)/);
    expect((dom.match(/class="bar /g) ?? []).length).toBeGreaterThanOrEqual(6);
    expect(dom).toMatch(/class="tick[^"]*"[^>]*data-iter="0"/);
    // The side panel shows iteration 0's ready queue on load.
    expect(dom).toMatch(/Iteration #0 · loop time 0<\/h2>.*step Task-1 \(main\(\)\)/s);
  });
});
