// asyncio.subprocess: create_subprocess_exec / create_subprocess_shell and Process, over
// the loop's subprocess_exec/subprocess_shell with a stream protocol (asyncio/subprocess.py).
//
// communicate() is CPython's — feed stdin, read stdout and stderr, all three at once
// (gather), then wait() — so it never deadlocks on full pipes, with one change: it is
// cancel-safe (CPython issue #139373). What it has read is kept on the Process, not in the
// cancelled coroutines, and stdin's input is written only by the first call, so after a
// cancelled communicate() (a timeout, say) a second call returns everything the child wrote
// — as subprocess.Popen.communicate() does after TimeoutExpired.
import { Coroutine } from "./coroutines.js";
import { get_running_loop } from "./events.js";
import { gather } from "./combinators.js";
import { BrokenPipeError, ConnectionResetError } from "./py/exceptions.js";
import { splitKw, kw } from "./py/format.js";
import { FlowControlMixin, StreamReader, StreamWriter, _DEFAULT_LIMIT } from "./streams.js";
import { PIPE, STDOUT, DEVNULL, type StdioSpec } from "./popen.js";
import type { BaseSubprocessTransport, SubprocessOptions } from "./base_subprocess.js";
import type { AbstractEventLoop } from "./events.js";
import type { Future } from "./futures.js";

type Gen<T> = Generator<unknown, T, any>;

export { PIPE, STDOUT, DEVNULL };

/** Like StreamReaderProtocol, but for a subprocess: a StreamReader per output pipe, a StreamWriter for stdin. */
export class SubprocessStreamProtocol extends FlowControlMixin {
  /** @internal */ _limit: number;
  stdin: StreamWriter | null = null;
  stdout: StreamReader | null = null;
  stderr: StreamReader | null = null;
  /** @internal */ _transport: BaseSubprocessTransport | null = null;
  /** @internal */ _process_exited = false;
  /** @internal */ _pipe_fds: number[] = [];
  /** @internal */ _stdin_closed: Future<null>;

  constructor(limit: number, loop: AbstractEventLoop) {
    super(loop);
    this._limit = limit;
    this._stdin_closed = this._loop.create_future<null>();
  }

  __repr__(): string {
    const info = ["SubprocessStreamProtocol"];
    if (this.stdin !== null) info.push(`stdin=${this.stdin.__repr__()}`);
    if (this.stdout !== null) info.push(`stdout=${this.stdout.__repr__()}`);
    if (this.stderr !== null) info.push(`stderr=${this.stderr.__repr__()}`);
    return `<${info.join(" ")}>`;
  }

  override connection_made(transport: any): void {
    this._transport = transport;
    const stdoutTransport = transport.get_pipe_transport(1);
    if (stdoutTransport !== null) {
      this.stdout = new StreamReader({ limit: this._limit, loop: this._loop });
      this.stdout.set_transport(stdoutTransport);
      this._pipe_fds.push(1);
    }
    const stderrTransport = transport.get_pipe_transport(2);
    if (stderrTransport !== null) {
      this.stderr = new StreamReader({ limit: this._limit, loop: this._loop });
      this.stderr.set_transport(stderrTransport);
      this._pipe_fds.push(2);
    }
    const stdinTransport = transport.get_pipe_transport(0);
    if (stdinTransport !== null) this.stdin = new StreamWriter(stdinTransport, this, null, this._loop);
  }

  pipe_data_received(fd: number, data: Uint8Array): void {
    const reader = fd === 1 ? this.stdout : fd === 2 ? this.stderr : null;
    reader?.feed_data(data);
  }

  /** @internal pipe_data_received(fd, concat(chunks)) without the concatenation (or, for
   * chunks fresh from Node, the reader's copy); false when pipe_data_received was replaced. */
  _pipe_feed_chunks(fd: number, chunks: Uint8Array[], owned: boolean): boolean {
    if (this.pipe_data_received !== SubprocessStreamProtocol.prototype.pipe_data_received) return false;
    const reader = fd === 1 ? this.stdout : fd === 2 ? this.stderr : null;
    if (reader !== null) for (const c of chunks) reader._feed(c, owned);
    return true;
  }

