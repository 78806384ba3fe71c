// Correct programs the published types once rejected (issue 9 §1.7). Like all-api.ts, this is
// checked with plain strict `tsc` against dist/runtime/index.d.ts (test/api-typecheck.test.ts), never run.
import * as asyncio from "asyncts";
import { print } from "asyncts";

// A done-callback on a Task receives the task, typed as such.
async function work(): Promise<string> {
  return "w";
}
function onDone(t: asyncio.Task<string>): void {
  print(t.get_name(), t.result().toUpperCase());
}

// AsyncContextManager subclasses whose __aenter__ returns something other than `this`.
class Connection extends asyncio.AsyncContextManager {
  query(q: string): string {
    return q;
  }
}
class Pool extends asyncio.AsyncContextManager {
  override async __aenter__(): Promise<Connection> {
    return new Connection();
  }
}
class Quiet extends asyncio.AsyncContextManager {
  override async __aenter__(): Promise<void> {}
  override async __aexit__(exc: unknown): Promise<boolean> {
    return exc instanceof asyncio.CancelledError;
  }
}
class EnterOnly extends asyncio.AsyncContextManager {
  override async __aenter__(): Promise<number> {
    return 1;
  }
}

// A class with __aiter__/__anext__ used in `for await`.
class Ticker extends asyncio.AsyncIterator<number> {
  private i = 0;
  constructor(private readonly n: number) {
    super();
  }
  override async __anext__(): Promise<number> {
    if (this.i >= this.n) throw new asyncio.StopAsyncIteration();
    await asyncio.sleep(0);
    return this.i++;
  }
}

// contextlib: `await using conn = get_connection()` gives conn the yielded type.
const get_connection = asyncio.asynccontextmanager(async function* (dsn: string) {
  const conn = new Connection();
  try {
    yield conn;
  } finally {
    print("closed", dsn);
  }
});
async function* numbers() {
  yield 1;
}
async function contextlibUses(): Promise<number> {
  await using conn = get_connection("db");
  const text: string = conn.query("select 1");
  await using values = asyncio.aclosing(numbers());
  for await (const v of values) print(v + 1);
  await using stack = new asyncio.AsyncExitStack();
  const c2: Connection = await stack.enter_async_context(get_connection("other"));
  const five: number = await stack.enter_async_context(asyncio.nullcontext(5));
  stack.push_async_callback(async (x: number) => print(x), 1);
  stack.callback((s: string) => print(s), "x");
  await using _s = asyncio.suppress(asyncio.KeyError, TypeError);
  print(text, c2.query("q"));
  return five;
}

// A plain `using` of a Runner (Python's `with asyncio.Runner() as runner:`).
function withRunner(): void {
  using runner = new asyncio.Runner();
  void runner.run(work());
}

async function main(): Promise<void> {
  const task = asyncio.create_task(work());
  task.add_done_callback(onDone);
  task.add_done_callback((t: asyncio.Task<string>) => print(t.get_name()));
  task.add_done_callback((t) => print(t.get_coro()));
  task.remove_done_callback(onDone);
  const fut = asyncio.get_running_loop().create_future<number>();
  fut.add_done_callback((f: asyncio.Future<number>) => print(f.result() + 1));

  // exception() narrowed with instanceof, then its attributes.
  const exc = task.exception();
  if (exc instanceof asyncio.ValueError) print(exc.name, exc.message, exc.args);
  if (exc instanceof Error) print(exc.name);
  const e2 = fut.exception();
  if (e2 instanceof asyncio.BaseExceptionGroup) print(e2.exceptions.length);

  {
    await using pool = new Pool();
    await using quiet = new Quiet();
    await using one = new EnterOnly();
    print(pool, quiet, one);
  }
  for await (const i of new Ticker(3)) {
    const n: number = i;
    print(n);
  }
}

asyncio.run(main());
