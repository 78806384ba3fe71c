// Streams (asyncio/streams.py): StreamReader, StreamWriter, StreamReaderProtocol and
// open_connection/start_server (plus the unix variants).
//
// StreamReader and StreamWriter know nothing of sockets: a reader is fed by whoever holds
// it (feed_data/feed_eof/set_exception — a protocol, a pipe, a test), a writer writes to any
// Transport. Flow control as CPython's: the reader pauses its transport when its buffer
// passes 2 × limit and resumes it once a read brings it back to limit; drain() waits while
// the transport has paused the protocol (write buffer above its high-water mark).
import { Coroutine } from "./coroutines.js";
import { sleep } from "./tasks.js";
import { get_event_loop, get_running_loop } from "./events.js";
import { iscoroutine } from "./coroutines.js";
import { ByteBuffer } from "./py/bytes.js";
import {
  ConnectionResetError, IncompleteReadError, LimitOverrunError, NotImplementedError, RuntimeError, AssertionError,
  StopAsyncIteration, ValueError,
} from "./py/exceptions.js";
import { pyTypeName, repr } from "./py/format.js";
import { Protocol } from "./protocols.js";
import type { AbstractEventLoop } from "./events.js";
import { futureSetResult, futureSetException, type Future } from "./futures.js";
import type { Transport } from "./transports.js";
import type { Task } from "./tasks.js";
import type { Server } from "./server.js";

type Gen<T> = Generator<unknown, T, any>;

export const _DEFAULT_LIMIT = 2 ** 16; // 64 KiB
const NEWLINE = Buffer.from("\n");
const EMPTY = Buffer.alloc(0);

export type StreamReaderOptions = { limit?: number; loop?: AbstractEventLoop | null };

/** A buffer of incoming bytes with coroutines to read it: read, readline, readexactly, readuntil. */
export class StreamReader {
  /** @internal */ _limit: number;
  /** @internal */ _loop: AbstractEventLoop;
  /** @internal */ _buffer = new ByteBuffer();
  /** @internal */ _eof = false;
  /** @internal */ _waiter: Future<null> | null = null;
  /** @internal */ _exception: unknown = null;
  /** @internal */ _transport: Transport | null = null;
  /** @internal */ _paused = false;

  /** `new StreamReader()`, `new StreamReader(limit)` or `new StreamReader({ limit, loop })`. */
  constructor(limit: number | StreamReaderOptions = _DEFAULT_LIMIT, opts: StreamReaderOptions = {}) {
    if (typeof limit === "object" && limit !== null) {
      opts = limit;
      limit = opts.limit ?? _DEFAULT_LIMIT;
    }
    // The limit is the maximal line length readline() accepts; it also sets the flow-control mark.
    if (limit <= 0) throw new ValueError("Limit cannot be <= 0");
    this._limit = limit;
    this._loop = opts.loop ?? get_event_loop();
  }

  __repr__(): string {
    const info = ["StreamReader"];
    if (this._buffer.length) info.push(`${this._buffer.length} bytes`);
    if (this._eof) info.push("eof");
    if (this._limit !== _DEFAULT_LIMIT) info.push(`limit=${this._limit}`);
    if (this._waiter) info.push(`waiter=${repr(this._waiter)}`);
    if (this._exception) info.push(`exception=${repr(this._exception)}`);
    if (this._transport) info.push(`transport=${repr(this._transport)}`);
    if (this._paused) info.push("paused");
    return `<${info.join(" ")}>`;
  }

  exception(): unknown {
    return this._exception;
  }

  set_exception(exc: unknown): void {
    this._exception = exc;
    const waiter = this._waiter;
    if (waiter !== null) {
      this._waiter = null;
      if (!waiter.cancelled()) futureSetException.call(waiter, exc);
    }
  }

  /** @internal Wakes up read*() waiting for data or EOF. */
  _wakeup_waiter(): void {
    const waiter = this._waiter;
    if (waiter !== null) {
      this._waiter = null;
      if (!waiter.cancelled()) futureSetResult.call(waiter, null);
    }
  }

  set_transport(transport: Transport): void {
    if (this._transport !== null) throw new AssertionError("Transport already set"); // CPython: assert
    this._transport = transport;
  }

