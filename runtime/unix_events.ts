// The Unix event loop (asyncio/unix_events.py): signal handling on top of BaseEventLoop.
// CPython writes a signal's number to the loop's self-pipe from a C handler and its selector
// wakes on it; here a Node signal listener hands the handle to the loop (as
// call_soon_threadsafe does), and the loop makes Node poll for signals while any handler is
// installed (base_events.ts: `_signal_watchers`, the virtual clock's poll before a jump).
import { constants as osConstants } from "node:os";
import { BaseEventLoop } from "./base_events.js";
import { Handle, _set_loop_factory } from "./events.js";
import { copy_context } from "./py/contextvars.js";
import { RuntimeError, ValueError } from "./py/exceptions.js";
import { repr } from "./py/format.js";
import { iscoroutine, iscoroutinefunction } from "./coroutines.js";

/** The loop class asyncio.new_event_loop() makes on Unix (_UnixSelectorEventLoop). */
export class SelectorEventLoop extends BaseEventLoop {
  /**
   * Calls `callback(...args)` from the loop whenever the process receives `sig` (a signal
   * number, e.g. `os.constants.signals.SIGTERM`, or its name, "SIGTERM"). The Node signal
   * listener hands the handle to the loop as call_soon_threadsafe does, waking it if it waits.
   * Errors as CPython: TypeError for coroutines and non-int signals, ValueError('invalid
   * signal number N'), RuntimeError('sig N cannot be caught') for SIGKILL/SIGSTOP and
   * signals Node cannot listen to.
   */
  override add_signal_handler(sig: number | string, callback: (...args: any[]) => unknown, ...args: unknown[]): void {
    if (iscoroutine(callback) || iscoroutinefunction(callback)) throw new TypeError("coroutines cannot be used with add_signal_handler()");
    const [num, name] = checkSignal(sig);
    this._check_closed();
    if (name === null || name === "SIGKILL" || name === "SIGSTOP") throw new RuntimeError(`sig ${num} cannot be caught`);
    const handle = new Handle(callback, args.length ? args : null, this, copy_context());
    const handlers = (this._signal_handlers ??= new Map());
    const old = handlers.get(num);
    const listener = () => this._handle_signal(num);
    try {
      process.on(name as NodeJS.Signals, listener);
    } catch {
      throw new RuntimeError(`sig ${num} cannot be caught`);
    }
    if (old) process.off(old.name as NodeJS.Signals, old.listener);
    else this._signal_watchers++;
    handlers.set(num, { handle, listener, name });
  }

  /** Removes the handler for `sig`; true if there was one. */
  override remove_signal_handler(sig: number | string): boolean {
    const [num] = checkSignal(sig);
    const entry = this._signal_handlers?.get(num);
    if (!entry) return false;
    this._signal_handlers!.delete(num);
    this._signal_watchers--;
    process.off(entry.name as NodeJS.Signals, entry.listener);
    return true;
  }

  /** @internal A signal arrived (a Node callback, outside the loop): run its handle soon. */
  _handle_signal(num: number): void {
    const entry = this._signal_handlers?.get(num);
    if (!entry || this.is_closed()) return;
    if (entry.handle._cancelled) {
      this.remove_signal_handler(num);
      return;
    }
    this._ready_push(entry.handle);
  }

  /** Closes the loop, then removes its signal handlers (as _UnixSelectorEventLoop.close). */
  override close(): void {
    super.close();
    const handlers = this._signal_handlers;
    if (handlers !== null) for (const sig of [...handlers.keys()]) this.remove_signal_handler(sig);
  }
}

/** _check_signal: [number, Node's name or null]. Names ("SIGTERM") are accepted as well as numbers. */
function checkSignal(sig: unknown): [number, string | null] {
  const table = osConstants.signals as Record<string, number>;
  if (typeof sig === "string") {
    if (!(sig in table)) throw new ValueError(`invalid signal number ${repr(sig)}`);
    return [table[sig], sig];
  }
  if (typeof sig !== "number" || !Number.isInteger(sig)) throw new TypeError(`sig must be an int, not ${repr(sig)}`);
  // signal.valid_signals() on Linux: 1..64 (the real-time ones Node cannot listen to are not caught).
  if (sig < 1 || sig > 64 || sig === 32 || sig === 33) throw new ValueError(`invalid signal number ${sig}`);
  for (const [name, n] of Object.entries(table)) if (n === sig) return [sig, name];
  return [sig, null];
}

_set_loop_factory(() => new SelectorEventLoop());
