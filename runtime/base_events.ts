// The event loop (asyncio/base_events.py): one FIFO ready queue, a heapq of timers, and
// _run_once iterations. Only _run_once calls callbacks; everything else schedules them.
//
// How it meets Node (SPEC §3, §4): iterations run back to back, synchronously, while
// something is ready. When the loop must wait — nothing ready, the next timer in the
// future — it hands control to Node with a timer (real clock) or simply moves its clock
// forward (virtual clock, nothing outside pending). Outside work (bridged promises,
// sockets, processes) counts in `_outside`; while any is pending the loop also yields to
// Node every few milliseconds of busy iterations so outside completions are never starved.
// Node delivers signals only when it has control too, so the same busy-slice hand-off
// applies while a signal listener is installed (`_signal_watchers`: the Runner's SIGINT
// handler, add_signal_handler), as CPython's self-pipe wakes its selector at once. The signal
// handlers themselves and SelectorEventLoop live in unix_events.ts, as in CPython.
import { Handle, TimerHandle, ONE_ARG, _set_running_loop, _get_running_loop, type AbstractEventLoop, type ReadyEntry, type StepTarget, type ExceptionContext, type ExceptionHandler } from "./events.js";
import { heappush, heappop, heapify } from "./py/heapq.js";
import { Deque } from "./py/deque.js";
import { Context, copy_context } from "./py/contextvars.js";
import { RuntimeError, NotImplementedError, Exception, KeyboardInterrupt, SystemExit } from "./py/exceptions.js";
import { repr, splitKw } from "./py/format.js";
import { monotonic, defaultClock, hostTimer, hostImmediate, hostAfterPoll, writeStderr, flushStdout, type ClockKind } from "./host.js";
import { formatTraceback } from "./py/traceback.js";
import { Future, _report_unretrieved, type Executor } from "./futures.js";
import { Task, ensure_future, type Awaitable, type CreateTaskOptions, type TaskFactory } from "./tasks.js";
import { _gather_list } from "./combinators.js";
import { wrap_future } from "./interop.js";
import { Coroutine, iscoroutine, iscoroutinefunction, _enable_coroutine_tracking, _report_never_awaited, _is_debug_mode } from "./coroutines.js";
import { _instrument_for, _run_instrumented, type Instrument } from "./instrument.js";
import * as node from "./node_events.js";
import type { CreateConnectionOptions, CreateServerOptions, DatagramEndpointOptions } from "./node_events.js";
import type { ProtocolFactory } from "./protocols.js";
import type { Transport, DatagramTransport } from "./transports.js";
import type { Server } from "./server.js";
import type { SSLContext } from "./ssl.js";
import { sendfile, type SendfileSource } from "./sendfile.js";
import * as subprocess from "./base_subprocess.js";
import type { BaseSubprocessTransport, SubprocessOptions } from "./base_subprocess.js";
import type { _UnixReadPipeTransport, _UnixWritePipeTransport } from "./unix_pipes.js";
import type { Readable, Writable } from "node:stream";

const MIN_SCHEDULED_TIMER_HANDLES = 100;
const MIN_CANCELLED_TIMER_HANDLES_FRACTION = 0.5;
const MAXIMUM_SELECT_TIMEOUT = 24 * 3600;
const CLOCK_RESOLUTION = 1e-9; // time.get_clock_info('monotonic').resolution on Linux
const BUSY_SLICE = 0.004; // seconds of busy iterations before outside work gets a turn

const NO_CREATE_OPTIONS: CreateTaskOptions = Object.freeze({});

