# procpipe: N MiB through `cat` with communicate(); the throughput is N / seconds (MiB/s).
import asyncio, json, sys, time

async def main(n):
    data = bytearray(n * 1024 * 1024)
    for i in range(0, len(data), 4096):
        data[i] = (i >> 12) & 255
    data = bytes(data)
    t0 = time.perf_counter()
    cat = await asyncio.create_subprocess_exec("cat", stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
    out, _ = await cat.communicate(data)
    seconds = time.perf_counter() - t0
    total = sum(out[i] for i in range(0, len(out), 4096))
    print(json.dumps({"checksum": len(out) + total, "seconds": seconds, "extra": {"mib_per_second": n / seconds}}))

n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
asyncio.run(main(n))
