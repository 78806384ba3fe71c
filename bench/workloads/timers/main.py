# timers: N call_later with seeded random delays in [0, 0.01] s, all fired.
import asyncio, json, sys, time

async def main(n):
    loop = asyncio.get_running_loop()
    t0 = time.perf_counter()
    done = loop.create_future()
    fired = 0
    total = 0
    def cb(i):
        nonlocal fired, total
        fired += 1
        total += i
        if fired == n:
            done.set_result(None)
    x = 42  # Park–Miller minimal standard generator, same sequence in every language
    for i in range(n):
        x = (x * 48271) % 2147483647
        loop.call_later((x / 2147483647) * 0.01, cb, i + 1)
    await done
    seconds = time.perf_counter() - t0
    print(json.dumps({"checksum": total + x, "seconds": seconds, "extra": {"fired": fired}}))

asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