export class BaseEventLoop implements AbstractEventLoop {
  /** @internal handles, and tasks due for a step (a Task is its own ready entry: see Task._run) */
  _ready = new Deque<ReadyEntry>();
  /** @internal */ _scheduled: TimerHandle[] = [];
  /** @internal (protected: the checked loop reads it) */ protected _timer_cancelled_count = 0;
  private _stopping = false;
  private _closed = false;
  private _running = false;
  private _debug = false;
  private _exception_handler: ExceptionHandler | null = null;
  private _task_factory: TaskFactory | null = null;
  /** @internal */ _current_handle: Handle | null = null;
  /** @internal the running task and the pending ones (kept by tasks.ts) */ _tasks: AbstractEventLoop["_tasks"] = null;
  /** @internal */ readonly _clock: ClockKind;
  private _vnow = 0.0;
  /** @internal number of outside operations (promises, sockets, processes) in flight */ _outside = 0;
  /** @internal Node signal listeners that feed this loop (Runner's SIGINT, add_signal_handler):
   * the loop must hand control to Node every few ms of busy iterations for them to run */ _signal_watchers = 0;
  /** @internal Node was polled (for signals) since the last iteration: the virtual clock may jump */ private _polled = false;
  /** @internal raised out of the loop at its next turn (Runner's second Ctrl-C: KeyboardInterrupt) */ private _interrupt_exc: unknown = null;
  /** @internal alive async generators, finalised by shutdown_asyncgens */ _asyncgens = new Set<any>();
  /** @internal */ _asyncgens_shutdown_called = false;
  /** @internal */ _executor_shutdown_called = false;
  /** @internal set_default_executor's executor (null: the loop itself) */ _default_executor: Executor | null = null;
  /** @internal sig number → its handle and Node listener (kept by unix_events.ts) */ _signal_handlers: Map<number, { handle: Handle; listener: () => void; name: string }> | null = null;
  /** @internal futures with an exception not yet retrieved (futures.ts), weakly */ _unretrieved: Set<WeakRef<Future<any>>> | null = null;
  slow_callback_duration = 0.1;
  /** @internal the recorder (instrument.ts); null when nobody listens */ _instrument: Instrument | null;
  // Waiting on Node:
  private _waiting = false;
  private _cancelWait: (() => void) | null = null;
  private _finish: ((err?: unknown) => void) | null = null;

  constructor(opts: { clock?: ClockKind } = {}) {
    this._clock = opts.clock ?? defaultClock();
    if (_is_debug_mode()) this.set_debug(true);
    this._instrument = _instrument_for(this);
    this._drive = this._drive.bind(this);
    this.stop = this.stop.bind(this);
    this.close = this.close.bind(this);
  }

  // ---- time ----
  time(): number {
    return this._clock === "virtual" ? this._vnow : monotonic();
  }

  // ---- scheduling ----
  call_soon(callback: Function, ...args: unknown[]): Handle {
    const [pos, kwargs] = splitKw<{ context?: Context }>(args);
    this._check_closed();
    return this._call_soon(callback, pos.length ? pos : null, kwargs.context ?? null);
  }

  /** @internal call_soon without argument parsing; context null means copy_context(). */
  _call_soon(callback: Function | StepTarget, args: unknown[] | null, context: Context | null): Handle {
    const handle = new Handle(callback, args, this, context ?? copy_context());
    this._ready_push(handle);
    return handle;
  }

  /** @internal Appends to the ready queue (a Handle, or a task due for a step), waking the loop
   * if it waits on Node. */
  _ready_push(entry: ReadyEntry): void {
    this._ready.push(entry);
    if (this._waiting) this._wake();
  }

  /** @internal call_soon(callback, arg) for one argument (future callbacks), without an array. */
  _call_soon1(callback: Function, arg: unknown, context: Context | null): Handle {
    const handle = new Handle(callback, ONE_ARG, this, context ?? copy_context());
    handle._arg = arg;
    this._ready_push(handle);
    return handle;
  }

  call_soon_threadsafe(callback: Function, ...args: unknown[]): Handle {
    return this.call_soon(callback, ...args);
  }

  call_later(delay: number, callback: Function, ...args: unknown[]): TimerHandle {
    if (delay == null) throw new TypeError("delay must not be None");
    return this.call_at(this.time() + delay, callback, ...args);
  }

  call_at(when: number, callback: Function, ...args: unknown[]): TimerHandle {
    if (when == null) throw new TypeError("when cannot be None");
    const [pos, kwargs] = splitKw<{ context?: Context }>(args);
    this._check_closed();
    return this._call_at(when, callback, pos.length ? pos : null, kwargs.context ?? null);
  }