  /** @internal */ _maybe_resume_transport(): void {
    if (this._paused && this._buffer.length <= this._limit) {
      this._paused = false;
      this._transport!.resume_reading();
    }
  }

  feed_eof(): void {
    this._eof = true;
    this._wakeup_waiter();
  }

  /** True if the buffer is empty and feed_eof() was called. */
  at_eof(): boolean {
    return this._eof && this._buffer.length === 0;
  }

  feed_data(data: Uint8Array): void {
    this._feed(data, false);
  }

  /** @internal feed_data; `owned`: the chunk is fresh from Node (nobody else holds it), so it is kept, not copied. */
  _feed(data: Uint8Array, owned: boolean): void {
    if (this._eof) throw new AssertionError("feed_data after feed_eof"); // CPython: assert
    if (!data.length) return;
    this._buffer.extend(data, owned);
    this._wakeup_waiter();
    if (this._transport !== null && !this._paused && this._buffer.length > 2 * this._limit) {
      try {
        this._transport.pause_reading();
      } catch (e) {
        // The transport can't be paused; we'll just have to buffer all data (CPython's rule).
        if (!(e instanceof NotImplementedError)) throw e;
        this._transport = null;
        return;
      }
      this._paused = true;
    }
  }

  /** @internal Waits until feed_data() or feed_eof() is called; resumes a paused transport first. */
  *_wait_for_data(func_name: string): Gen<void> {
    // StreamReader uses a future to link the protocol feed_data() method to a read coroutine.
    // Running two read coroutines at the same time would have an unexpected behaviour: it
    // would not be possible to know which coroutine would get the next data.
    if (this._waiter !== null) {
      throw new RuntimeError(`${func_name}() called while another coroutine is already waiting for incoming data`);
    }
    if (this._eof) throw new AssertionError("_wait_for_data after EOF"); // CPython: assert
    // Waiting for data while paused would deadlock, so prevent it. This is essential for
    // readexactly(n) with n larger than the limit.
    if (this._paused) {
      this._paused = false;
      this._transport!.resume_reading();
    }
    this._waiter = this._loop.create_future<null>();
    try {
      yield this._waiter;
    } finally {
      this._waiter = null;
    }
  }

  /** Reads one line ending in "\n"; at EOF the partial line (possibly empty). ValueError past the limit. */
  readline(): Coroutine<Uint8Array> {
    return new Coroutine(this._readline(), "readline");
  }

  private *_readline(): Gen<Uint8Array> {
    const sep = NEWLINE;
    try {
      return yield* this._readuntil(sep);
    } catch (e) {
      if (e instanceof IncompleteReadError) return e.partial;
      if (e instanceof LimitOverrunError) {
        if (this._buffer.startsWith(sep, e.consumed)) this._buffer.drop(e.consumed + sep.length);
        else this._buffer.clear();
        this._maybe_resume_transport();
        throw new ValueError(e.args[0]);
      }
      throw e;
    }
  }

  /**
   * Reads up to and including `separator` (or the shortest match of several, as 3.13's
   * tuple). IncompleteReadError at EOF first (its `partial` holds what was read);
   * LimitOverrunError past the limit (the data stays in the buffer).
   */
  readuntil(separator: Uint8Array | Uint8Array[] = NEWLINE): Coroutine<Uint8Array> {
    return new Coroutine(this._readuntil(separator), "readuntil");
  }

