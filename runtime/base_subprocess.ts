// The subprocess transport (asyncio/base_subprocess.py) and the loop's subprocess_exec /
// subprocess_shell / connect_read_pipe / connect_write_pipe (base_events.py), which
// base_events.ts exposes as thin methods.
//
// As in CPython: the child starts synchronously (child_process.spawn, unix_events.popen); a
// Task (_connect_pipes) then connects its pipes one after another and calls the protocol's
// connection_made; events that arrive meanwhile wait in _pending_calls. The transport is
// finished — connection_lost, then wait() returns — once the child has exited and every pipe
// is disconnected. A child's exit reaches the loop as a handle from Node's 'exit' event
// (CPython's child watcher thread calls call_soon_threadsafe), and also closes its stdin
// pipe (CPython notices that through the write pipe's reader; Node cannot watch a
// write-only pipe).
import { Coroutine } from "./coroutines.js";
import { Future, futureSetResult, futureSetException } from "./futures.js";
import { Deque } from "./py/deque.js";
import { ProcessLookupError, ValueError, KeyboardInterrupt, SystemExit } from "./py/exceptions.js";
import { splitKw } from "./py/format.js";
import { SubprocessTransport, _wait_connected } from "./transports.js";
import { BaseProtocol, _make_protocol, type ProtocolFactory } from "./protocols.js";
import { Handle } from "./events.js";
import { copy_context } from "./py/contextvars.js";
import { _UnixReadPipeTransport, _UnixWritePipeTransport } from "./unix_pipes.js";
import { popen, returncodeOf, signalName, PIPE, type PopenOptions, type StdioSpec, type Popen } from "./popen.js";
import type { Readable, Writable } from "node:stream";
import type { AbstractEventLoop } from "./events.js";

type Gen<T> = Generator<unknown, T, any>;
type Loop = AbstractEventLoop;

// The loop's pipe and subprocess methods (base_events.ts defines them), as every module sees the loop.
declare module "./events.js" {
  interface AbstractEventLoop {
    connect_read_pipe<P>(protocol_factory: ProtocolFactory<P>, pipe: Readable): Coroutine<[_UnixReadPipeTransport, P]>;
    connect_write_pipe<P>(protocol_factory: ProtocolFactory<P>, pipe: Writable): Coroutine<[_UnixWritePipeTransport, P]>;
    subprocess_exec<P>(protocol_factory: ProtocolFactory<P>, program: string, ...args: unknown[]): Coroutine<[BaseSubprocessTransport, P]>;
    subprocess_shell<P>(protocol_factory: ProtocolFactory<P>, cmd: string, opts?: SubprocessOptions): Coroutine<[BaseSubprocessTransport, P]>;
  }
}
type PipeProto = WriteSubprocessPipeProto;

/** The transport of a child process (base_subprocess.BaseSubprocessTransport + _UnixSubprocessTransport). */
export class BaseSubprocessTransport extends SubprocessTransport {
  /** @internal */ _closed = false;
  /** @internal */ _protocol: any;
  /** @internal */ _loop: Loop | null;
  /** @internal */ _proc: Popen | null = null;
  /** @internal */ _pid: number | null = null;
  /** @internal */ _returncode: number | null = null;
  /** @internal */ _exit_waiters: Future<number>[] | null = [];
  /** @internal */ _pending_calls: Deque<[Function, unknown[]]> | null = new Deque();
  /** @internal */ _pipes = new Map<number, PipeProto | null>();
  /** @internal */ _finished = false;
  private _running = false;

  constructor(loop: Loop, protocol: any, args: string[] | string, shell: boolean, stdin: StdioSpec, stdout: StdioSpec, stderr: StdioSpec, waiter: Future<null>, extra: Record<string, unknown> | null, kwargs: PopenOptions) {
    super(extra);
    this._protocol = protocol;
    this._loop = loop;
    if (stdin === PIPE) this._pipes.set(0, null);
    if (stdout === PIPE) this._pipes.set(1, null);
    if (stderr === PIPE) this._pipes.set(2, null);
    const proc = popen(args, shell, stdin, stdout, stderr, kwargs);
    this._proc = proc;
    if (proc.pid === undefined) return; // spawning failed: the caller reads proc.started and closes us
    this._pid = proc.pid;
    this._extra.subprocess = proc.proc;
    this._running = true;
    loop._outside_begin();
    proc.proc.once("exit", (code, signal) => {
      const rc = returncodeOf(code, signal);
      if (this._running) {
        this._running = false;
        loop._outside_end();
      }
      if (loop.is_closed()) return;
      loop._ready_push(new Handle(() => this._child_exited(rc), null, loop, copy_context()));
    });
    loop.create_task(new Coroutine(this._connect_pipes(waiter), "_connect_pipes"));
  }