  /** @internal */
  _call_at(when: number, callback: Function, args: unknown[] | null, context: Context | null): TimerHandle {
    const timer = new TimerHandle(when, callback, args, this, context ?? copy_context());
    heappush(this._scheduled, timer);
    timer._scheduled = true;
    if (this._instrument !== null) this._instrument.timer_scheduled?.(timer);
    if (this._waiting) this._wake();
    return timer;
  }

  /** @internal */
  _timer_handle_cancelled(handle: TimerHandle): void {
    if (handle._scheduled) this._timer_cancelled_count += 1;
  }

  // ---- futures and tasks ----
  create_future<T = any>(): Future<T> {
    return new Future<T>(undefined, this);
  }

  create_task<T>(coro: Coroutine<T> | Awaitable<T>, opts: CreateTaskOptions = NO_CREATE_OPTIONS): Task<T> {
    this._check_closed();
    if (this._task_factory === null) {
      return opts.name == null && opts.context == null
        ? new Task<T>(coro as Coroutine<T>, undefined, this)
        : new Task<T>(coro as Coroutine<T>, { loop: this, name: opts.name, context: opts.context });
    }
    const task = (opts.context == null
      ? this._task_factory(this, coro as Coroutine<T>)
      : this._task_factory(this, coro as Coroutine<T>, { context: opts.context })) as Task<T>;
    if (opts.name != null && typeof (task as any).set_name === "function") task.set_name(opts.name);
    return task;
  }

  set_task_factory(factory: TaskFactory | null): void {
    if (factory !== null && typeof factory !== "function") throw new TypeError("task factory must be a callable or None");
    this._task_factory = factory;
  }
  get_task_factory(): TaskFactory | null {
    return this._task_factory;
  }

  // ---- running ----
  is_running(): boolean {
    return this._running;
  }
  is_closed(): boolean {
    return this._closed;
  }
  get_debug(): boolean {
    return this._debug;
  }
  set_debug(enabled: boolean): void {
    this._debug = !!enabled;
    if (enabled) _enable_coroutine_tracking();
  }

  /** @internal */ _check_closed(): void {
    if (this._closed) throw new RuntimeError("Event loop is closed");
  }
  private _check_running(): void {
    if (this._running) throw new RuntimeError("This event loop is already running");
    if (_get_running_loop() !== null) throw new RuntimeError("Cannot run the event loop while another loop is running");
  }

  /** Runs until stop(); the Promise settles when the loop has stopped. */
  run_forever(): Promise<void> {
    this._check_closed();
    this._check_running();
    this._running = true;
    _set_running_loop(this);
    return new Promise<void>((resolve, reject) => {
      this._finish = (err?: unknown) => {
        this._finish = null;
        this._stopping = false;
        this._running = false;
        this._waiting = false;
        _set_running_loop(null);
        flushStdout();
        if (err === undefined) resolve();
        else reject(err);
      };
      this._drive();
    });
  }

  /** Runs until `future` is done and returns its result (a Promise of it). */
  run_until_complete<T>(future: Awaitable<T>): Promise<T> {
    this._check_closed();
    this._check_running();
    const newTask = !(future instanceof Future);
    const fut = ensure_future(future, { loop: this }) as Future<T>;
    fut.add_done_callback(runUntilCompleteCallback);
    const done = () => {
      fut.remove_done_callback(runUntilCompleteCallback);
      if (!fut.done()) throw new RuntimeError("Event loop stopped before Future completed.");
      return fut.result();
    };
    return this.run_forever().then(done, (err) => {
      if (newTask && fut.done() && !fut.cancelled()) fut.exception();
      fut.remove_done_callback(runUntilCompleteCallback);
      throw err;
    });
  }

  stop(): void {
    this._stopping = true;
    if (this._waiting) this._wake();
  }

  close(): void {
    if (this._running) throw new RuntimeError("Cannot close a running event loop");
    if (this._closed) return;
    this._closed = true;
    this._ready.clear();
    this._scheduled.length = 0;
    _report_unretrieved(this);
    _report_never_awaited();
  }