  private *_readuntil(separator: Uint8Array | Uint8Array[]): Gen<Uint8Array> {
    // A tuple of separators: the shortest match wins (sorted by length).
    const seps = !Array.isArray(separator) ? [separator] : [...separator].sort((a, b) => a.length - b.length);
    if (!seps.length) throw new ValueError("Separator should contain at least one element");
    const minSeplen = seps[0].length;
    const maxSeplen = seps[seps.length - 1].length;
    if (minSeplen === 0) throw new ValueError("Separator should be at least one-byte string");
    if (this._exception !== null) throw this._exception;
    // `offset`: how many bytes from the front are known to hold no separator.
    let offset = 0;
    let matchStart = -1, matchEnd = -1;
    for (;;) {
      const buflen = this._buffer.length;
      if (buflen - offset >= minSeplen) {
        for (const sep of seps) {
          // bytearray.find's own check, made when the buffer is first searched (a str is no separator)
          if (!(sep instanceof Uint8Array)) throw new TypeError(`argument should be integer or bytes-like object, not '${pyTypeName(sep)}'`);
          const isep = this._buffer.find(sep, offset);
          if (isep !== -1) {
            const end = isep + sep.length;
            if (matchEnd === -1 || end < matchEnd) {
              matchEnd = end;
              matchStart = isep;
            }
          }
        }
        if (matchEnd !== -1) break;
        offset = Math.max(0, buflen + 1 - maxSeplen);
        if (offset > this._limit) throw new LimitOverrunError("Separator is not found, and chunk exceed the limit", offset);
      }
      // A complete message may be in the buffer even at EOF, so EOF is checked after the search.
      if (this._eof) {
        const chunk = this._buffer.toBytes();
        this._buffer.clear();
        throw new IncompleteReadError(chunk, null);
      }
      yield* this._wait_for_data("readuntil");
    }
    if (matchStart > this._limit) throw new LimitOverrunError("Separator is found, but chunk is longer than limit", matchStart);
    const chunk = this._buffer.take(matchEnd);
    this._maybe_resume_transport();
    return chunk;
  }

  /**
   * Reads up to n bytes; with n < 0 (the default) until EOF. Returns as soon as some bytes
   * are buffered; empty bytes at EOF.
   */
  read(n = -1): Coroutine<Uint8Array> {
    return new Coroutine(this._read(n), "read");
  }

  private *_read(n: number): Gen<Uint8Array> {
    if (this._exception !== null) throw this._exception;
    if (n === 0) return EMPTY;
    if (n < 0) {
      // Read in chunks of the limit, so a huge read doesn't hold the transport paused.
      const blocks: Uint8Array[] = [];
      for (;;) {
        const block = yield* this._read(this._limit);
        if (!block.length) break;
        blocks.push(block);
      }
      return blocks.length === 1 ? blocks[0] : Buffer.concat(blocks);
    }
    if (!this._buffer.length && !this._eof) yield* this._wait_for_data("read");
    const data = this._buffer.take(n);
    this._maybe_resume_transport();
    return data;
  }

  /** Reads exactly n bytes; IncompleteReadError (with the partial bytes) if EOF comes first. */
  readexactly(n: number): Coroutine<Uint8Array> {
    return new Coroutine(this._readexactly(n), "readexactly");
  }

  private *_readexactly(n: number): Gen<Uint8Array> {
    if (n < 0) throw new ValueError("readexactly size can not be less than zero");
    if (this._exception !== null) throw this._exception;
    if (n === 0) return EMPTY;
    while (this._buffer.length < n) {
      if (this._eof) {
        const incomplete = this._buffer.toBytes();
        this._buffer.clear();
        throw new IncompleteReadError(incomplete, n);
      }
      yield* this._wait_for_data("readexactly");
    }
    const data = this._buffer.take(n);
    this._maybe_resume_transport();
    return data;
  }

  /** `async for line in reader` (`for await (const line of reader)`): lines until EOF. */
  __aiter__(): this {
    return this;
  }

  __anext__(): Coroutine<Uint8Array> {
    return new Coroutine(this._anext(), "__anext__");
  }

  private *_anext(): Gen<Uint8Array> {
    const val = yield* this._readline();
    if (val.length === 0) throw new StopAsyncIteration();
    return val;
  }

  /** Plain-JS interop (`for await` in native code while the loop runs). */
  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return {
      next: () => this.__anext__().then((value) => ({ done: false, value }), (e) => {
        if (e instanceof StopAsyncIteration) return { done: true, value: undefined as any };
        throw e;
      }),
    };
  }
}

/**
 * Write flow control for stream protocols (streams.FlowControlMixin): pause_writing /
 * resume_writing from the transport; _drain_helper() waits while paused.
 */
export class FlowControlMixin extends Protocol {
  /** @internal */ _loop: AbstractEventLoop;
  /** @internal */ _paused = false;
  /** @internal */ _drain_waiters: Future<null>[] = [];
  /** @internal */ _connection_lost = false;