  // type(transport).__name__ is CPython's class name
  static {
    Object.defineProperty(this, "name", { value: "_UnixSubprocessTransport" });
  }

  __repr__(): string {
    const info = [this.constructor === BaseSubprocessTransport ? "_UnixSubprocessTransport" : this.constructor.name];
    if (this._closed) info.push("closed");
    if (this._pid !== null) info.push(`pid=${this._pid}`);
    if (this._returncode !== null) info.push(`returncode=${this._returncode}`);
    else if (this._pid !== null) info.push("running");
    else info.push("not started");
    const pipe = (fd: number) => this._pipes.get(fd)?.pipe;
    if (pipe(0)) info.push(`stdin=${pipe(0)!.__repr__()}`);
    if (pipe(1)) info.push(`stdout=${pipe(1)!.__repr__()}`);
    if (pipe(2)) info.push(`stderr=${pipe(2)!.__repr__()}`);
    return `<${info.join(" ")}>`;
  }

  set_protocol(protocol: any): void {
    this._protocol = protocol;
  }
  get_protocol(): any {
    return this._protocol;
  }
  is_closing(): boolean {
    return this._closed;
  }

  /** Closes the pipes; kills the child if it still runs. */
  close(): void {
    if (this._closed) return;
    this._closed = true;
    for (const proto of this._pipes.values()) proto?.pipe?.close();
    const child = this._proc?.pid !== undefined ? this._proc!.proc : null;
    if (child !== null && this._returncode === null && child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
    }
  }

  get_pid(): number {
    return this._pid as number;
  }
  get_returncode(): number | null {
    return this._returncode;
  }
  /** The pipe transport of the child's fd 0, 1 or 2, or null. */
  get_pipe_transport(fd: number): any {
    return this._pipes.has(fd) ? this._pipes.get(fd)?.pipe ?? null : null;
  }

  private _check_proc(): void {
    if (this._proc === null) throw new ProcessLookupError();
  }
  /** Sends `signal` (a number or a name such as "SIGINT"); nothing once the child has been reaped. */
  send_signal(signal: number | string): void {
    this._check_proc();
    const child = this._proc!.proc;
    if (this._returncode !== null || child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signalName(signal) as NodeJS.Signals);
  }
  terminate(): void {
    this.send_signal("SIGTERM");
  }
  kill(): void {
    this.send_signal("SIGKILL");
  }

  private *_connect_pipes(waiter: Future<null> | null): Gen<void> {
    try {
      const child = this._proc!.proc;
      const loop = this._loop!;
      if (child.stdin) {
        const [, proto] = yield connect_write_pipe(loop, () => new WriteSubprocessPipeProto(this, 0), child.stdin);
        this._pipes.set(0, proto);
      }
      if (child.stdout) {
        const [, proto] = yield connect_read_pipe(loop, () => new ReadSubprocessPipeProto(this, 1), child.stdout);
        this._pipes.set(1, proto);
      }
      if (child.stderr && this._pipes.has(2)) {
        const [, proto] = yield connect_read_pipe(loop, () => new ReadSubprocessPipeProto(this, 2), child.stderr);
        this._pipes.set(2, proto);
      }
      loop._call_soon((t: unknown) => this._protocol.connection_made(t), [this], null);
      for (const [cb, data] of this._pending_calls!) loop._call_soon(cb, data, null);
      this._pending_calls = null;
    } catch (exc) {
      if (exc instanceof KeyboardInterrupt || exc instanceof SystemExit) throw exc;
      if (waiter !== null && !waiter.cancelled()) futureSetException.call(waiter, exc);
      return;
    }
    if (waiter !== null && !waiter.cancelled()) futureSetResult.call(waiter, null);
  }

  /** @internal Runs cb(...data) soon, or after connection_made if the pipes are still connecting. */
  _call(cb: Function, ...data: unknown[]): void {
    if (this._pending_calls !== null) this._pending_calls.push([cb, data]);
    else this._loop!._call_soon(cb, data, null);
  }

  /** @internal */ _pipe_connection_lost(fd: number, exc: unknown): void {
    this._call((f: number, e: unknown) => this._protocol.pipe_connection_lost(f, e), fd, exc);
    this._try_finish();
  }
  /** @internal */ _pipe_data_received(fd: number, data: Uint8Array): void {
    this._call((f: number, d: Uint8Array) => this._protocol.pipe_data_received(f, d), fd, data);
  }
  /** @internal _pipe_data_received(fd, concat(chunks)), handing the protocol the chunks themselves when it takes them so. */
  _pipe_data_chunks(fd: number, chunks: Uint8Array[], owned: boolean): void {
    this._call((f: number, cs: Uint8Array[]) => {
      const p = this._protocol;
      if (!(typeof p._pipe_feed_chunks === "function" && p._pipe_feed_chunks(f, cs, owned))) p.pipe_data_received(f, cs.length === 1 ? cs[0] : Buffer.concat(cs));
    }, fd, chunks);
  }