  // ---- the loop proper ----
  /** Runs iterations until the loop must wait or stops; see the header comment. */
  private _drive(): void {
    if (this._instrument !== null) this._instrument.after_io_wait?.(this);
    this._waiting = false;
    this._cancelWait = null;
    let sliceStart = this._outside ? monotonic() : 0;
    let n = 0;
    try {
      if (this._interrupt_exc !== null) {
        const exc = this._interrupt_exc;
        this._interrupt_exc = null;
        throw exc;
      }
      for (;;) {
        const timeout = this._prepare();
        if (timeout !== 0) {
          if (this._instrument !== null) this._instrument.before_io_wait?.(this, timeout);
          if (this._clock === "virtual" && this._outside === 0 && timeout !== null) {
            if (!this._polled && this._signal_handlers !== null && this._signal_handlers.size > 0) {
              // CPython's selector sees its self-pipe before it sleeps: a signal already sent
              // (a kill() to ourselves) runs its handler before the clock jumps. Node reads
              // signals in its poll phase, so let it poll once, then decide again.
              this._polled = true;
              flushStdout();
              this._cancelWait = hostAfterPoll(this._drive);
              return;
            }
            this._vnow = this._vnow + timeout;
          } else {
            this._wait(timeout);
            return;
          }
        }
        this._run_ready();
        this._polled = false;
        if (this._stopping) break;
        if ((this._outside > 0 || this._signal_watchers > 0) && (++n & 63) === 0) {
          const now = monotonic();
          if (sliceStart === 0) sliceStart = now;
          else if (now - sliceStart > BUSY_SLICE) {
            // Outside work or a signal may be pending: let Node poll, then carry on (CPython polls every iteration).
            this._waiting = false;
            flushStdout();
            this._cancelWait = hostImmediate(this._drive);
            return;
          }
        }
      }
    } catch (err) {
      this._finish?.(err);
      return;
    }
    this._finish?.();
  }

  /** First half of _run_once: drop cancelled timers, compute the select timeout. */
  private _prepare(): number | null {
    const scheduled = this._scheduled;
    const count = scheduled.length;
    if (count > MIN_SCHEDULED_TIMER_HANDLES && this._timer_cancelled_count / count > MIN_CANCELLED_TIMER_HANDLES_FRACTION) {
      const kept: TimerHandle[] = [];
      for (const h of scheduled) {
        if (h._cancelled) h._scheduled = false;
        else kept.push(h);
      }
      heapify(kept);
      this._scheduled = kept;
      this._timer_cancelled_count = 0;
    } else {
      while (scheduled.length && scheduled[0]._cancelled) {
        this._timer_cancelled_count -= 1;
        heappop(scheduled)._scheduled = false;
      }
    }
    if (this._ready.length || this._stopping) return 0;
    if (this._scheduled.length) {
      const when = this._scheduled[0]._when;
      return Math.min(Math.max(0, when - this.time()), MAXIMUM_SELECT_TIMEOUT);
    }
    return null;
  }

  /** @internal Second half of _run_once: due timers join the ready queue, then exactly the
   * ready handles run. (Protected: the checked loop checks its invariants after it.) */
  protected _run_ready(): void {
    const scheduled = this._scheduled;
    if (scheduled.length) {
      const endTime = this.time() + CLOCK_RESOLUTION;
      while (scheduled.length && scheduled[0]._when < endTime) {
        const h = heappop(scheduled);
        h._scheduled = false;
        this._ready.push(h);
      }
    }
    // Exactly the handles ready now; those they schedule wait for the next iteration. If a
    // KeyboardInterrupt/SystemExit escapes, the rest simply stay at the head of the queue.
    const ready = this._ready;
    if (this._instrument !== null) this._instrument.before_run_once?.(this, ready.length);
    const slow = this._debug || this._instrument !== null;
    for (let n = ready.length; n > 0; n--) {
      const h = ready.shift()!;
      if (h._cancelled) continue;
      if (slow) this._run_handle_slow(h);
      else h._run();
    }
  }

  /** Debug mode and instruments: the handle loop's slow path. */
  private _run_handle_slow(h: ReadyEntry): void {
    if (this._instrument === null) this._run_handle_debug(h);
    else _run_instrumented(this._instrument, h, this._debug ? (e) => this._run_handle_debug(e) : runEntry);
  }

