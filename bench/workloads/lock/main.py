# lock: N tasks contending on one Lock, 100 acquisitions each, with a sleep(0) inside the
# critical section (a read-sleep-write counter, so lost updates would show in the checksum).
import asyncio, json, sys, time

counter = 0

async def worker(lock, times):
    global counter
    for _ in range(times):
        async with lock:
            c = counter
            await asyncio.sleep(0)
            counter = c + 1

async def main(n):
    t0 = time.perf_counter()
    lock = asyncio.Lock()
    await asyncio.gather(*[worker(lock, 100) for _ in range(n)])
    seconds = time.perf_counter() - t0
    print(json.dumps({"checksum": counter, "seconds": seconds, "extra": {}}))

asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000))
