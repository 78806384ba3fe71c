// Sockets beyond the fixture pairs: leaks over many connections, a forgotten server that
// must not hold the process open, CPython peers on the other end (10 MiB by checksum, 1,000
// concurrent clients), and the write buffer bound under a slow reader.
import { test, expect } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runDSL, writeProject, cli, HEADER } from "./util.js";

const PY = process.env.ASYNCTS_PYTHON ?? "python3";
const PYENV = { ...process.env, PYENV_VERSION: process.env.PYENV_VERSION ?? "3.12.1" };

function countSockets(): string {
  // _getActiveHandles() lists unref'd handles too (getActiveResourcesInfo() does not).
  return `(process as any)._getActiveHandles().filter((h: any) => h.constructor.name === "Socket" && !h.destroyed && h._handle && h._handle.constructor.name !== "TTY" && h._handle.constructor.name !== "Pipe").length`;
}

test("100 connect/close cycles leave no socket behind, and a server left open does not keep Node alive", () => {
  const src = `${HEADER}import { bytes } from "asyncts";
async function handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) {
  writer.write(await reader.readline());
  await writer.drain();
  writer.close();
  await writer.wait_closed();
}
async function main() {
  const loop: any = asyncio.get_running_loop();
  const server = await asyncio.start_server(handle, "127.0.0.1", 0);
  const port = server.sockets[0].getsockname()[1] as number;
  let ok = 0;
  for (let i = 0; i < 100; i++) {
    const [r, w] = await asyncio.open_connection("127.0.0.1", port);
    w.write(bytes(\`ping \${i}\\n\`));
    if (asyncio.decode(await r.readline()) === \`ping \${i}\\n\`) ok++;
    w.close();
    await w.wait_closed();
  }
  while (server._active_count) await asyncio.sleep(0.001);
  print("ok", ok, "outside", loop._outside, "sockets", ${countSockets()});
  // Left open on purpose: a listening server and a connected client.
  await asyncio.open_connection("127.0.0.1", port);
  print("end of main");
}
asyncio.run(main());
print("after run");
`;
  const t0 = Date.now();
  const r = runDSL(src, { clock: "real" });
  expect(r.stderr).toBe("");
  expect(r.stdout).toBe("ok 100 outside 1 sockets 0\nend of main\nafter run\n");
  expect(r.status).toBe(0);
  expect(Date.now() - t0).toBeLessThan(20_000);
});

test("an asyncts client talks to a CPython asyncio server: 10 MiB echoed, checked by sha256", async () => {
  const dir = writeProject({
    "server.py": `import asyncio, sys
async def handle(reader, writer):
    while data := await reader.read(65536):
        writer.write(data)
        await writer.drain()
    writer.close()
async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await asyncio.sleep(60)
asyncio.run(main())
`,
    "main.ts": `${HEADER}import { createHash } from "node:crypto";
async function main() {
  const port = Number(process.argv[2]);
  const [reader, writer] = await asyncio.open_connection("127.0.0.1", port);
  const data = Buffer.alloc(10 * 1024 * 1024);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7919) & 255;
  async function send() {
    for (let off = 0; off < data.length; off += 100000) {
      writer.write(data.subarray(off, off + 100000));
      await writer.drain();
    }
    writer.write_eof();
  }
  const sender = asyncio.create_task(send());
  const back = await reader.read();
  await sender;
  const h = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
  print(back.length, h(back) === h(data));
  writer.close();
  await writer.wait_closed();
}
asyncio.run(main());
`,
  });
  const server = spawn(PY, ["server.py"], { cwd: dir, env: PYENV, stdio: ["ignore", "pipe", "inherit"] });
  try {
    const port = await new Promise<string>((resolve) => server.stdout.once("data", (d) => resolve(String(d).trim())));
    const r = cli(["run", "main.ts", port], dir);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("10485760 True\n");
  } finally {
    server.kill();
  }
});

