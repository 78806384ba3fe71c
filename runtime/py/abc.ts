// collections.abc.AsyncIterator: a base class for user async iterators. Python's `async for`
// needs only __aiter__/__anext__; TypeScript's `for await` checker also wants
// Symbol.asyncIterator, which this class declares (for plain JS callers it drives __anext__).
import { StopAsyncIteration } from "./exceptions.js";

export abstract class AsyncIterator<T = unknown> {
  /** The iterator itself (collections.abc.AsyncIterator's default). */
  __aiter__(): this {
    return this;
  }
  /** The next value; raises StopAsyncIteration at the end. */
  abstract __anext__(): Promise<T>;
  [Symbol.asyncIterator](): { next(): Promise<IteratorResult<T, undefined>> } {
    return {
      next: () =>
        Promise.resolve(this.__anext__()).then(
          (value): IteratorResult<T, undefined> => ({ done: false, value }),
          (e): IteratorResult<T, undefined> => {
            if (e instanceof StopAsyncIteration) return { done: true, value: undefined };
            throw e;
          },
        ),
    };
  }
}