  private _run_handle_debug(h: ReadyEntry): void {
    // A done future queued for its first callback shows as the Handle it stands for.
    const shown = h instanceof Future && h.done() ? new Handle(h._cb0 as Function, [h], this, h._ctx0!) : h;
    this._current_handle = shown as Handle;
    const t0 = monotonic();
    try {
      h._run();
    } finally {
      this._current_handle = null;
    }
    const dt = monotonic() - t0;
    if (dt >= this.slow_callback_duration) {
      // CPython's _format_handle: a task's step shows the task itself.
      const cb: any = shown instanceof Task ? shown : (shown as Handle)._callback;
      const what = cb instanceof Task ? cb.__repr__() : shown.__repr__();
      writeStderr(`Executing ${what} took ${dt.toFixed(3)} seconds\n`);
    }
  }

  /** Hands control to Node until the timeout passes or outside work wakes the loop. */
  private _wait(timeout: number | null): void {
    this._waiting = true;
    flushStdout();
    const seconds = timeout ?? MAXIMUM_SELECT_TIMEOUT;
    this._cancelWait = hostTimer(() => {
      if (this._clock === "virtual" && timeout !== null) this._vnow = this._vnow + timeout;
      // Node runs due timers before it polls for signals; CPython's select sees the
      // self-pipe first. So with signal handlers, poll once (setImmediate runs after the
      // poll phase): a signal that arrived with the timer is handled before it, as in CPython.
      if (this._signal_handlers !== null && this._signal_handlers.size > 0) this._cancelWait = hostImmediate(this._drive);
      else this._drive();
    }, seconds);
  }

  /** Something was scheduled from outside while the loop waited: run again soon. */
  private _wake(): void {
    this._waiting = false;
    this._cancelWait?.();
    this._cancelWait = hostImmediate(this._drive);
  }

  /** @internal A signal handler raised (Python's signal handlers run between bytecodes; here
   * the loop is between iterations, as CPython is when the signal interrupts its select()):
   * `exc` propagates out of run_forever at the loop's next turn. */
  _raise_in_loop(exc: unknown): void {
    this._interrupt_exc = exc;
    if (this._waiting) this._wake();
  }

  /** @internal Outside work started: the loop must poll Node while it is pending. */
  _outside_begin(): void {
    this._outside++;
  }
  /** @internal */
  _outside_end(): void {
    this._outside--;
  }

  // ---- errors ----
  set_exception_handler(handler: ExceptionHandler | null): void {
    if (handler !== null && typeof handler !== "function") {
      throw new TypeError(`A callable object or None is expected, got ${repr(handler)}`);
    }
    this._exception_handler = handler;
  }
  get_exception_handler(): ExceptionHandler | null {
    return this._exception_handler;
  }

  default_exception_handler(context: ExceptionContext): void {
    const message = context.message || "Unhandled exception in event loop";
    const lines = [message];
    for (const key of Object.keys(context).sort()) {
      if (key === "message" || key === "exception") continue;
      lines.push(`${key}: ${repr(context[key])}`);
    }
    let text = lines.join("\n") + "\n";
    const exc = context.exception;
    if (exc != null) text += formatTraceback(exc);
    writeStderr(text);
  }

  call_exception_handler(context: ExceptionContext): void {
    if (this._exception_handler === null) {
      try {
        this.default_exception_handler(context);
      } catch (e) {
        if (e instanceof KeyboardInterrupt || e instanceof SystemExit) throw e;
        writeStderr(`Exception in default exception handler\n${formatTraceback(e)}`);
      }
      return;
    }
    try {
      const thing: any = context.task ?? context.future ?? context.handle;
      const ctx = thing && typeof thing.get_context === "function" ? thing.get_context() : null;
      if (ctx instanceof Context && !ctx._entered) ctx.run(this._exception_handler, this, context);
      else this._exception_handler(this, context);
    } catch (exc) {
      if (exc instanceof KeyboardInterrupt || exc instanceof SystemExit) throw exc;
      try {
        this.default_exception_handler({ message: "Unhandled error in exception handler", exception: exc, context });
      } catch (e) {
        if (e instanceof KeyboardInterrupt || e instanceof SystemExit) throw e;
      }
    }
  }

