// Call graphs (CPython 3.14's asyncio.graph) and `asyncts ps/pstree PID` on a live process.
import { test, expect } from "vitest";
import { spawn } from "node:child_process";
import { runDSL, HEADER, cli, CLI, ROOT } from "./util.js";

test("capture/format/print_call_graph: the await chain, through gather, innermost frame first", () => {
  const r = runDSL(HEADER + `
async function leaf() {
  asyncio.print_call_graph();
  const g = asyncio.capture_call_graph()!;
  print(g.future === asyncio.current_task(), g.call_stack.map((e) => e.frame.__name__), g.awaited_by.length);
  print(asyncio.format_call_graph(null, { limit: 0 }));
  await asyncio.sleep(0);
}
async function middle() { await leaf(); }
async function main() {
  await asyncio.gather(asyncio.create_task(middle(), { name: "w" }));
  print(asyncio.format_call_graph(asyncio.current_task()!).split("\\n")[0].replace(/0x[0-9a-f]+/, "ID"));
}
asyncio.run(main());
`);
  expect(r.stderr).toBe("");
  const out = r.stdout.replace(/0x[0-9a-f]+/g, "ID");
  expect(out).toBe(
    [
      "* Task(name='w', id=ID)",
      "  + Call stack:",
      "  |   in async leaf()",
      "  |   in async middle()",
      "  + Awaited by:",
      "    * Task(name='Task-1', id=ID)",
      "      + Call stack:",
      "      |   in async main()",
      "True ['leaf', 'middle'] 1",
      // limit=0: no call stacks, only who awaits whom
      "* Task(name='w', id=ID)",
      "  + Awaited by:",
      "    * Task(name='Task-1', id=ID)",
      "* Task(name='Task-1', id=ID)",
      "",
    ].join("\n"),
  );
});

test("capture_call_graph outside a loop without a future is RuntimeError", () => {
  const r = runDSL(HEADER + `asyncio.capture_call_graph();\n`);
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/RuntimeError: capture_call_graph\(\) is called outside of a running event loop/);
});

test("asyncts ps / pstree PID read the tasks of a running asyncts run (SIGUSR2 snapshot)", async () => {
  const child = spawn(process.execPath, [CLI, "run", "examples/teaching/call-graph.ts", "60"], { cwd: ROOT });
  try {
    // The program prints its own call graph, then sleeps (the loop waits on Node: it can answer).
    await new Promise<void>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d) => {
        out += d;
        if (out.includes("in async main()")) resolve();
      });
      child.on("exit", (code) => reject(new Error(`exited early (${code}): ${out}`)));
    });
    const tree = cli(["pstree", String(child.pid)], ROOT);
    expect(tree.stderr).toBe("");
    expect(tree.stdout).toBe(
      ["└── (T) Task-1", "    └──  main", "        ├── (T) worker-a", "        │   └──  middle", "        │       └──  leaf", "        └── (T) worker-b", "            └──  leaf", ""].join("\n"),
    );
    const table = cli(["ps", String(child.pid)], ROOT);
    const rows = table.stdout.split("\n");
    expect(rows[0]).toMatch(/^tid +task id +task name +coroutine stack +awaiter chain +awaiter name +awaiter id$/);
    expect(rows.slice(2).filter(Boolean).map((l) => l.split(/ {2,}/).slice(2))).toEqual([
      ["Task-1", "main", "0x0"],
      ["worker-a", "leaf -> middle", "main", "Task-1", "0x1010"],
      ["worker-b", "leaf", "main", "Task-1", "0x1010"],
    ]);
    const json = JSON.parse(cli(["ps", "--json", String(child.pid)], ROOT).stdout);
    expect(json.pid).toBe(child.pid);
    expect(json.tasks.map((t: any) => [t.name, t.coroutine_stack, t.awaited_by.length])).toEqual([
      ["Task-1", ["main"], 0],
      ["worker-a", ["leaf", "middle"], 1],
      ["worker-b", ["leaf"], 1],
    ]);
    expect(child.exitCode).toBeNull(); // still running: the signal did not end it
  } finally {
    child.kill();
  }
});

test("ps refuses a process that is not an asyncts run", () => {
  const r = cli(["ps", String(process.pid)], ROOT);
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/is not an 'asyncts run' process/);
});