  /** The child exited (a handle from Node's 'exit'): its stdin's reader is gone too. */
  private _child_exited(returncode: number): void {
    const stdin = this._pipes.get(0)?.pipe as _UnixWritePipeTransport | undefined;
    if (this._loop === null) return;
    this._process_exited(returncode);
    stdin?._peer_closed();
  }

  /** @internal */ _process_exited(returncode: number): void {
    this._returncode = returncode;
    this._call(() => this._protocol.process_exited());
    this._try_finish();
  }

  /** @internal wait(): the return code once the child has exited and every pipe is closed. */
  *_wait(): Gen<number> {
    if (this._returncode !== null) return this._returncode;
    const waiter = this._loop!.create_future<number>();
    this._exit_waiters!.push(waiter);
    return yield waiter;
  }

  private _try_finish(): void {
    if (this._finished || this._returncode === null) return;
    for (const p of this._pipes.values()) if (p === null || !p.disconnected) return;
    this._finished = true;
    this._call((e: unknown) => this._call_connection_lost(e), null);
  }

  private _call_connection_lost(exc: unknown): void {
    try {
      this._protocol.connection_lost(exc);
    } finally {
      for (const waiter of this._exit_waiters ?? []) if (!waiter.cancelled()) futureSetResult.call(waiter, this._returncode!);
      this._exit_waiters = null;
      this._loop = null;
      this._proc = null;
      this._protocol = null;
    }
  }
}

/** The protocol of the child's stdin pipe (base_subprocess.WriteSubprocessPipeProto). */
export class WriteSubprocessPipeProto extends BaseProtocol {
  proc: BaseSubprocessTransport | null;
  fd: number;
  pipe: any = null;
  disconnected = false;
  constructor(proc: BaseSubprocessTransport, fd: number) {
    super();
    this.proc = proc;
    this.fd = fd;
  }
  override connection_made(transport: any): void {
    this.pipe = transport;
  }
  __repr__(): string {
    return `<${this.constructor.name} fd=${this.fd} pipe=${this.pipe?.__repr__?.() ?? "None"}>`;
  }
  override connection_lost(exc: Error | null): void {
    this.disconnected = true;
    this.proc!._pipe_connection_lost(this.fd, exc);
    this.proc = null;
  }
  override pause_writing(): void {
    this.proc!._protocol.pause_writing();
  }
  override resume_writing(): void {
    this.proc!._protocol.resume_writing();
  }
}

/** The protocol of the child's stdout/stderr pipes. */
export class ReadSubprocessPipeProto extends WriteSubprocessPipeProto {
  data_received(data: Uint8Array): void {
    this.proc!._pipe_data_received(this.fd, data);
  }
  /** @internal A pipe transport's chunks (see transports._deliver_chunks). */
  _feed_chunks(chunks: Uint8Array[], owned: boolean): boolean {
    if (this.data_received !== ReadSubprocessPipeProto.prototype.data_received) return false;
    this.proc!._pipe_data_chunks(this.fd, chunks, owned);
    return true;
  }
  eof_received(): void {}
}

// ---------------------------------------------------------------- the loop's methods

/** loop.connect_read_pipe(protocol_factory, pipe): `pipe` is a Node Readable (process.stdin, a child's stdout, fs.createReadStream(...)). */
export function connect_read_pipe<P>(loop: Loop, protocol_factory: ProtocolFactory<P>, pipe: Readable): Coroutine<[_UnixReadPipeTransport, P]> {
  return new Coroutine(connectPipe(loop, protocol_factory, pipe, true), "connect_read_pipe") as Coroutine<[_UnixReadPipeTransport, P]>;
}

/** loop.connect_write_pipe(protocol_factory, pipe): `pipe` is a Node Writable (process.stdout, a child's stdin, fs.createWriteStream(...)). */
export function connect_write_pipe<P>(loop: Loop, protocol_factory: ProtocolFactory<P>, pipe: Writable): Coroutine<[_UnixWritePipeTransport, P]> {
  return new Coroutine(connectPipe(loop, protocol_factory, pipe, false), "connect_write_pipe") as Coroutine<[_UnixWritePipeTransport, P]>;
}

function* connectPipe<P>(loop: Loop, protocol_factory: ProtocolFactory<P>, pipe: any, read: boolean): Gen<[any, P]> {
  const protocol = _make_protocol(protocol_factory);
  const waiter = loop.create_future<null>();
  const transport = read ? new _UnixReadPipeTransport(loop, pipe, protocol, waiter) : new _UnixWritePipeTransport(loop, pipe, protocol, waiter);
  return yield* _wait_connected(waiter, transport, protocol);
}