  constructor(loop: AbstractEventLoop | null = null) {
    super();
    this._loop = loop ?? get_event_loop();
  }

  override pause_writing(): void {
    if (this._paused) throw new AssertionError(); // CPython: assert not self._paused
    this._paused = true;
  }

  override resume_writing(): void {
    if (!this._paused) throw new AssertionError(); // CPython: assert self._paused
    this._paused = false;
    for (const waiter of this._drain_waiters) if (!waiter.done()) futureSetResult.call(waiter, null);
  }

  override connection_lost(exc: Error | null): void {
    this._connection_lost = true;
    // Wake up the writer(s) if currently paused.
    if (!this._paused) return;
    for (const waiter of this._drain_waiters) {
      if (!waiter.done()) {
        if (exc === null) futureSetResult.call(waiter, null);
        else futureSetException.call(waiter, exc);
      }
    }
  }

  /** @internal */ *_drain_helper(): Gen<void> {
    if (this._connection_lost) throw new ConnectionResetError("Connection lost");
    if (!this._paused) return;
    const waiter = this._loop.create_future<null>();
    this._drain_waiters.push(waiter);
    try {
      yield waiter;
    } finally {
      const i = this._drain_waiters.indexOf(waiter);
      if (i >= 0) this._drain_waiters.splice(i, 1);
    }
  }

  /** @internal */ _get_close_waiter(_stream: StreamWriter): Future<null> {
    throw new NotImplementedError();
  }
}

export type ClientConnectedCallback = (reader: StreamReader, writer: StreamWriter) => unknown;

/** Adapts a Protocol to a StreamReader (and, for servers, calls client_connected_cb with a reader and writer). */
export class StreamReaderProtocol extends FlowControlMixin {
  /** @internal */ _stream_reader: StreamReader | null;
  /** @internal */ _stream_writer: StreamWriter | null = null;
  /** @internal */ _task: Task<any> | null = null;
  /** @internal */ _transport: Transport | null = null;
  /** @internal */ _client_connected_cb: ClientConnectedCallback | null;
  /** @internal */ _over_ssl = false;
  /** @internal */ _closed: Future<null>;

  constructor(stream_reader: StreamReader | null, client_connected_cb: ClientConnectedCallback | null = null, loop: AbstractEventLoop | null = null) {
    super(loop);
    this._stream_reader = stream_reader;
    this._client_connected_cb = client_connected_cb;
    this._closed = this._loop.create_future<null>();
  }

  /** @internal start_tls() swapped the transport under the writer. */
  _replace_writer(writer: StreamWriter): void {
    const transport = writer.transport;
    this._stream_writer = writer;
    this._transport = transport;
    this._over_ssl = transport.get_extra_info("sslcontext") != null;
  }

  override connection_made(transport: Transport): void {
    this._transport = transport;
    const reader = this._stream_reader;
    if (reader !== null) reader.set_transport(transport);
    this._over_ssl = transport.get_extra_info("sslcontext") != null;
    if (this._client_connected_cb !== null) {
      const writer = (this._stream_writer = new StreamWriter(transport, this, reader, this._loop));
      const res = this._client_connected_cb(reader!, writer);
      if (iscoroutine(res)) {
        const loop = this._loop;
        const callback = (task: Future<any>): void => {
          // 3.12.2's fix (gh-113538): 3.12.1 lacks this check, so its task.exception() raises
          // CancelledError here ("Exception in callback" noise) and the connection stays open.
          if (task.cancelled()) {
            transport.close();
            return;
          }
          const exc = task.exception();
          if (exc !== null) {
            loop.call_exception_handler({ message: "Unhandled exception in client_connected_cb", exception: exc, transport });
            transport.close();
          }
        };
        this._task = loop.create_task(res as Coroutine<unknown>);
        this._task.add_done_callback(callback);
      }
    }
  }