test("an asyncts server serves 1,000 concurrent CPython clients x 20 lines, nothing lost", async () => {
  const dir = writeProject({
    "main.ts": `${HEADER}
let lines = 0;
async function handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) {
  for await (const line of reader) {
    lines++;
    writer.write(line);
    await writer.drain();
  }
  writer.close();
}
async function main() {
  const server = await asyncio.start_server(handle, "127.0.0.1", 0, { backlog: 2048 });
  print(server.sockets[0].getsockname()[1]);
  asyncio.stdout.write("");
  while (lines < 20000) await asyncio.sleep(0.05);
  await asyncio.sleep(0.2);
  server.close();
  print("served", lines);
}
asyncio.run(main());
`,
    "clients.py": `import asyncio, sys
async def client(port, i):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    ok = 0
    for j in range(20):
        msg = f"client {i} line {j}\\n".encode()
        writer.write(msg)
        await writer.drain()
        if await reader.readline() == msg:
            ok += 1
    writer.close()
    await writer.wait_closed()
    return ok
async def main():
    port = int(sys.argv[1])
    results = await asyncio.gather(*(client(port, i) for i in range(1000)))
    print(sum(results))
asyncio.run(main())
`,
  });
  const { CLI } = await import("./util.js");
  const server = spawn("sh", ["-c", `ulimit -n 8192; exec "${process.execPath}" "${CLI}" run main.ts`], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  server.stderr.on("data", (d) => (err += d));
  const port = await new Promise<string>((resolve) => server.stdout.on("data", (d) => {
    out += d;
    if (out.includes("\n")) resolve(out.split("\n")[0].trim());
  }));
  const c = spawnSync("sh", ["-c", `ulimit -n 8192; exec ${PY} clients.py ${port}`], { cwd: dir, env: PYENV, encoding: "utf8", timeout: 120_000 });
  expect(c.stderr).toBe("");
  expect(c.stdout).toBe("20000\n");
  await new Promise((resolve) => server.on("exit", resolve));
  expect(err).toBe("");
  expect(out).toBe(`${port}\nserved 20000\n`);
}, 180_000);

test("flow control: writing to a slow reader keeps the write buffer within high-water + one write, and memory flat", async () => {
  const dir = writeProject({
    "reader.py": `import socket, sys, time
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen()
print(srv.getsockname()[1], flush=True)
conn, _ = srv.accept()
conn.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
while True:
    data = conn.recv(65536)
    if not data:
        break
    time.sleep(0.01)
`,
    "main.ts": `${HEADER}
async function main() {
  const [reader, writer] = await asyncio.open_connection("127.0.0.1", Number(process.argv[2]));
  const chunk = Buffer.alloc(65536, 120);
  const rss0 = process.memoryUsage().rss;
  let maxBuffered = 0, written = 0;
  const loop = asyncio.get_running_loop();
  const end = loop.time() + 3;
  // Up to 1 GiB, for at most 3 seconds (the reader takes 64 KiB every 10 ms).
  while (written < 1024 ** 3 && loop.time() < end) {
    writer.write(chunk);
    written += chunk.length;
    maxBuffered = Math.max(maxBuffered, writer.transport.get_write_buffer_size());
    await writer.drain();
  }
  const grown = process.memoryUsage().rss - rss0;
  print("bounded", maxBuffered <= 65536 + chunk.length, "rss growth < 16 MiB", grown < 16 * 1024 * 1024, "wrote > 1 MiB", written > 1024 * 1024);
  writer.transport.abort();
}
asyncio.run(main());
`,
  });
  const peer = spawn(PY, ["reader.py"], { cwd: dir, env: PYENV, stdio: ["ignore", "pipe", "inherit"] });
  try {
    const port = await new Promise<string>((resolve) => peer.stdout.once("data", (d) => resolve(String(d).trim())));
    const r = cli(["run", "main.ts", port], dir);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("bounded True rss growth < 16 MiB True wrote > 1 MiB True\n");
  } finally {
    peer.kill();
  }
}, 60_000);

test("faults: an unresolvable name is socket.gaierror; a server restarts on the same port; a killed peer raises at the await", async () => {
  const dir = writeProject({
    "peer.py": `import socket, sys, os
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen()
print(srv.getsockname()[1], flush=True)
conn, _ = srv.accept()
conn.recv(10)
os._exit(0)
`,
    "main.ts": `${HEADER}import { bytes } from "asyncts";
async function main() {
  try {
    await asyncio.open_connection("no-such-host.invalid", 80);
  } catch (e: any) {
    print(e.name, e instanceof asyncio.OSError, e.errno < 0);
  }
  let server = await asyncio.start_server((r, w) => w.close(), "127.0.0.1", 0);
  const port = server.sockets[0].getsockname()[1] as number;
  server.close();
  await server.wait_closed();
  server = await asyncio.start_server((r, w) => w.close(), "127.0.0.1", port, { reuse_address: true });
  print("restarted", server.sockets[0].getsockname()[1] === port);
  server.close();
  const [reader, writer] = await asyncio.open_connection("127.0.0.1", Number(process.argv[2]));
  writer.write(bytes("hi"));
  print("read", await reader.read());
  try {
    for (let i = 0; i < 100; i++) {
      writer.write(Buffer.alloc(65536));
      await writer.drain();
      await asyncio.sleep(0.001);
    }
    print("no error");
  } catch (e: any) {
    print("write", e instanceof asyncio.ConnectionError);
  }
}
asyncio.run(main());
`,
  });
  writeFileSync(join(dir, "unused"), "");
  const peer = spawn(PY, ["peer.py"], { cwd: dir, env: PYENV, stdio: ["ignore", "pipe", "inherit"] });
  try {
    const port = await new Promise<string>((resolve) => peer.stdout.once("data", (d) => resolve(String(d).trim())));
    const r = cli(["run", "main.ts", port], dir);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("gaierror True True\nrestarted True\nread b''\nwrite True\n");
  } finally {
    peer.kill();
  }
}, 60_000);

test("happy eyeballs: open_connection with happy_eyeballs_delay connects, and a refused port raises CPython's error", () => {
  const r = runDSL(`${HEADER}import { bytes } from "asyncts";
async function main() {
  const server = await asyncio.start_server(async (r, w) => { w.write(await r.readline()); w.close(); }, "127.0.0.1", 0);
  const port = server.sockets[0].getsockname()[1] as number;
  const [reader, writer] = await asyncio.open_connection("localhost", port, { happy_eyeballs_delay: 0.25 });
  writer.write(bytes("he\\n"));
  print(await reader.readline());
  writer.close();
  try {
    await asyncio.open_connection("127.0.0.1", 1, { happy_eyeballs_delay: 0.25, interleave: 1 });
  } catch (e: any) {
    print(e.name, e);
  }
  server.close();
  await server.wait_closed();
}
asyncio.run(main());
`);
  expect(r.stderr).toBe("");
  expect(r.stdout).toBe("b'he\\n'\nConnectionRefusedError [Errno 111] Connect call failed ('127.0.0.1', 1)\n");
});
