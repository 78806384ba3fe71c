// concurrent.futures.Executor's context-manager half, shared by the pools: `using` shuts the
// pool down without waiting, `await using` (and `__aexit__`) waits for it, as Python's
// `with pool:` does.
export abstract class ExecutorBase {
  abstract shutdown(wait?: boolean, opts?: { cancel_futures?: boolean }): Promise<void>;

  [Symbol.dispose](): void {
    void this.shutdown(false);
  }
  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown(true);
  }
  /** `await using pool = new ProcessPoolExecutor(...)` waits for the pool at the block's end. */
  async __aenter__(): Promise<this> {
    return this;
  }
  __aexit__(_exc: unknown): Promise<void> {
    return this.shutdown(true);
  }
}