export interface SubprocessOptions extends PopenOptions {
  stdin?: StdioSpec;
  stdout?: StdioSpec;
  stderr?: StdioSpec;
  universal_newlines?: boolean;
  shell?: boolean;
  bufsize?: number;
  encoding?: string | null;
  errors?: string | null;
  text?: boolean | null;
}

function checkTextOptions(o: SubprocessOptions): void {
  if (o.universal_newlines) throw new ValueError("universal_newlines must be False");
  if ((o.bufsize ?? 0) !== 0) throw new ValueError("bufsize must be 0");
  if (o.text) throw new ValueError("text must be False");
  if (o.encoding != null) throw new ValueError("encoding must be None");
  if (o.errors != null) throw new ValueError("errors must be None");
}

function splitOptions(o: SubprocessOptions): [StdioSpec, StdioSpec, StdioSpec, PopenOptions] {
  const { stdin = PIPE, stdout = PIPE, stderr = PIPE, universal_newlines, shell, bufsize, encoding, errors, text, ...popenOpts } = o;
  void universal_newlines, shell, bufsize, encoding, errors, text;
  return [stdin, stdout, stderr, popenOpts];
}

/** loop.subprocess_exec(protocol_factory, program, ...args, kw({ stdin, stdout, stderr, cwd, env, ... })). */
export function subprocess_exec<P>(loop: Loop, protocol_factory: ProtocolFactory<P>, program: string, rest: unknown[]): Coroutine<[BaseSubprocessTransport, P]> {
  const [args, kwargs] = splitKw<SubprocessOptions>(rest);
  return new Coroutine(subprocessExec(loop, protocol_factory, program, args as string[], kwargs), "subprocess_exec") as Coroutine<[BaseSubprocessTransport, P]>;
}

function* subprocessExec<P>(loop: Loop, protocol_factory: ProtocolFactory<P>, program: string, args: string[], o: SubprocessOptions): Gen<[BaseSubprocessTransport, P]> {
  checkTextOptions(o);
  if (o.shell) throw new ValueError("shell must be False");
  const protocol = _make_protocol(protocol_factory);
  const [stdin, stdout, stderr, popenOpts] = splitOptions(o);
  const transport = yield* makeSubprocessTransport(loop, protocol, [program, ...args], false, stdin, stdout, stderr, popenOpts);
  return [transport, protocol];
}

/** loop.subprocess_shell(protocol_factory, cmd, { stdin, stdout, stderr, cwd, env, ... }). */
export function subprocess_shell<P>(loop: Loop, protocol_factory: ProtocolFactory<P>, cmd: string, o: SubprocessOptions = {}): Coroutine<[BaseSubprocessTransport, P]> {
  return new Coroutine(subprocessShell(loop, protocol_factory, cmd, o), "subprocess_shell") as Coroutine<[BaseSubprocessTransport, P]>;
}

function* subprocessShell<P>(loop: Loop, protocol_factory: ProtocolFactory<P>, cmd: string, o: SubprocessOptions): Gen<[BaseSubprocessTransport, P]> {
  if (typeof cmd !== "string" && !(cmd as unknown instanceof Uint8Array)) throw new ValueError("cmd must be a string");
  checkTextOptions(o);
  if (o.shell === false) throw new ValueError("shell must be True");
  const protocol = _make_protocol(protocol_factory);
  const [stdin, stdout, stderr, popenOpts] = splitOptions(o);
  const command = typeof cmd === "string" ? cmd : Buffer.from(cmd as Uint8Array).toString();
  const transport = yield* makeSubprocessTransport(loop, protocol, command, true, stdin, stdout, stderr, popenOpts);
  return [transport, protocol];
}

/** unix_events._make_subprocess_transport: start the child, wait for its pipes; on failure close and reap. */
function* makeSubprocessTransport(loop: Loop, protocol: any, args: string[] | string, shell: boolean, stdin: StdioSpec, stdout: StdioSpec, stderr: StdioSpec, kwargs: PopenOptions): Gen<BaseSubprocessTransport> {
  const waiter = loop.create_future<null>();
  const transp = new BaseSubprocessTransport(loop, protocol, args, shell, stdin, stdout, stderr, waiter, null, kwargs);
  if (transp._pid === null) {
    // Node reports a failed spawn (FileNotFoundError, PermissionError, ...) on its next turn.
    const err: Error = yield transp._proc!.started;
    transp._proc = null;
    transp.close();
    throw err;
  }
  try {
    yield waiter;
  } catch (e) {
    if (e instanceof KeyboardInterrupt || e instanceof SystemExit) throw e;
    transp.close();
    yield* transp._wait();
    throw e;
  }
  return transp;
}

