// pingpong: two async functions exchange N messages (N/2 each way) through two minimal
// unbounded async queues (an array of items plus an array of waiting resolvers).
class AsyncQueue {
  items = [];
  waiters = [];
  put(x) {
    const w = this.waiters.shift();
    if (w) w(x);
    else this.items.push(x);
  }
  get() {
    if (this.items.length) return Promise.resolve(this.items.shift());
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

async function ping(rounds, q1, q2) {
  let total = 0;
  for (let i = 0; i < rounds; i++) {
    q1.put(i);
    total += await q2.get();
  }
  return total;
}

async function pong(rounds, q1, q2) {
  for (let i = 0; i < rounds; i++) {
    const x = await q1.get();
    q2.put(x + 1);
  }
  return 0;
}

async function main(n) {
  const t0 = performance.now();
  const rounds = Math.floor(n / 2);
  const q1 = new AsyncQueue();
  const q2 = new AsyncQueue();
  const [total] = await Promise.all([ping(rounds, q1, q2), pong(rounds, q1, q2)]);
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ checksum: total, seconds, extra: {} }));
}

await main(Number(process.argv[2] ?? 200_000));