  override connection_lost(exc: Error | null): void {
    const reader = this._stream_reader;
    if (reader !== null) {
      if (exc === null) reader.feed_eof();
      else reader.set_exception(exc);
    }
    if (!this._closed.done()) {
      if (exc === null) futureSetResult.call(this._closed, null);
      else {
        futureSetException.call(this._closed, exc);
        // CPython's __del__ retrieves it: nobody is told "exception was never retrieved".
        this._closed._log_traceback = false;
      }
    }
    super.connection_lost(exc);
    this._stream_reader = null;
    this._stream_writer = null;
    this._task = null;
    this._transport = null;
  }

  override data_received(data: Uint8Array): void {
    this._stream_reader?.feed_data(data);
  }

  /** @internal For transports: data_received(concat(chunks)) without the concatenation (and,
   * for `owned` chunks fresh from Node, without the reader's copy); false, with nothing done,
   * when data_received was replaced (a subclass, or on the instance): call that then. */
  _feed_chunks(chunks: Uint8Array[], owned: boolean): boolean {
    if (this.data_received !== STREAM_DATA_RECEIVED) return false;
    const reader = this._stream_reader;
    if (reader !== null) for (const c of chunks) reader._feed(c, owned);
    return true;
  }

  override eof_received(): boolean {
    this._stream_reader?.feed_eof();
    // Over SSL, returning true has no effect (and SSLProtocol would warn about it).
    return !this._over_ssl;
  }

  /** @internal */ override _get_close_waiter(_stream: StreamWriter): Future<null> {
    return this._closed;
  }
}

const STREAM_DATA_RECEIVED = StreamReaderProtocol.prototype.data_received;

/** Wraps a transport: write, writelines, write_eof, drain, close, wait_closed, start_tls. */
export class StreamWriter {
  /** @internal */ _transport: Transport;
  /** @internal */ _protocol: FlowControlMixin;
  /** @internal */ _reader: StreamReader | null;
  /** @internal */ _loop: AbstractEventLoop;

  constructor(transport: Transport, protocol: FlowControlMixin, reader: StreamReader | null, loop: AbstractEventLoop) {
    this._transport = transport;
    this._protocol = protocol;
    this._reader = reader;
    this._loop = loop;
  }

  __repr__(): string {
    const info = ["StreamWriter", `transport=${repr(this._transport)}`];
    if (this._reader !== null) info.push(`reader=${repr(this._reader)}`);
    return `<${info.join(" ")}>`;
  }

  get transport(): Transport {
    return this._transport;
  }

  write(data: Uint8Array): void {
    this._transport.write(data);
  }

  writelines(data: Iterable<Uint8Array>): void {
    this._transport.writelines(data);
  }

  write_eof(): void {
    return this._transport.write_eof();
  }

  can_write_eof(): boolean {
    return this._transport.can_write_eof();
  }

  close(): void {
    return this._transport.close();
  }

  is_closing(): boolean {
    return this._transport.is_closing();
  }

  /** Waits until the connection is closed; raises the error that closed it, if any. */
  wait_closed(): Coroutine<null> {
    return new Coroutine(this._wait_closed(), "wait_closed");
  }

  private *_wait_closed(): Gen<null> {
    return yield this._protocol._get_close_waiter(this);
  }

  get_extra_info(name: string, dflt: unknown = null): any {
    return this._transport.get_extra_info(name, dflt);
  }

  /**
   * Waits until it is appropriate to write more (the transport's buffer is below its
   * low-water mark). Raises the reader's exception, or the error that closed the connection.
   */
  drain(): Coroutine<void> {
    return new Coroutine(this._drain(), "drain");
  }

  private *_drain(): Gen<void> {
    if (this._reader !== null) {
      const exc = this._reader.exception();
      if (exc !== null) throw exc;
    }
    if (this._transport.is_closing()) {
      // Yield to the loop so connection_lost() may be called: a write(); drain() loop on a
      // closed socket must see the error rather than spin.
      yield sleep(0);
    }
    yield* this._protocol._drain_helper();
  }

  /** Upgrades the connection to TLS (loop.start_tls); the writer then writes through TLS. */
  start_tls(sslcontext: unknown, opts: { server_hostname?: string | null; ssl_handshake_timeout?: number | null; ssl_shutdown_timeout?: number | null } = {}): Coroutine<void> {
    return new Coroutine(this._start_tls(sslcontext, opts), "start_tls");
  }

