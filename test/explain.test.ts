// `asyncts explain`: both transcripts come from real runs (native JS through the native
// shim, asyncio through `asyncts run`); the first divergence names the rule at work.
import { test, expect, describe } from "vitest";
import { cli, ROOT } from "./util.js";
import { toNative } from "../cli/explain/native.js";

function explain(file: string): any {
  const r = cli(["explain", "--json", file], ROOT);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

describe("asyncts explain", () => {
  test("the Start/End/Promise/Timeout puzzle: the microtask rule", () => {
    const r = explain("examples/teaching/promise-timeout.ts");
    expect(r.native).toEqual(["Start", "End", "Promise", "Timeout"]);
    expect(r.asyncio).toEqual(["Start", "End", "Timeout", "Promise"]);
    expect(r.first_divergence).toMatchObject({ line: 3, rule: "microtask" });
    expect(r.first_divergence.reason).toMatch(/^microtasks run before the next macrotask/);
  });

  test("a single task that sleeps: lazy vs eager", () => {
    const r = explain("examples/teaching/single-task.ts");
    expect(r.native).toEqual(["main: before create_task", "worker: start", "main: after create_task", "worker: done", "main: end"]);
    expect(r.asyncio).toEqual(["main: before create_task", "main: after create_task", "worker: start", "worker: done", "main: end"]);
    expect(r.first_divergence).toMatchObject({ line: 2, rule: "lazy" });
  });

  test("the gather of two tasks: no divergence", () => {
    const r = explain("examples/teaching/gather.ts");
    expect(r.native).toEqual(r.asyncio);
    expect(r.asyncio).toEqual(["Task 1 started", "Task 2 started", "Task 2 finished", "Task 1 finished"]);
    expect(r.first_divergence).toBeNull();
  });

  test("await coro() runs inline; one FIFO ready queue", () => {
    const inline = explain("examples/teaching/inline-await.ts");
    expect(inline.native).toEqual(["A 0", "B 0", "A 10", "B 10", "A 20", "B 20"]);
    expect(inline.asyncio).toEqual(["A 0", "A 10", "A 20", "B 0", "B 10", "B 20"]);
    expect(inline.first_divergence).toMatchObject({ line: 2, rule: "inline" });
    const fifo = explain("examples/teaching/ready-queue.ts");
    expect(fifo.first_divergence).toMatchObject({ line: 1, rule: "fifo" });
  });

  test("an API without a native counterpart is named, not guessed", () => {
    const r = explain("examples/teaching/queue-unsupported.ts");
    expect(r.unsupported).toBe("Queue");
    expect(r.asyncio).toEqual(["got 1"]);
    expect(r.first_divergence).toBeNull();
    const text = cli(["explain", "examples/teaching/queue-unsupported.ts"], ROOT);
    expect(text.stdout).toMatch(/native: asyncio\.Queue has no natural native counterpart/);
  });

  test("the text form shows both columns and the reason", () => {
    const r = cli(["explain", "examples/teaching/never-awaited.ts"], ROOT);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/native JavaScript +asyncio \(asyncts run\)/);
    expect(r.stdout).toMatch(/  1  saving draft +≠ main goes on/);
    expect(r.stdout).toMatch(/Why: a coroutine does not run until awaited \(lazy vs eager\)/);
    expect(r.stdout).toMatch(/asyncio also warned: RuntimeWarning: coroutine 'save' was never awaited/);
  });
});

describe("the native compile mode", () => {
  const shim = "file:///shim.js";
  test("rewrites only the asyncts imports and awaits module-level run()", () => {
    const src = `import * as asyncio from "asyncts";\nimport { print, run as go } from "asyncts";\nimport type { Task } from "asyncts";\nasync function main(): Promise<void> { await asyncio.sleep(0); print("x"); }\nasyncio.run(main());\ngo(main());\nconst v = asyncio.run(main());\n`;
    const { code } = toNative(src, "main.ts", shim);
    expect(code).toContain(`import $asyncts_native from "file:///shim.js"; const asyncio = $asyncts_native;`);
    expect(code).toContain(`const print = $asyncts_native.print, go = $asyncts_native.run;`);
    expect(code).toContain("async function main()"); // native, untouched
    expect(code).not.toMatch(/Promise<void>|import type/);
    expect(code).toContain("await asyncio.run(main());");
    expect(code).toContain("await go(main());");
    expect(code).toContain("const v = await asyncio.run(main());");
  });
  test("refuses programs that import other TypeScript files", () => {
    const r = toNative(`import * as asyncio from "asyncts";\nimport { f } from "./other.ts";\n`, "main.ts", shim);
    expect(r.code).toBeNull();
    expect(r.error).toMatch(/one-file programs/);
  });
});
