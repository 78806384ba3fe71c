// concurrent.futures.Executor's context-manager half, shared by the pools: `using` shuts the
// pool down without waiting, `await using` (and `__aexit__`) waits for it, as Python's
// `with pool:` does.
import { Coroutine, ImmediateCoroutine } from "./coroutines.js";

export abstract class ExecutorBase {
  abstract shutdown(wait?: boolean, opts?: { cancel_futures?: boolean }): Promise<void>;

  [Symbol.dispose](): void {
    void this.shutdown(false);
  }
  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown(true);
  }
  /** `await using pool = new ProcessPoolExecutor(...)` waits for the pool at the block's end.
   * Both are coroutines of the loop, as AsyncContextManager's are (contextlib.ts): entering
   * never suspends (a native async method would cost a trip through Node's promise jobs,
   * letting other tasks run first); leaving waits for the workers. */
  __aenter__(): Promise<this> {
    return new ImmediateCoroutine(returnArg, this, "Executor.__aenter__") as unknown as Promise<this>;
  }
  __aexit__(_exc: unknown): Promise<void> {
    return new Coroutine(waitFor(this.shutdown(true)), "__aexit__", "Executor.__aexit__") as unknown as Promise<void>;
  }
}

function returnArg<T>(arg: T): T {
  return arg;
}

function* waitFor(p: Promise<void>): Generator<unknown, null, unknown> {
  yield p;
  return null;
}
