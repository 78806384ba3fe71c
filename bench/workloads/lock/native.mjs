// lock: N async functions contending on one promise-based FIFO mutex, 100 acquisitions
// each, yielding to the event loop (setImmediate) inside the critical section.
class Mutex {
  locked = false;
  waiters = [];
  acquire() {
    if (!this.locked) {
      this.locked = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  release() {
    const next = this.waiters.shift();
    if (next) next(); // ownership passes directly to the next waiter
    else this.locked = false;
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
let counter = 0;

async function worker(lock, times) {
  for (let i = 0; i < times; i++) {
    await lock.acquire();
    try {
      const c = counter;
      await tick();
      counter = c + 1;
    } finally {
      lock.release();
    }
  }
}

async function main(n) {
  const t0 = performance.now();
  const lock = new Mutex();
  const workers = [];
  for (let i = 0; i < n; i++) workers.push(worker(lock, 100));
  await Promise.all(workers);
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ checksum: counter, seconds, extra: {} }));
}

await main(Number(process.argv[2] ?? 1_000));