  pipe_connection_lost(fd: number, exc: Error | null): void {
    if (fd === 0) {
      this.stdin?.close();
      this.connection_lost(exc);
      if (exc === null) this._stdin_closed.set_result(null);
      else {
        this._stdin_closed.set_exception(exc);
        // wait_closed() need not be called: nobody is told its exception was never retrieved.
        this._stdin_closed._log_traceback = false;
      }
      return;
    }
    const reader = fd === 1 ? this.stdout : fd === 2 ? this.stderr : null;
    if (reader !== null) {
      if (exc === null) reader.feed_eof();
      else reader.set_exception(exc);
    }
    const i = this._pipe_fds.indexOf(fd);
    if (i >= 0) this._pipe_fds.splice(i, 1);
    this._maybe_close_transport();
  }

  process_exited(): void {
    this._process_exited = true;
    this._maybe_close_transport();
  }

  private _maybe_close_transport(): void {
    if (this._pipe_fds.length === 0 && this._process_exited && this._transport !== null) {
      this._transport.close();
      this._transport = null;
    }
  }

  /** @internal */ override _get_close_waiter(stream: StreamWriter): Future<null> {
    return stream === this.stdin ? this._stdin_closed : (undefined as unknown as Future<null>);
  }
}

/** A child process started by create_subprocess_exec/create_subprocess_shell. */
export class Process {
  /** @internal */ _transport: BaseSubprocessTransport;
  /** @internal */ _protocol: SubprocessStreamProtocol;
  /** @internal */ _loop: AbstractEventLoop;
  readonly stdin: StreamWriter | null;
  readonly stdout: StreamReader | null;
  readonly stderr: StreamReader | null;
  readonly pid: number;
  // communicate()'s progress, kept here so that a cancelled call loses nothing.
  private _input_fed = false;
  private _output = new Map<number, { blocks: Uint8Array[]; eof: boolean }>();

  constructor(transport: BaseSubprocessTransport, protocol: SubprocessStreamProtocol, loop: AbstractEventLoop) {
    this._transport = transport;
    this._protocol = protocol;
    this._loop = loop;
    this.stdin = protocol.stdin;
    this.stdout = protocol.stdout;
    this.stderr = protocol.stderr;
    this.pid = transport.get_pid();
  }

  __repr__(): string {
    return `<Process ${this.pid}>`;
  }

  /** The exit status: null while running, -N if signal N ended the child. */
  get returncode(): number | null {
    return this._transport.get_returncode();
  }

  /** Waits for the child to exit (and its pipes to close); returns the return code. */
  wait(): Coroutine<number> {
    return new Coroutine(this._transport._wait(), "wait");
  }

  /** Sends `signal` (a number such as 2, or a name such as "SIGINT"). */
  send_signal(signal: number | string): void {
    this._transport.send_signal(signal);
  }
  terminate(): void {
    this._transport.terminate();
  }
  kill(): void {
    this._transport.kill();
  }

  private *_feed_stdin(input: Uint8Array | null): Gen<null> {
    try {
      if (input !== null && !this._input_fed) {
        this._input_fed = true;
        this.stdin!.write(input);
      }
      yield this.stdin!.drain();
    } catch (exc) {
      // communicate() ignores BrokenPipeError and ConnectionResetError (write() and drain() raise them).
      if (!(exc instanceof BrokenPipeError || exc instanceof ConnectionResetError)) throw exc;
    }
    this.stdin!.close();
    return null;
  }

  private *_read_stream(fd: number): Gen<Uint8Array> {
    const stream = fd === 2 ? this.stderr! : this.stdout!;
    let state = this._output.get(fd);
    if (state === undefined) this._output.set(fd, (state = { blocks: [], eof: false }));
    while (!state.eof) {
      const block: Uint8Array = yield stream.read(stream._limit);
      if (block.length) state.blocks.push(block);
      else state.eof = true;
    }
    this._transport.get_pipe_transport(fd)?.close();
    return state.blocks.length === 1 ? state.blocks[0] : Buffer.concat(state.blocks);
  }

