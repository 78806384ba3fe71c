// net_pingpong: N round trips of a 1 KiB message over one loopback TCP connection
// (client write+drain, server echoes, client readexactly).
import * as asyncio from "asyncts";
import { print } from "asyncts";

const SIZE = 1024;

async function handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) {
  for (;;) {
    const data = await reader.read(65536);
    if (!data.length) break;
    writer.write(data);
    await writer.drain();
  }
  writer.close();
}

async function main(n: number) {
  const server = await asyncio.start_server(handle, "127.0.0.1", 0);
  const port = server.sockets[0].getsockname()[1] as number;
  const [reader, writer] = await asyncio.open_connection("127.0.0.1", port);
  const msg = Buffer.alloc(SIZE, 120);
  let checksum = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    writer.write(msg);
    await writer.drain();
    checksum += (await reader.readexactly(SIZE)).length;
  }
  const seconds = (performance.now() - t0) / 1000;
  writer.close();
  await writer.wait_closed();
  server.close();
  print(JSON.stringify({ checksum, seconds, extra: { round_trips_per_s: n / seconds } }));
}

asyncio.run(main(Number(process.argv[2] ?? 20000)));
