# chain: a coroutine recursion DEPTH deep whose leaf does N `await sleep(0)`; then the cost
# of one resume (one sleep(0) at the leaf) at depth 1, 10, 100 and 1,000, timed by the leaf.
import asyncio, json, sys, time

sys.setrecursionlimit(20_000)
leaf_seconds = 0.0

async def rec(depth, sleeps):
    global leaf_seconds
    if depth <= 1:
        t0 = time.perf_counter()
        for _ in range(sleeps):
            await asyncio.sleep(0)
        leaf_seconds = time.perf_counter() - t0
        return sleeps
    return 1 + await rec(depth - 1, sleeps)

async def main(depth, n, probe):
    t0 = time.perf_counter()
    checksum = await rec(depth, n)
    seconds = time.perf_counter() - t0
    # Three sweeps over the depths (the first one also warms up); the best of three counts.
    resume_us = {}
    for _ in range(3):
        for d in (1, 10, 100, 1000):
            await asyncio.create_task(rec(d, probe))
            us = leaf_seconds / probe * 1e6
            resume_us[str(d)] = min(resume_us.get(str(d), us), us)
    print(json.dumps({"checksum": checksum, "seconds": seconds, "extra": {"resume_us": resume_us}}))

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000
asyncio.run(main(1_000, n, max(2_000, n * 20)))
