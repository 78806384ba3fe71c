# memory: bytes per pending task with N tasks blocked on one Event, then released.
# Measured with tracemalloc (traced bytes after gc.collect(), growth divided by N); the
# timing includes tracemalloc's overhead, so only bytes_per_task is meaningful here.
import asyncio, gc, json, sys, time, tracemalloc

async def waiter(ev, i):
    await ev.wait()
    return i

def traced():
    gc.collect()
    return tracemalloc.get_traced_memory()[0]

async def main(n):
    ev = asyncio.Event()
    await asyncio.sleep(0)
    tracemalloc.start()
    before = traced()
    t0 = time.perf_counter()
    tasks = [asyncio.create_task(waiter(ev, i)) for i in range(n)]
    await asyncio.sleep(0)  # every task runs up to ev.wait()
    bytes_per_task = (traced() - before) / n
    tracemalloc.stop()
    ev.set()
    total = sum(await asyncio.gather(*tasks))
    seconds = time.perf_counter() - t0
    print(json.dumps({"checksum": total, "seconds": seconds, "extra": {"bytes_per_task": bytes_per_task}}))

asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
