// pingpong: two tasks exchange N messages (N/2 each way) through two Queues.
import * as asyncio from "asyncts";

async function ping(rounds: number, q1: asyncio.Queue<number>, q2: asyncio.Queue<number>) {
  let total = 0;
  for (let i = 0; i < rounds; i++) {
    await q1.put(i);
    total += await q2.get();
  }
  return total;
}

async function pong(rounds: number, q1: asyncio.Queue<number>, q2: asyncio.Queue<number>) {
  for (let i = 0; i < rounds; i++) {
    const x = await q1.get();
    await q2.put(x + 1);
  }
  return 0;
}

async function main(n: number) {
  const t0 = performance.now();
  const rounds = Math.floor(n / 2);
  const q1 = new asyncio.Queue<number>();
  const q2 = new asyncio.Queue<number>();
  const [total] = await asyncio.gather(ping(rounds, q1, q2), pong(rounds, q1, q2));
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ checksum: total, seconds, extra: {} }));
}

asyncio.run(main(Number(process.argv[2] ?? 200_000)));