  /**
   * Sends `input` to stdin (then closes it), reads stdout and stderr to EOF, waits for the
   * child; returns [stdout, stderr] (null for a stream that is not a PIPE). Cancel-safe: see
   * the header.
   */
  communicate(input: Uint8Array | null = null): Coroutine<[Uint8Array | null, Uint8Array | null]> {
    return new Coroutine(this._communicate(input), "communicate");
  }

  private *_communicate(input: Uint8Array | null): Gen<[Uint8Array | null, Uint8Array | null]> {
    const stdin = this.stdin !== null ? new Coroutine(this._feed_stdin(input), "_feed_stdin") : noop();
    const stdout = this.stdout !== null ? new Coroutine(this._read_stream(1), "_read_stream") : noop();
    const stderr = this.stderr !== null ? new Coroutine(this._read_stream(2), "_read_stream") : noop();
    const [, out, err]: [unknown, Uint8Array | null, Uint8Array | null] = yield gather(stdin, stdout, stderr);
    yield* this._transport._wait();
    // Returned: what comes later (nothing, at EOF) starts afresh.
    for (const state of this._output.values()) state.blocks = [];
    return [out, err];
  }
}

function noop(): Coroutine<null> {
  return new Coroutine((function* (): Gen<null> {
    return null;
  })(), "_noop");
}

export interface CreateSubprocessOptions extends Omit<SubprocessOptions, "stdin" | "stdout" | "stderr"> {
  stdin?: StdioSpec;
  stdout?: StdioSpec;
  stderr?: StdioSpec;
  /** The StreamReaders' buffer limit (64 KiB). */
  limit?: number;
}

/**
 * Starts `program` with `args`; keyword options in a trailing kw({...}): stdin, stdout,
 * stderr (PIPE, STDOUT, DEVNULL, a file descriptor, or null to inherit — the default), cwd,
 * env, limit, start_new_session, pass_fds. A missing program raises FileNotFoundError here.
 */
export function create_subprocess_exec(program: string, ...args: unknown[]): Coroutine<Process> {
  const [pos, o] = splitKw<CreateSubprocessOptions>(args);
  return new Coroutine(createSubprocess(o, (loop, factory, rest) => loop.subprocess_exec(factory, program, ...(pos as string[]), kw(rest))), "create_subprocess_exec");
}

/** Runs `cmd` with /bin/sh -c; options as for create_subprocess_exec, in an object. */
export function create_subprocess_shell(cmd: string, opts: CreateSubprocessOptions = {}): Coroutine<Process> {
  return new Coroutine(createSubprocess(opts, (loop, factory, rest) => loop.subprocess_shell(factory, cmd, rest)), "create_subprocess_shell");
}

function* createSubprocess(
  o: Partial<CreateSubprocessOptions>,
  start: (loop: AbstractEventLoop, factory: () => SubprocessStreamProtocol, rest: SubprocessOptions) => Coroutine<[BaseSubprocessTransport, SubprocessStreamProtocol]>,
): Gen<Process> {
  const loop = get_running_loop() as AbstractEventLoop;
  const { limit = _DEFAULT_LIMIT, stdin = null, stdout = null, stderr = null, ...rest } = o;
  const factory = () => new SubprocessStreamProtocol(limit, loop);
  const [transport, protocol] = yield start(loop, factory, { stdin, stdout, stderr, ...rest });
  return new Process(transport, protocol, loop);
}

/** `asyncio.subprocess`: the module's names, for code written as `asyncio.subprocess.PIPE`. */
export const subprocess = Object.freeze({ PIPE, STDOUT, DEVNULL, Process, SubprocessStreamProtocol, create_subprocess_exec, create_subprocess_shell });
