# pingpong: two tasks exchange N messages (N/2 each way) through two Queues.
import asyncio, json, sys, time

async def ping(rounds, q1, q2):
    total = 0
    for i in range(rounds):
        await q1.put(i)
        total += await q2.get()
    return total

async def pong(rounds, q1, q2):
    for _ in range(rounds):
        x = await q1.get()
        await q2.put(x + 1)
    return 0

async def main(n):
    t0 = time.perf_counter()
    rounds = n // 2
    q1, q2 = asyncio.Queue(), asyncio.Queue()
    total, _ = await asyncio.gather(ping(rounds, q1, q2), pong(rounds, q1, q2))
    seconds = time.perf_counter() - t0
    print(json.dumps({"checksum": total, "seconds": seconds, "extra": {}}))

asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000))
