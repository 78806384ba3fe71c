# cpu: 4 CPU-bound jobs (a prime sieve each), first one after another, then on a
# ProcessPoolExecutor of 2 workers via run_in_executor. "seconds" is the parallel time
# (pool start-up included); extra.serial / extra.ratio compare the two.
import asyncio, concurrent.futures, json, sys, time

def sieve(limit):
    composite = bytearray(limit + 1)
    for i in range(2, int(limit ** 0.5) + 1):
        if not composite[i]:
            composite[i * i::i] = b"\x01" * len(range(i * i, limit + 1, i))
    return limit - 1 - sum(composite[2:])

async def main(n):
    limits = [n, n + 1, n + 2, n + 3]
    t0 = time.perf_counter()
    serial_sum = sum(sieve(limit) for limit in limits)
    serial = time.perf_counter() - t0

    t1 = time.perf_counter()
    loop = asyncio.get_running_loop()
    with concurrent.futures.ProcessPoolExecutor(max_workers=2) as pool:
        counts = await asyncio.gather(*(loop.run_in_executor(pool, sieve, limit) for limit in limits))
        seconds = time.perf_counter() - t1
    assert sum(counts) == serial_sum
    print(json.dumps({"checksum": sum(counts), "seconds": seconds, "extra": {"serial": serial, "ratio": seconds / serial}}))

if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 40_000_000
    asyncio.run(main(n))
