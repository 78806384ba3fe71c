// net_bulk: N MiB sent with write+drain over loopback and echoed back by the server;
// the client reads it all (64 KiB chunks).
import * as asyncio from "asyncts";
import { print } from "asyncts";

async function handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) {
  for (;;) {
    const data = await reader.read(65536);
    if (!data.length) break;
    writer.write(data);
    await writer.drain();
  }
  writer.close();
}

async function main(mib: number) {
  const server = await asyncio.start_server(handle, "127.0.0.1", 0);
  const port = server.sockets[0].getsockname()[1] as number;
  const [reader, writer] = await asyncio.open_connection("127.0.0.1", port);
  const chunk = Buffer.alloc(65536, 120);
  const total = mib * 1024 * 1024;
  const t0 = performance.now();
  async function send() {
    for (let sent = 0; sent < total; sent += chunk.length) {
      writer.write(chunk);
      await writer.drain();
    }
    writer.write_eof();
  }
  const sender = asyncio.create_task(send());
  let received = 0;
  for (;;) {
    const data = await reader.read(65536);
    if (!data.length) break;
    received += data.length;
  }
  await sender;
  const seconds = (performance.now() - t0) / 1000;
  writer.close();
  server.close();
  print(JSON.stringify({ checksum: received, seconds, extra: { mib_per_s: mib / seconds } }));
}

asyncio.run(main(Number(process.argv[2] ?? 64)));
