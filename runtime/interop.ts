// Handing work between plain JavaScript and a loop: run_coroutine_threadsafe and
// wrap_future (asyncio/tasks.py, asyncio/futures.py).
//
// CPython's versions bridge threads through concurrent.futures.Future. Node has one JS
// thread, so the "other side" is plain code running outside the loop (a Node callback, a
// server handler, a promise chain), and its future type is the native Promise:
// - run_coroutine_threadsafe(coro, loop) schedules the coroutine with call_soon_threadsafe
//   (waking the loop if it waits) and returns a Promise settled with the task's outcome —
//   rejected with CancelledError if the task is cancelled. A Promise cannot be cancelled from
//   outside, so CPython's `concurrent_future.cancel()` → task.cancel() has no counterpart;
//   cancel the task from the loop side instead.
// - wrap_future(x) returns x when it already is an asyncio Future, and otherwise wraps a
//   thenable (a native Promise, a Node API's promise, the Promise from
//   run_coroutine_threadsafe) into a Future of the loop, resolved through
//   call_soon_threadsafe — the same bridge `await promise` uses (SPEC §2.1).
import { Future, isfuture, wrap_thenable, _failed } from "./futures.js";
import { Coroutine, iscoroutine } from "./coroutines.js";
import { CancelledError, KeyboardInterrupt, SystemExit } from "./py/exceptions.js";
import { ensure_future } from "./tasks.js";
import { get_event_loop } from "./events.js";
import type { AbstractEventLoop } from "./events.js";

/**
 * Submits a coroutine to `loop` from plain JavaScript (a Node callback, another loop's
 * outside code) and returns a native Promise of its result. The coroutine is wrapped in a
 * Task of `loop` in a loop callback (call_soon_threadsafe), so this is safe to call while
 * the loop runs, waits, or has not started yet. TypeError('A coroutine object is required')
 * for anything else.
 */
export function run_coroutine_threadsafe<T>(coro: Coroutine<T> | PromiseLike<T>, loop: AbstractEventLoop): Promise<T> {
  if (!iscoroutine(coro)) throw new TypeError("A coroutine object is required");
  return new Promise<T>((resolve, reject) => {
    const callback = (): void => {
      let task: Future<T>;
      try {
        task = ensure_future(coro as Coroutine<T>, { loop });
      } catch (exc) {
        if (exc instanceof KeyboardInterrupt || exc instanceof SystemExit) throw exc;
        reject(exc);
        throw exc;
      }
      task.add_done_callback(copyToPromise);
      function copyToPromise(f: Future<T>): void {
        if (f.cancelled()) {
          reject(new CancelledError());
          return;
        }
        const exc = f.exception();
        if (_failed(f)) reject(exc);
        else resolve(f.result());
      }
    };
    loop.call_soon_threadsafe(callback);
  });
}

/**
 * Wraps a thenable (a native Promise, or anything with `then`) in an asyncio Future of
 * `loop` (default: the running loop, else get_event_loop()); an asyncio Future is returned
 * as it is. The Future completes one loop iteration after the thenable settles, through
 * call_soon_threadsafe; cancelling the Future does not cancel the thenable.
 */
export function wrap_future<T>(future: Future<T> | PromiseLike<T>, opts: { loop?: AbstractEventLoop | null } = {}): Future<T> {
  if (isfuture(future)) return future as Future<T>;
  if (future === null || (typeof future !== "object" && typeof future !== "function") || typeof (future as any).then !== "function") {
    throw new TypeError(`concurrent.futures.Future is expected, got ${describe(future)}`);
  }
  const loop = opts.loop ?? get_event_loop();
  return wrap_thenable(future, loop);
}

function describe(v: unknown): string {
  try {
    return String(v);
  } catch {
    return typeof v;
  }
}
