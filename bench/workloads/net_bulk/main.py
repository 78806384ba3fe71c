# net_bulk: N MiB sent with write+drain over loopback and echoed back by the server;
# the client reads it all (64 KiB chunks).
import asyncio, json, sys, time

async def handle(reader, writer):
    while True:
        data = await reader.read(65536)
        if not data:
            break
        writer.write(data)
        await writer.drain()
    writer.close()

async def main(mib):
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    chunk = b"x" * 65536
    total = mib * 1024 * 1024
    t0 = time.perf_counter()

    async def send():
        sent = 0
        while sent < total:
            writer.write(chunk)
            await writer.drain()
            sent += len(chunk)
        writer.write_eof()

    sender = asyncio.create_task(send())
    received = 0
    while True:
        data = await reader.read(65536)
        if not data:
            break
        received += len(data)
    await sender
    seconds = time.perf_counter() - t0
    writer.close()
    server.close()
    print(json.dumps({"checksum": received, "seconds": seconds, "extra": {"mib_per_s": mib / seconds}}))

if len(sys.argv) > 2 and sys.argv[2] == "uvloop":
    import uvloop
    uvloop.install()
asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 64))