  private *_start_tls(sslcontext: unknown, opts: { server_hostname?: string | null; ssl_handshake_timeout?: number | null; ssl_shutdown_timeout?: number | null }): Gen<void> {
    const protocol = this._protocol as StreamReaderProtocol;
    const server_side = protocol._client_connected_cb != null;
    yield* this._drain();
    const loop: any = this._loop;
    const newTransport = yield loop.start_tls(this._transport, protocol, sslcontext, { ...opts, server_side });
    this._transport = newTransport;
    protocol._replace_writer(this);
  }
}

// ---- the stream API over loop.create_connection / create_server ----

type LoopWithNet = AbstractEventLoop & {
  create_connection(factory: () => any, host?: string | null, port?: number | null, opts?: object): Coroutine<[Transport, any]>;
  create_server(factory: () => any, host?: string | string[] | null, port?: number | null, opts?: object): Coroutine<Server>;
  create_unix_connection(factory: () => any, path?: string | null, opts?: object): Coroutine<[Transport, any]>;
  create_unix_server(factory: () => any, path?: string | null, opts?: object): Coroutine<Server>;
};

export type OpenConnectionOptions = { limit?: number; [key: string]: unknown };

/** Connects to host:port; returns [reader, writer]. Other options go to loop.create_connection. */
export function open_connection(host: string | null | (OpenConnectionOptions & { host?: string | null; port?: number | null }) = null, port: number | null = null, opts: OpenConnectionOptions = {}): Coroutine<[StreamReader, StreamWriter]> {
  if (host !== null && typeof host === "object") ({ host = null, port = null, ...opts } = host as any);
  return new Coroutine(openConnection(host as string | null, port, opts, false), "open_connection");
}

/** Connects to a unix socket at `path`; returns [reader, writer]. */
export function open_unix_connection(path: string | null = null, opts: OpenConnectionOptions = {}): Coroutine<[StreamReader, StreamWriter]> {
  return new Coroutine(openConnection(path, null, opts, true), "open_unix_connection");
}

function* openConnection(host: string | null, port: number | null, opts: OpenConnectionOptions, unix: boolean): Gen<[StreamReader, StreamWriter]> {
  const { limit = _DEFAULT_LIMIT, ...kwds } = opts;
  const loop = get_running_loop() as LoopWithNet;
  const reader = new StreamReader({ limit, loop });
  const protocol = new StreamReaderProtocol(reader, null, loop);
  const [transport] = unix
    ? yield loop.create_unix_connection(() => protocol, host, kwds)
    : yield loop.create_connection(() => protocol, host, port, kwds);
  const writer = new StreamWriter(transport, protocol, reader, loop);
  return [reader, writer];
}

export type StartServerOptions = { limit?: number; [key: string]: unknown };

/**
 * Starts a socket server; client_connected_cb(reader, writer) is called (a coroutine
 * function becomes a Task) for each client. Returns the Server.
 */
export function start_server(client_connected_cb: ClientConnectedCallback, host: string | string[] | null | (StartServerOptions & { host?: string | string[] | null; port?: number | null }) = null, port: number | null = null, opts: StartServerOptions = {}): Coroutine<Server> {
  if (host !== null && typeof host === "object" && !Array.isArray(host)) ({ host = null, port = null, ...opts } = host as any);
  return new Coroutine(startServer(client_connected_cb, host as string | string[] | null, port, opts, false), "start_server");
}

/** Starts a unix socket server at `path`. */
export function start_unix_server(client_connected_cb: ClientConnectedCallback, path: string | null = null, opts: StartServerOptions = {}): Coroutine<Server> {
  return new Coroutine(startServer(client_connected_cb, path, null, opts, true), "start_unix_server");
}

function* startServer(cb: ClientConnectedCallback, host: string | string[] | null, port: number | null, opts: StartServerOptions, unix: boolean): Gen<Server> {
  const { limit = _DEFAULT_LIMIT, ...kwds } = opts;
  const loop = get_running_loop() as LoopWithNet;
  const factory = () => new StreamReaderProtocol(new StreamReader({ limit, loop }), cb, loop);
  return unix ? yield loop.create_unix_server(factory, host as string | null, kwds) : yield loop.create_server(factory, host, port, kwds);
}