  // ---- async generators (finalised at asyncio.run shutdown) ----
  /** @internal an async generator started iterating on this loop */
  _asyncgen_firstiter(agen: unknown): void {
    if (this._asyncgens_shutdown_called) {
      writeStderr(`RuntimeWarning: asynchronous generator ${repr(agen)} was scheduled after loop.shutdown_asyncgens() call\n`);
    }
    this._asyncgens.add(agen);
  }
  /** @internal */
  _asyncgen_finished(agen: unknown): void {
    this._asyncgens.delete(agen);
  }

  /** Closes every async generator still alive on this loop (aclose(), concurrently). */
  shutdown_asyncgens(): Coroutine<void> {
    return new Coroutine(shutdownAsyncgens(this), "shutdown_asyncgens", "BaseEventLoop.shutdown_asyncgens");
  }

  // ---- executors (see the note at run_in_executor) ----
  /**
   * Runs `func(...args)` outside the current task step and returns a Future of its result.
   *
   * With `executor` null (the default executor, unless set_default_executor gave another
   * ThreadPoolExecutor) or a ThreadPoolExecutor, the callable runs on the loop itself — Node
   * has no thread that can run a closure — in a loop callback scheduled with call_soon, in an
   * empty context (as on a fresh worker thread); the Future completes there: the order CPython
   * shows when the worker thread finishes before the loop's next iteration; like to_thread().
   * Any other `executor` is an object with `submit(func, ...args)` returning a thenable — a
   * ProcessPoolExecutor runs `func` in parallel on a worker thread — and its result comes back
   * through call_soon_threadsafe, as with wrap_future(); if the thenable has cancel(),
   * cancelling the Future calls it. A Future cancelled before its callable started never runs it.
   */
  run_in_executor<R>(executor: Executor | null, func: (...args: any[]) => R, ...args: unknown[]): Future<Awaited<R>> {
    this._check_closed();
    if (this._debug) checkCallback(func, "run_in_executor");
    if (executor == null) {
      if (this._executor_shutdown_called) throw new RuntimeError("Executor shutdown has been called");
      executor = this._default_executor;
    }
    const inLoop = executor == null ? null : (executor as InLoopExecutor)._in_loop_call;
    if (executor == null || typeof inLoop === "function") {
      if (executor != null) (executor as InLoopExecutor)._check_open();
      const fut = this.create_future<Awaited<R>>();
      const work = (): void => {
        if (fut.done()) return;
        let result: R;
        try {
          result = inLoop ? (inLoop.call(executor, func, args) as R) : new Context().run(func, ...args);
        } catch (e) {
          fut.set_exception(e);
          return;
        }
        fut.set_result(result as Awaited<R>);
      };
      this._call_soon(work, null, null);
      return fut;
    }
    const job = executor.submit(func, ...args) as PromiseLike<Awaited<R>> & { cancel?: () => unknown };
    const fut = wrap_future(job, { loop: this });
    // Cancelling the Future cancels a job not yet started (asyncio's _chain_future).
    if (typeof job.cancel === "function") fut.add_done_callback((f) => void (f.cancelled() && job.cancel!()));
    return fut;
  }

  /** The executor run_in_executor(null, ...) uses; as in CPython 3.12 it must be a ThreadPoolExecutor
   * (ours runs on the loop: see concurrent_futures.ts). */
  set_default_executor(executor: Executor): void {
    if (executor == null || typeof (executor as InLoopExecutor)._in_loop_call !== "function") throw new TypeError("executor must be ThreadPoolExecutor");
    this._default_executor = executor;
  }

  /** The default executor is the loop itself (run_in_executor): nothing to join. Afterwards
   * run_in_executor(null, ...) raises RuntimeError('Executor shutdown has been called'). */
  shutdown_default_executor(_timeout: number | null = null): Coroutine<void> {
    this._executor_shutdown_called = true;
    (this._default_executor as { shutdown?: () => unknown } | null)?.shutdown?.();
    return new Coroutine(noop(), "shutdown_default_executor", "BaseEventLoop.shutdown_default_executor");
  }

