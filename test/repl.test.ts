// `asyncts repl` through piped stdin: top-level await on one live loop, tasks that keep
// running between prompts, persistent declarations, echo of values, errors that don't end it.
import { test, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { CLI, ROOT } from "./util.js";

function session(lines: string[]): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [CLI, "repl"], { cwd: ROOT, input: lines.join("\n") + "\n", encoding: "utf8", timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

test("top-level await on a live loop; a task from one prompt runs on while the next awaits", () => {
  const r = session([
    "async function tick(n: number) { for (let i = 0; i < n; i++) { await asyncio.sleep(0.05); print('tick', i); } return n; }",
    "const t = asyncio.create_task(tick(3))",
    "print('created', t.get_name(), t.done())",
    "await asyncio.sleep(0.5)", // tick prints while this prompt waits
    "t.done()",
    "await t",
    "const x = await asyncio.sleep(0, 'hello')",
    "x + '!'",
    "import { sleep } from 'asyncts'",
    "await sleep(0, [1, null])",
    "async function two() {",
    "  return 2;",
    "}",
    "await two()",
    "null",
  ]);
  expect(r.status).toBe(0);
  expect(r.stdout).toBe("created Task-1 False\ntick 0\ntick 1\ntick 2\nTrue\n3\n'hello!'\n[1, None]\n2\n");
  expect(r.stderr).toMatch(/^asyncio REPL/);
  expect(r.stderr).toMatch(/exiting asyncio REPL\.\.\.\n$/);
});

test("an exception prints its traceback and the session goes on", () => {
  const r = session(["throw new asyncio.ValueError('bad')", "await asyncio.wait_for(asyncio.sleep(10), 0.01)", "nope", "print('still here')"]);
  expect(r.status).toBe(0);
  expect(r.stdout).toBe("still here\n");
  expect(r.stderr).toMatch(/Traceback \(most recent call last\):\n(.*\n)*ValueError: bad\n/);
  expect(r.stderr).toMatch(/TimeoutError/);
  expect(r.stderr).toMatch(/ReferenceError: nope is not defined/);
  expect(r.stderr).not.toMatch(/dist[\\/]chunks/); // the REPL's own frames are not shown
});
