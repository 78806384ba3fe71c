# yield: one task doing N `await sleep(0)`.
import asyncio, json, sys, time

async def main(n):
    t0 = time.perf_counter()
    count = 0
    for _ in range(n):
        await asyncio.sleep(0)
        count += 1
    seconds = time.perf_counter() - t0
    print(json.dumps({"checksum": count, "seconds": seconds, "extra": {}}))

asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000))