  // ---- Unix signals: SelectorEventLoop implements them (unix_events.ts) ----
  /** Calls `callback(...args)` from the loop whenever the process receives `sig`. */
  add_signal_handler(_sig: number | string, _callback: (...args: any[]) => unknown, ..._args: unknown[]): void {
    throw new NotImplementedError();
  }
  /** Removes the handler for `sig`; true if there was one. */
  remove_signal_handler(_sig: number | string): boolean {
    throw new NotImplementedError();
  }

  // ---- pipes and subprocesses (base_events.py / unix_events.py): thin methods over base_subprocess.ts ----
  /** Reads a Node Readable (process.stdin, a child's stdout, a file or zlib stream) through a protocol; returns [transport, protocol]. */
  connect_read_pipe<P>(protocol_factory: ProtocolFactory<P>, pipe: Readable): Coroutine<[_UnixReadPipeTransport, P]> {
    return subprocess.connect_read_pipe(this, protocol_factory, pipe);
  }
  /** Writes to a Node Writable (process.stdout, a child's stdin, a file or zlib stream) through a transport; returns [transport, protocol]. */
  connect_write_pipe<P>(protocol_factory: ProtocolFactory<P>, pipe: Writable): Coroutine<[_UnixWritePipeTransport, P]> {
    return subprocess.connect_write_pipe(this, protocol_factory, pipe);
  }
  /** Starts `program` with `args`; keyword options in a trailing kw({ stdin, stdout, stderr, cwd, env, ... }) (PIPE by default). */
  subprocess_exec<P>(protocol_factory: ProtocolFactory<P>, program: string, ...args: unknown[]): Coroutine<[BaseSubprocessTransport, P]> {
    return subprocess.subprocess_exec(this, protocol_factory, program, args);
  }
  /** Runs `cmd` with /bin/sh -c; options { stdin, stdout, stderr, cwd, env, ... } (PIPE by default). */
  subprocess_shell<P>(protocol_factory: ProtocolFactory<P>, cmd: string, opts: SubprocessOptions = {}): Coroutine<[BaseSubprocessTransport, P]> {
    return subprocess.subprocess_shell(this, protocol_factory, cmd, opts);
  }

  // ---- sockets (selector_events.py / base_events.py): thin methods over the Node host ----
  /** Opens a TCP (or TLS) connection; returns [transport, protocol]. */
  create_connection<P>(protocol_factory: ProtocolFactory<P>, host: string | null | (CreateConnectionOptions & { host?: string | null; port?: number | null }) = null, port: number | null = null, opts: CreateConnectionOptions = {}): Coroutine<[Transport, P]> {
    if (isOptions(host)) ({ host = null, port = null, ...opts } = host as any);
    return node.create_connection(this, protocol_factory, host as string | null, port, opts);
  }
  /** Listens on host:port (every address it resolves to; a list of hosts too); returns the Server. */
  create_server(protocol_factory: ProtocolFactory<any>, host: string | string[] | null | (CreateServerOptions & { host?: string | string[] | null; port?: number | null }) = null, port: number | null = null, opts: CreateServerOptions = {}): Coroutine<Server> {
    if (isOptions(host)) ({ host = null, port = null, ...opts } = host as any);
    return node.create_server(this, protocol_factory, host as string | string[] | null, port, opts);
  }
  create_unix_connection<P>(protocol_factory: ProtocolFactory<P>, path: string | null = null, opts: CreateConnectionOptions = {}): Coroutine<[Transport, P]> {
    return node.create_unix_connection(this, protocol_factory, path, opts);
  }
  create_unix_server(protocol_factory: ProtocolFactory<any>, path: string | null = null, opts: CreateServerOptions = {}): Coroutine<Server> {
    return node.create_unix_server(this, protocol_factory, path, opts);
  }
  /** A UDP endpoint; `local_addr`/`remote_addr` are [host, port]. Returns [transport, protocol]. */
  create_datagram_endpoint<P>(protocol_factory: ProtocolFactory<P>, local_addr: [string, number] | null | (DatagramEndpointOptions & { local_addr?: [string, number] | null; remote_addr?: [string, number] | null }) = null, remote_addr: [string, number] | null = null, opts: DatagramEndpointOptions = {}): Coroutine<[DatagramTransport, P]> {
    if (isOptions(local_addr)) ({ local_addr = null, remote_addr = null, ...opts } = local_addr as any);
    return node.create_datagram_endpoint(this, protocol_factory, local_addr as [string, number] | null, remote_addr, opts) as any;
  }
  /** Upgrades a connection to TLS; returns the new transport (the protocol stays). */
  start_tls(transport: Transport, protocol: any, sslcontext: SSLContext, opts: { server_side?: boolean; server_hostname?: string | null; ssl_handshake_timeout?: number | null; ssl_shutdown_timeout?: number | null } = {}): Coroutine<Transport> {
    return node.start_tls(this, transport as any, protocol, sslcontext, opts);
  }
  /** [family, type, proto, canonname, sockaddr] entries for host/port (the system resolver via node:dns). */
  getaddrinfo(host: string | null, port: number | string | null, opts: { family?: number; type?: number; proto?: number; flags?: number } = {}): Future<[number, number, number, string, any][]> {
    return node.getaddrinfo(this, host, port, opts);
  }
  getnameinfo(sockaddr: [string, number], flags = 0): Future<[string, string]> {
    return node.getnameinfo(this, sockaddr, flags);
  }
  /** Sends a file (a fd, an object with fileno(), or a Node FileHandle) over a stream transport; returns the bytes sent. */
  sendfile(transport: Transport, file: SendfileSource, offset = 0, count: number | null = null, opts: { fallback?: boolean } = {}): Coroutine<number> {
    return sendfile(this, transport, file, offset, count, opts, node._os_error);
  }

