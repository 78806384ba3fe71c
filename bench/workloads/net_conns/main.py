# net_conns: N concurrent loopback connections, each sending 20 lines and reading each echo.
import asyncio, json, sys, time

async def handle(reader, writer):
    async for line in reader:
        writer.write(line)
        await writer.drain()
    writer.close()

async def client(port, i):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    ok = 0
    for j in range(20):
        msg = f"client {i} line {j}\n".encode()
        writer.write(msg)
        await writer.drain()
        if await reader.readline() == msg:
            ok += 1
    writer.close()
    await writer.wait_closed()
    return ok

async def main(n):
    server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=4096)
    port = server.sockets[0].getsockname()[1]
    t0 = time.perf_counter()
    results = await asyncio.gather(*(client(port, i) for i in range(n)))
    seconds = time.perf_counter() - t0
    server.close()
    print(json.dumps({"checksum": sum(results), "seconds": seconds, "extra": {}}))

if len(sys.argv) > 2 and sys.argv[2] == "uvloop":
    import uvloop
    uvloop.install()
asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
