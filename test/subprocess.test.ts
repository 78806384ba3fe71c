// Subprocesses beyond what fixtures can pin down: big data through pipes (communicate never
// deadlocks), cancel-safety, shutdown with children still running, the standard-streams
// recipe and the Node stream adapters. Deterministic behaviours are fixtures/subprocess/*.
import { test, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { runDSL, HEADER, CLI } from "./util.js";

function out(body: string, opts: { clock?: "real" | "virtual"; files?: Record<string, string> } = {}): string {
  const r = runDSL(HEADER + "const { PIPE, STDOUT, DEVNULL } = asyncio.subprocess;\n" + body, { clock: opts.clock ?? "real", files: opts.files });
  if (r.status !== 0) throw new Error(`exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

test("50 MiB through cat with communicate() comes back intact", () => {
  expect(out(`
async function main() {
  const data = new Uint8Array(50 * 1024 * 1024);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7) & 255;
  const cat = await asyncio.create_subprocess_exec("cat", asyncio.kw({ stdin: PIPE, stdout: PIPE }));
  const [got, err] = await cat.communicate(data);
  print(got!.length, Buffer.compare(got!, data) === 0, err, cat.returncode);
}
asyncio.run(main());
`)).toBe("52428800 True None 0\n");
}, 120_000);

test("a child writing 20 MiB to stdout and 20 MiB to stderr at once does not deadlock communicate()", () => {
  expect(out(`
async function main() {
  const p = await asyncio.create_subprocess_shell("head -c 20971520 /dev/zero & head -c 20971520 /dev/zero >&2; wait", { stdout: PIPE, stderr: PIPE });
  const [o, e] = await p.communicate();
  print(o!.length, e!.length, p.returncode);
}
asyncio.run(main());
`)).toBe("20971520 20971520 0\n");
}, 120_000);

test("communicate() is cancel-safe: after a timeout, a second call returns everything", () => {
  expect(out(`
async function main() {
  const p = await asyncio.create_subprocess_shell("echo first; sleep 0.5; echo second; echo err >&2", { stdout: PIPE, stderr: PIPE, stdin: PIPE });
  try {
    await asyncio.wait_for(p.communicate(new TextEncoder().encode("ignored")), 0.2);
  } catch (e: any) { print("timeout:", e.name); }
  print(await p.communicate(), p.returncode);
}
asyncio.run(main());
`)).toBe("timeout: TimeoutError\n[b'first\\nsecond\\n', b'err\\n'] 0\n");
});

test("asyncio.run() returns at once with a child still running; the program exits without waiting for it", () => {
  const t0 = Date.now();
  expect(out(`
async function main() {
  const p = await asyncio.create_subprocess_exec("sleep", "30", asyncio.kw({ stdout: PIPE, stderr: DEVNULL })); // an inherited stderr would hold the test's pipe open
  const w = asyncio.create_task(p.wait());
  await asyncio.sleep(0.05);
  print("main done", p.returncode);
}
asyncio.run(main());
print("after run");
`)).toBe("main done None\nafter run\n");
  expect(Date.now() - t0).toBeLessThan(20_000);
});

test("a child that exits early: writes then drain() raise BrokenPipeError or ConnectionResetError, communicate() ignores them", () => {
  const text = out(`
async function main() {
  const p = await asyncio.create_subprocess_exec("true", asyncio.kw({ stdin: PIPE }));
  await p.wait();
  const chunk = new Uint8Array(1 << 20);
  try {
    for (let i = 0; i < 10; i++) { p.stdin!.write(chunk); await p.stdin!.drain(); }
    print("no error");
  } catch (e: any) { print(e instanceof asyncio.BrokenPipeError || e instanceof asyncio.ConnectionResetError ? "pipe error" : e.name); }
  const q = await asyncio.create_subprocess_exec("sh", "-c", "exit 4", asyncio.kw({ stdin: PIPE, stdout: PIPE }));
  print(await q.communicate(new Uint8Array(4 << 20)), q.returncode);
}
asyncio.run(main());
`);
  expect(text).toBe("pipe error\n[b'', None] 4\n");
});

test("the virtual clock waits for a running child in real time (wait_for does not time out at once)", () => {
  expect(out(`
async function main() {
  const p = await asyncio.create_subprocess_exec("sleep", "0.3");
  print(await asyncio.wait_for(p.wait(), 10), asyncio.get_running_loop().time() < 10);
}
asyncio.run(main());
`, { clock: "virtual" })).toBe("0 True\n");
});

test("standard streams: connect_read_pipe over process.stdin reads lines while other tasks run; a StreamWriter over process.stdout keeps order with print", () => {
  const dir = runDSL(HEADER + `
async function ticker() { for (let i = 0; ; i++) { await asyncio.sleep(0.01); } }
async function main() {
  const loop = asyncio.get_running_loop();
  const reader = new asyncio.StreamReader();
  await loop.connect_read_pipe(() => new asyncio.StreamReaderProtocol(reader), process.stdin);
  const [wt, wp] = await loop.connect_write_pipe(() => new asyncio.FlowControlMixin(), process.stdout);
  const writer = new asyncio.StreamWriter(wt, wp, null, loop);
  const t = asyncio.create_task(ticker());
  let n = 0;
  for await (const line of reader) {
    print("print", n);
    writer.write(new TextEncoder().encode("writer " + new TextDecoder().decode(line)));
    await writer.drain();
    n++;
  }
  print("eof after", n, "lines; ticker alive:", !t.done());
  t.cancel();
}
asyncio.run(main());
`, { clock: "real" }).dir;
  const r = spawnSync(process.execPath, [CLI, "run", "main.ts"], { cwd: dir, input: "a\nb\nc\n", encoding: "utf8", timeout: 60_000 });
  expect(r.stderr).toBe("");
  expect(r.stdout).toBe("print 0\nwriter a\nprint 1\nwriter b\nprint 2\nwriter c\neof after 3 lines; ticker alive: True\n");
  void join;
});