  __repr__(): string {
    return `<_UnixSelectorEventLoop running=${this._running ? "True" : "False"} closed=${this._closed ? "True" : "False"} debug=${this._debug ? "True" : "False"}>`;
  }
}

// eslint-disable-next-line @typescript-eslint/no-empty-interface, @typescript-eslint/no-unsafe-declaration-merging
export interface BaseEventLoop extends node._NotOnNodeMethods {}
for (const name of node._NOT_ON_NODE) {
  (BaseEventLoop.prototype as any)[name] = function (): never {
    throw node._not_on_node(name);
  };
}

function* shutdownAsyncgens(loop: AbstractEventLoop): Generator<unknown, void, any> {
  loop._asyncgens_shutdown_called = true;
  if (loop._asyncgens.size === 0) return;
  const closing = [...loop._asyncgens];
  loop._asyncgens.clear();
  const results: unknown[] = yield _gather_list(closing.map((ag) => ag.aclose()), true);
  results.forEach((result, i) => {
    if (result instanceof Exception) {
      loop.call_exception_handler({
        message: `an error occurred during closing of asynchronous generator ${repr(closing[i])}`,
        exception: result,
        asyncgen: closing[i],
      });
    }
  });
}

// eslint-disable-next-line require-yield
function* noop(): Generator<unknown, void, any> {}

/** An executor that runs on the loop itself (ThreadPoolExecutor): run_in_executor calls it in a loop callback. */
interface InLoopExecutor extends Executor {
  _check_open(): void;
  _in_loop_call(func: (...args: any[]) => unknown, args: unknown[]): unknown;
}

function checkCallback(callback: unknown, method: string): void {
  if (iscoroutine(callback) || iscoroutinefunction(callback)) throw new TypeError(`coroutines cannot be used with ${method}()`);
  if (typeof callback !== "function") throw new TypeError(`a callable object was expected by ${method}(), got ${repr(callback)}`);
}

function runEntry(h: ReadyEntry): void {
  h._run();
}

/** Python keyword arguments in the first position: `create_connection(f, { host, port })`. */
function isOptions(v: unknown): boolean {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function runUntilCompleteCallback(fut: Future<any>): void {
  if (!fut.cancelled()) {
    const exc = fut.exception();
    // They propagate out of the loop on their own; stopping here would hide them.
    if (exc instanceof KeyboardInterrupt || exc instanceof SystemExit) return;
  }
  fut.get_loop().stop();
}

