# spawn: N tasks that each `await sleep(0)` once and return i; gather them; sum.
import asyncio, json, sys, time

async def child(i):
    await asyncio.sleep(0)
    return i

async def main(n):
    t0 = time.perf_counter()
    coros = [child(i) for i in range(n)]
    results = await asyncio.gather(*coros)
    s = sum(results)
    seconds = time.perf_counter() - t0
    print(json.dumps({"checksum": s, "seconds": seconds, "extra": {}}))

n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
asyncio.run(main(n))
