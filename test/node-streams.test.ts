// The Node stream adapters (runtime/node_streams.ts): StreamReader/StreamWriter over Node
// streams and Node streams over them, with back-pressure both ways; the README's gzip example.
import { test, expect } from "vitest";
import { gunzipSync } from "node:zlib";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runDSL, HEADER, cli } from "./util.js";

function out(body: string): string {
  const r = runDSL(HEADER + body, { clock: "real" });
  if (r.status !== 0) throw new Error(`exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

test("a StreamReader over a Node Readable pauses it: an endless producer is asked for little while nobody reads", () => {
  expect(out(`
import { Readable } from "node:stream";
async function main() {
  let produced = 0;
  const endless = new Readable({ read() { produced += 65536; this.push(Buffer.alloc(65536, 120)); } });
  const reader = await asyncio.open_node_reader(endless, { limit: 65536 });
  await asyncio.sleep(0.3);
  const before = produced;
  print("bounded while idle:", before < 4 * 1024 * 1024, (await reader.readexactly(1000000)).length);
  await asyncio.sleep(0.1);
  print("more after reading:", produced > before, produced < 8 * 1024 * 1024);
  endless.destroy();
}
asyncio.run(main());
`)).toBe("bounded while idle: True 1000000\nmore after reading: True True\n");
});

test("a StreamWriter over a slow Node Writable: drain() waits, the buffer stays bounded, everything arrives in order", () => {
  expect(out(`
import { Writable } from "node:stream";
async function main() {
  const got: Buffer[] = [];
  const slow = new Writable({ highWaterMark: 1024, write(chunk, _e, cb) { got.push(chunk); setTimeout(cb, 5); } });
  const writer = await asyncio.open_node_writer(slow);
  let maxBuffered = 0;
  const loop = asyncio.get_running_loop();
  const t0 = loop.time();
  for (let i = 0; i < 20; i++) {
    writer.write(asyncio.bytes(String(i % 10).repeat(20000)));
    maxBuffered = Math.max(maxBuffered, writer.transport.get_write_buffer_size());
    await writer.drain();
  }
  writer.close();
  await writer.wait_closed();
  const all = Buffer.concat(got).toString();
  print(all.length, all.slice(0, 3), all.slice(-3), maxBuffered > 65536, maxBuffered <= 65536 + 20000, loop.time() - t0 > 0.05);
}
asyncio.run(main());
`)).toBe("400000 000 999 True True True\n");
});

test("Node streams over asyncio streams: pipeline() from a child's stdout through gzip, and into a child's stdin", () => {
  expect(out(`
import { pipeline } from "node:stream/promises";
import { Readable, Writable } from "node:stream";
import { createGzip, createGunzip } from "node:zlib";
const { PIPE } = asyncio.subprocess;
async function main() {
  const seq = await asyncio.create_subprocess_exec("seq", "1", "50000", asyncio.kw({ stdout: PIPE }));
  const chunks: Buffer[] = [];
  const collect = new Writable({ write(c, _e, cb) { chunks.push(c); cb(); } });
  await pipeline(asyncio.to_node_readable(seq.stdout!), createGzip(), createGunzip(), collect);
  const text = Buffer.concat(chunks).toString();
  print(text.split("\\n").length - 1, text.slice(-6), await seq.wait());
  const cat = await asyncio.create_subprocess_exec("wc", "-l", asyncio.kw({ stdin: PIPE, stdout: PIPE }));
  const lines = Readable.from((function* () { for (let i = 0; i < 1000; i++) yield Buffer.from(i + "\\n"); })());
  await pipeline(lines, asyncio.to_node_writable(cat.stdin!));
  print((await cat.stdout!.read()).toString().trim(), await cat.wait());
}
asyncio.run(main());
`)).toBe("50000 50000\n 0\n1000 0\n");
});

test("the README's gzip pipeline example compresses a file that gunzip restores", () => {
  const r = runDSL(readFileSync(join(__dirname, "..", "examples", "gzip_pipeline.ts"), "utf8"), { clock: "real", args: ["in.txt", "out.gz"], files: { "in.txt": "alpha\nbeta\ngamma\n".repeat(20000) } });
  expect(r.stderr).toBe("");
  expect(r.stdout).toMatch(/^60000 lines, \d+ bytes gzipped\n$/);
  const text = gunzipSync(readFileSync(join(r.dir, "out.gz"))).toString();
  expect(text.split("\n").slice(0, 3)).toEqual(["1: alpha", "2: beta", "3: gamma"]);
  expect(text.split("\n").length).toBe(60001);
  void writeFileSync, cli;
});
