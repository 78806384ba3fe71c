// Ctrl-C and signal handlers reach a loop that never waits (issue 8 §3): Node delivers a
// signal only when it has control, so a loop busy with `await sleep(0)` must still hand
// control to Node every few ms while a signal listener is installed (asyncio.run's SIGINT
// handler, loop.add_signal_handler). Real child processes, real signals.
import { test, expect } from "vitest";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeProject, CLI, HEADER, cli, ROOT } from "./util.js";

interface Child {
  stdout: string;
  stderr: string;
  exit: Promise<{ code: number | null; signal: string | null }>;
  waitFor(stream: "stdout" | "stderr", text: string, ms?: number): Promise<number>;
  kill(sig: NodeJS.Signals): void;
}

function start(dir: string, args: string[]): Child {
  const child = spawn(process.execPath, [CLI, "run", ...args], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  const c: Child = {
    stdout: "",
    stderr: "",
    exit: new Promise((res) => child.on("close", (code, signal) => res({ code, signal }))),
    waitFor(stream, text, ms = 20_000) {
      const t0 = Date.now();
      return new Promise((res, rej) => {
        const check = () => {
          if (c[stream].includes(text)) return res(Date.now() - t0);
          if (Date.now() - t0 > ms) return rej(new Error(`timed out waiting for ${JSON.stringify(text)} on ${stream}; stdout=${JSON.stringify(c.stdout)} stderr=${JSON.stringify(c.stderr)}`));
          setTimeout(check, 2);
        };
        check();
      });
    },
    kill: (sig) => child.kill(sig),
  };
  child.stdout.on("data", (d) => (c.stdout += d));
  child.stderr.on("data", (d) => (c.stderr += d));
  setTimeout(() => child.kill("SIGKILL"), 30_000).unref();
  return c;
}

const BUSY = HEADER + `
async function other() {
  try { await new asyncio.Event().wait(); } finally { print("other finally"); }
}
async function main() {
  asyncio.create_task(other());
  let n = 0;
  try {
    for (;;) {
      await asyncio.sleep(0);
      if (++n === 1000) process.stderr.write("busy\\n");
    }
  } finally {
    print("main finally");
    await new asyncio.Event().wait();
  }
}
asyncio.run(main());
`;

// Both tasks wait on Events no timer sets, so under either clock only the second Ctrl-C
// can end them (with sleep(100) the virtual clock ended the program after the first, and
// the second then raced the exit: Node's default action killed it before the traceback).
// CPython 3.12 (run by hand): stdout "main finally\nother finally\n", the traceback ending
// in KeyboardInterrupt on stderr, killed by SIGINT.
test("Ctrl-C in a busy loop: the first cancels main, the second raises KeyboardInterrupt; other tasks' finally run; killed by SIGINT as CPython", async () => {
  const dir = writeProject({ "main.ts": BUSY });
  for (const clock of ["real", "virtual"]) {
    const c = start(dir, ["--clock", clock, "main.ts"]);
    await c.waitFor("stderr", "busy");
    c.kill("SIGINT");
    // a few ms unloaded (the busy slice is 4 ms); a loop that ignored signals would never print it
    await c.waitFor("stdout", "main finally\n");
    c.kill("SIGINT");
    const { code, signal } = await c.exit;
    expect({ code, signal }).toEqual({ code: null, signal: "SIGINT" });
    expect(c.stdout).toBe("main finally\nother finally\n");
    expect(c.stderr).toMatch(/^busy\nTraceback \(most recent call last\):\n {2}File ".*main\.ts", line \d+, in <module>\nKeyboardInterrupt\n$/);
  }
});

test("Ctrl-C once: main's CancelledError becomes KeyboardInterrupt, as Runner.run does", async () => {
  const dir = writeProject({ "main.ts": HEADER + `
async function main() {
  let n = 0;
  try {
    for (;;) { await asyncio.sleep(0); if (++n === 1000) process.stderr.write("busy\\n"); }
  } finally {
    print("main finally");
  }
}
asyncio.run(main());
print("not reached");
` });
  const c = start(dir, ["main.ts"]);
  await c.waitFor("stderr", "busy");
  c.kill("SIGINT");
  const { code, signal } = await c.exit;
  expect({ code, signal }).toEqual({ code: null, signal: "SIGINT" });
  expect(c.stdout).toBe("main finally\n");
  expect(c.stderr.endsWith("\nKeyboardInterrupt\n")).toBe(true);
});

test("add_signal_handler callbacks run within a few ms of a busy loop's iterations", async () => {
  const dir = writeProject({ "main.ts": HEADER + `
async function main() {
  const loop = asyncio.get_running_loop();
  let stop = false, n = 0;
  loop.add_signal_handler("SIGUSR1", () => { print("got SIGUSR1"); stop = true; });
  while (!stop) { await asyncio.sleep(0); if (++n === 1000) process.stderr.write("busy\\n"); }
  print("stopped");
}
asyncio.run(main());
` });
  const c = start(dir, ["main.ts"]);
  await c.waitFor("stderr", "busy");
  c.kill("SIGUSR1");
  const { code } = await c.exit;
  expect(code).toBe(0);
  expect(c.stdout).toBe("got SIGUSR1\nstopped\n");
});

test("no SIGINT listener is left behind after asyncio.run", () => {
  const r = cli(["run", "main.ts"], writeProject({ "main.ts": HEADER + `
async function main() { print("in run", process.listenerCount("SIGINT")); }
asyncio.run(main());
print("after run", process.listenerCount("SIGINT"));
` }));
  expect(r.stdout).toBe("in run 1\nafter run 0\n");
});

test("a signal sent before a timer wait runs its handler first, under the real clock too (fixture handles/signal_handler_prompt)", () => {
  const dir = join(ROOT, "fixtures", "handles", "signal_handler_prompt");
  const expected = readFileSync(join(dir, "expected.txt"), "utf8");
  const r = cli(["run", "--clock", "real", "main.ts"], dir);
  expect(r.stderr).toBe("");
  // Real loop times start where the process's monotonic clock is: compare the order only.
  const shape = (s: string) => s.replace(/ \d+\.\d\d$/gm, "");
  expect(shape(r.stdout)).toBe(shape(expected));
});
