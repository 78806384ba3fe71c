// net_conns: N concurrent loopback connections, each sending 20 lines and reading each echo.
import * as asyncio from "asyncts";
import { print } from "asyncts";

async function handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) {
  for await (const line of reader) {
    writer.write(line);
    await writer.drain();
  }
  writer.close();
}

async function client(port: number, i: number) {
  const [reader, writer] = await asyncio.open_connection("127.0.0.1", port);
  let ok = 0;
  for (let j = 0; j < 20; j++) {
    const msg = Buffer.from(`client ${i} line ${j}\n`);
    writer.write(msg);
    await writer.drain();
    if ((await reader.readline()).equals(msg)) ok++;
  }
  writer.close();
  await writer.wait_closed();
  return ok;
}

async function main(n: number) {
  const server = await asyncio.start_server(handle, "127.0.0.1", 0, { backlog: 4096 });
  const port = server.sockets[0].getsockname()[1] as number;
  const t0 = performance.now();
  const results = await asyncio.gather(...Array.from({ length: n }, (_, i) => client(port, i)));
  const seconds = (performance.now() - t0) / 1000;
  server.close();
  print(JSON.stringify({ checksum: results.reduce((a, b) => a + b, 0), seconds, extra: {} }));
}

asyncio.run(main(Number(process.argv[2] ?? 1000)));
