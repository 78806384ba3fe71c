# net_pingpong: N round trips of a 1 KiB message over one loopback TCP connection
# (client write+drain, server echoes, client readexactly).
import asyncio, json, sys, time

SIZE = 1024

async def handle(reader, writer):
    while True:
        data = await reader.read(65536)
        if not data:
            break
        writer.write(data)
        await writer.drain()
    writer.close()

async def main(n):
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    msg = b"x" * SIZE
    checksum = 0
    t0 = time.perf_counter()
    for _ in range(n):
        writer.write(msg)
        await writer.drain()
        checksum += len(await reader.readexactly(SIZE))
    seconds = time.perf_counter() - t0
    writer.close()
    await writer.wait_closed()
    server.close()
    print(json.dumps({"checksum": checksum, "seconds": seconds, "extra": {"round_trips_per_s": n / seconds}}))

if len(sys.argv) > 2 and sys.argv[2] == "uvloop":
    import uvloop
    uvloop.install()
asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 20000))
