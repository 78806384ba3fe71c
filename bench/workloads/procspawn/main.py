# procspawn: N children (`true`) started and reaped one after another; the rate is N / seconds.
import asyncio, json, sys, time

async def main(n):
    t0 = time.perf_counter()
    ok = 0
    for _ in range(n):
        p = await asyncio.create_subprocess_exec("true")
        if await p.wait() == 0:
            ok += 1
    seconds = time.perf_counter() - t0
    print(json.dumps({"checksum": ok, "seconds": seconds, "extra": {"per_second": n / seconds}}))

n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
asyncio.run(main(n))
