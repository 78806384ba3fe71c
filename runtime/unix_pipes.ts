// Pipe transports (the pipe half of asyncio/unix_events.py; the loop and its signals are in
// unix_events.ts, apart so that the pipes need not import the concrete loop) over Node streams: the host layer for pipes, as
// node_events.ts is for sockets (popen.ts starts child processes).
//
// A pipe is a Node stream: a child's stdin/stdout/stderr, process.stdin/stdout, an
// fs.ReadStream, a zlib stream — anything Readable (connect_read_pipe) or Writable
// (connect_write_pipe). Node's events ('data', 'end', 'error', a write completing, a child's
// 'exit') only record what happened and push one Handle onto the loop's ready queue
// (loop._ready_push wakes a waiting loop), as CPython's selector readiness becomes a handle
// after select(); protocol callbacks run only from those handles.
//
// - Reading: chunks Node delivers wait in `_pending`; one _read_ready handle per iteration
//   hands the protocol up to max_size (256 KiB) of them, as one os.read() would, so
//   pause_reading() stops data_received at once (CPython's rule) even for chunks Node had
//   already delivered. Past 1 MiB pending, or while paused, the Node stream is paused too,
//   and the back-pressure reaches the writer (the kernel pipe fills, the child blocks).
// - Writing: data goes to the Node stream at once; get_write_buffer_size() is what Node
//   still holds (writableLength), so the protocol is paused above the high-water mark and
//   resumed from the write callbacks once it drains (drain() waits for that).
// - Liveness: Node handles are unref'd (the loop's own wait timer keeps Node alive while it
//   runs, so a pipe left open never holds the process after asyncio.run()). A reading pipe
//   and a pipe with writes in flight count as the loop's outside work (_outside_begin /
//   _outside_end), as a running child does (base_subprocess.ts): the busy loop polls Node,
//   and the virtual clock waits for them in real time.
import { constants as osConstants } from "node:os";
import type { Readable, Writable } from "node:stream";
import { ReadTransport, _FlowControlMixin, _deliver_chunks, _from_node, checkBytes } from "./transports.js";
import { OSError, BrokenPipeError, ValueError } from "./py/exceptions.js";
import { flushStdout, lazyBuiltin } from "./host.js";
import type { AbstractEventLoop } from "./events.js";
import { _set_result_unless_cancelled, type Future } from "./futures.js";

// The concrete loop (the pipe transports use its internal scheduling methods).
type Loop = AbstractEventLoop;
/** node:net on first use (a pipe that is a net.Socket means it is loaded already). */
const netModule = lazyBuiltin<typeof import("node:net")>("node:net");

const MAX_SIZE = 256 * 1024; // bytes handed to data_received per iteration (CPython's max_size)
const PENDING_HIGH = 1024 * 1024; // pause the Node stream when this much waits for the protocol
const LOG_THRESHOLD_FOR_CONNLOST_WRITES = 5;

// ---------------------------------------------------------------- errors

// glibc's strerror() for the errnos pipes and exec produce (Python's OSError.strerror).
export const STRERROR: Record<string, string> = {
  EPERM: "Operation not permitted", ENOENT: "No such file or directory", ESRCH: "No such process",
  EINTR: "Interrupted system call", EIO: "Input/output error", E2BIG: "Argument list too long",
  ENOEXEC: "Exec format error", EBADF: "Bad file descriptor", EAGAIN: "Resource temporarily unavailable",
  ENOMEM: "Cannot allocate memory", EACCES: "Permission denied", ENOTDIR: "Not a directory",
  EISDIR: "Is a directory", EINVAL: "Invalid argument", EMFILE: "Too many open files",
  ENFILE: "Too many open files in system", EPIPE: "Broken pipe", ECONNRESET: "Connection reset by peer",
  ETXTBSY: "Text file busy", ENAMETOOLONG: "File name too long", ELOOP: "Too many levels of symbolic links",
};

/** A Node system error as the OSError subclass CPython raises (FileNotFoundError for ENOENT, ...). */
export function _os_error(err: any, filename?: unknown): Error {
  if (err instanceof OSError) return err;
  const code = err?.code;
  const num = typeof code === "string" ? (osConstants.errno as Record<string, number>)[code] : undefined;
  if (num === undefined) {
    if (code === "ERR_STREAM_DESTROYED" || code === "ERR_STREAM_WRITE_AFTER_END") return new OSError(9, STRERROR.EBADF);
    return err instanceof Error ? err : new OSError(String(err));
  }
  const strerror = STRERROR[code] ?? String(err.message ?? code);
  return filename === undefined ? new OSError(num, strerror) : new OSError(num, strerror, filename);
}

// ---------------------------------------------------------------- scheduling from Node (transports._from_node)

function unref(stream: unknown): void {
  (stream as { unref?: () => void })?.unref?.();
}

// ---------------------------------------------------------------- read pipe

/** A read-only pipe transport over a Node Readable (unix_events._UnixReadPipeTransport). */
export class _UnixReadPipeTransport extends ReadTransport {
  max_size = MAX_SIZE;
  /** @internal */ _loop: Loop;
  /** @internal */ _pipe: Readable | null;
  /** @internal */ _protocol: any;
  /** @internal */ _closing = false;
  /** @internal */ _paused = false;
  private _pending: Uint8Array[] = [];
  private _pendingBytes = 0;
  private _eof = false;
  private _error: unknown = null;
  private _scheduled = false;
  private _listening = false;
  private _outside = false;
  private _nodePaused = false;
  /** chunks from a socket-backed pipe (a child's stdio, a pipe or tty stdin) are fresh: nobody else holds them */
  private _fresh: boolean;
  private _onData = (chunk: Uint8Array | string) => this._node_data(chunk);
  private _onEnd = () => this._node_end();
  private _onError = (err: unknown) => this._node_error(err);
  private _readReady = () => this._read_ready();

  constructor(loop: Loop, pipe: Readable, protocol: any, waiter: Future<null> | null = null, extra: Record<string, unknown> | null = null) {
    super(extra);
    if (pipe === null || typeof pipe !== "object" || typeof (pipe as any).on !== "function" || typeof (pipe as any).read !== "function") {
      throw new ValueError("Pipe transport is for pipes/sockets only.");
    }
    this._extra.pipe = pipe;
    this._fresh = pipe instanceof netModule().Socket;
    this._loop = loop;
    this._pipe = pipe;
    this._protocol = protocol;
    unref(pipe);
    loop._call_soon((t: unknown) => this._protocol.connection_made(t), [this], null);
    // Only start reading once connection_made() has been called.
    loop._call_soon(() => this._add_reader(), null, null);
    if (waiter !== null) loop._call_soon(_set_result_unless_cancelled, [waiter, null], null);
  }

  private _add_reader(): void {
    if (!this.is_reading() || this._pipe === null) return;
    const pipe = this._pipe;
    if (!this._listening) {
      this._listening = true;
      pipe.on("data", this._onData);
      pipe.on("end", this._onEnd);
      pipe.on("error", this._onError);
      if (pipe.readableEnded) this._node_end();
    }
    this._set_outside(true);
    this._resume_node();
  }

  private _set_outside(on: boolean): void {
    if (on === this._outside) return;
    this._outside = on;
    if (on) this._loop._outside_begin();
    else this._loop._outside_end();
  }

  private _pause_node(): void {
    if (!this._nodePaused) {
      this._nodePaused = true;
      this._pipe?.pause();
    }
  }

  private _resume_node(): void {
    if (this._nodePaused || this._pipe?.isPaused() || this._pipe?.readableFlowing !== true) {
      this._nodePaused = false;
      this._pipe?.resume();
    }
  }

  // Node's events: record, and make sure one _read_ready handle is queued.
  private _node_data(chunk: Uint8Array | string): void {
    const data = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    this._pending.push(data);
    this._pendingBytes += data.length;
    if (this._pendingBytes > PENDING_HIGH) this._pause_node();
    this._schedule();
  }
  private _node_end(): void {
    this._eof = true;
    this._schedule();
  }
  private _node_error(err: unknown): void {
    this._error = err;
    this._schedule();
  }

  private _schedule(): void {
    if (this._scheduled || this._paused || this._closing) return;
    if (this._loop.is_closed()) {
      this._pause_node();
      return;
    }
    this._scheduled = true;
    _from_node(this._loop, this._readReady);
  }

  /** One "readable" event: up to max_size bytes to the protocol, or the EOF, or the error. */
  private _read_ready(): void {
    this._scheduled = false;
    if (this._closing || this._paused || this._pipe === null) return;
    if (this._pending.length) {
      const chunks = this._take();
      if (this._pendingBytes <= PENDING_HIGH / 4 && !this._paused) this._resume_node();
      _deliver_chunks(this._protocol, chunks, this._fresh);
      if (this._pending.length || this._eof || this._error !== null) this._schedule();
      return;
    }
    if (this._error !== null) {
      this._fatal_error(_os_error(this._error), "Fatal read error on pipe transport");
      return;
    }
    if (this._eof) {
      this._closing = true;
      this._stop_listening();
      this._loop._call_soon(() => this._protocol.eof_received(), null, null);
      this._loop._call_soon((e: unknown) => this._call_connection_lost(e), [null], null);
    }
  }

  /** The chunks one os.read(max_size) would return (at least one). */
  private _take(): Uint8Array[] {
    const pending = this._pending;
    let n = pending[0].length, k = 1;
    while (k < pending.length && n + pending[k].length <= this.max_size) n += pending[k++].length;
    this._pendingBytes -= n;
    if (k === pending.length) {
      this._pending = [];
      return pending;
    }
    return pending.splice(0, k);
  }

  private _stop_listening(): void {
    this._set_outside(false);
    const pipe = this._pipe;
    if (pipe && this._listening) {
      this._listening = false;
      pipe.off("data", this._onData);
      pipe.off("end", this._onEnd);
      pipe.off("error", this._onError);
      // Errors after we stop listening (a destroyed pipe) must not crash the process.
      pipe.on("error", () => {});
      pipe.pause();
    }
  }

  is_reading(): boolean {
    return !this._paused && !this._closing;
  }

  pause_reading(): void {
    if (!this.is_reading()) return;
    this._paused = true;
    this._pause_node();
    this._set_outside(false);
  }

  resume_reading(): void {
    if (this._closing || !this._paused) return;
    this._paused = false;
    this._set_outside(true);
    if (this._pendingBytes <= PENDING_HIGH) this._resume_node();
    if (this._pending.length || this._eof || this._error !== null) this._schedule();
  }

  set_protocol(protocol: any): void {
    this._protocol = protocol;
  }
  get_protocol(): any {
    return this._protocol;
  }
  is_closing(): boolean {
    return this._closing;
  }

  close(): void {
    if (!this._closing) this._close(null);
  }

  /** @internal */ _fatal_error(exc: unknown, message = "Fatal error on pipe transport"): void {
    // EIO is what a pty gives at its end: not worth a report (CPython's rule).
    if (!(exc instanceof OSError && (exc as any).errno === 5)) {
      this._loop.call_exception_handler({ message, exception: exc, transport: this, protocol: this._protocol });
    }
    this._close(exc);
  }

  private _close(exc: unknown): void {
    this._closing = true;
    this._stop_listening();
    this._loop._call_soon((e: unknown) => this._call_connection_lost(e), [exc], null);
  }

  private _call_connection_lost(exc: unknown): void {
    try {
      this._protocol.connection_lost(exc);
    } finally {
      this._pending = [];
      const pipe = this._pipe;
      this._pipe = null;
      this._protocol = null;
      pipe?.destroy();
    }
  }

  __repr__(): string {
    const info = ["_UnixReadPipeTransport"];
    if (this._pipe === null) info.push("closed");
    else if (this._closing) info.push("closing");
    const fd = (this._pipe as any)?.fd ?? (this._pipe as any)?._handle?.fd;
    if (typeof fd === "number" && fd >= 0) info.push(`fd=${fd}`);
    if (this._pipe !== null) info.push(this.is_reading() ? "polling" : "idle");
    return `<${info.join(" ")}>`;
  }
}

// ---------------------------------------------------------------- write pipe

/** A write-only pipe transport over a Node Writable (unix_events._UnixWritePipeTransport). */
export class _UnixWritePipeTransport extends _FlowControlMixin {
  /** @internal */ _pipe: Writable | null;
  /** @internal */ _conn_lost = 0;
  /** @internal */ _closing = false; // close() or write_eof() called
  private _inflight = 0;
  private _stdio: boolean;
  private _onError = (err: unknown) => _from_node(this._loop, () => this._write_error(err));

  constructor(loop: Loop, pipe: Writable, protocol: any, waiter: Future<null> | null = null, extra: Record<string, unknown> | null = null) {
    super(extra, loop);
    if (pipe === null || typeof pipe !== "object" || typeof (pipe as any).write !== "function" || typeof (pipe as any).on !== "function") {
      throw new ValueError("Pipe transport is only for pipes, sockets and character devices");
    }
    this._extra.pipe = pipe;
    this._pipe = pipe;
    this._protocol = protocol;
    // process.stdout/stderr: print() buffers in the host; flush it first so output keeps program order.
    const fd = (pipe as any).fd;
    this._stdio = fd === 1 || fd === 2;
    unref(pipe);
    pipe.on("error", this._onError);
    loop._call_soon((t: unknown) => this._protocol.connection_made(t), [this], null);
    if (waiter !== null) loop._call_soon(_set_result_unless_cancelled, [waiter, null], null);
  }

  get_write_buffer_size(): number {
    return this._pipe === null || this._closing && this._inflight === 0 ? 0 : this._pipe.writableLength;
  }

  write(data: Uint8Array): void {
    checkBytes(data);
    if (!data.length) return;
    if (this._conn_lost || this._closing) {
      if (this._conn_lost >= LOG_THRESHOLD_FOR_CONNLOST_WRITES) {
        process.emitWarning("pipe closed by peer or os.write(pipe, data) raised exception.");
      }
      this._conn_lost += 1;
      return;
    }
    if (this._stdio) flushStdout();
    // Node may keep the caller's buffer until it is written: give it a copy, as os.write() copies.
    const chunk = Buffer.from(data);
    if (this._inflight++ === 0) this._loop._outside_begin();
    this._pipe!.write(chunk, () => this._written());
    this._maybe_pause_protocol();
  }

  /** A write completed (a Node callback): the buffer may have drained below the low-water mark. */
  private _written(): void {
    if (--this._inflight === 0) {
      this._loop._outside_end();
      if (this._closing && this._pipe !== null && !this._conn_lost) _from_node(this._loop, () => this._flushed());
    }
    if (this._protocol_paused) _from_node(this._loop, () => this._maybe_resume_protocol());
  }

  /** Everything written after write_eof()/close(): the pipe is done. */
  private _flushed(): void {
    if (this._pipe === null || this._conn_lost) return;
    this._call_connection_lost(null);
  }

  private _write_error(err: unknown): void {
    if (this._pipe === null) return;
    this._conn_lost += 1;
    this._fatal_error(_os_error(err), "Fatal write error on pipe transport");
  }

  /** @internal The reading end went away (the child exited): CPython's _read_ready on the write pipe. */
  _peer_closed(): void {
    if (this._pipe === null || this._conn_lost) return;
    if (this._inflight > 0 && this._pipe.writableLength > 0) this._close(new BrokenPipeError());
    else if (!this._closing || this._inflight === 0) this._close(null);
  }

  can_write_eof(): boolean {
    return true;
  }

  write_eof(): void {
    if (this._closing || this._pipe === null) return;
    this._closing = true;
    if (this._inflight === 0) this._loop._call_soon((e: unknown) => this._call_connection_lost(e), [null], null);
  }

  set_protocol(protocol: any): void {
    this._protocol = protocol;
  }
  get_protocol(): any {
    return this._protocol;
  }
  is_closing(): boolean {
    return this._closing;
  }

  close(): void {
    if (this._pipe !== null && !this._closing) this.write_eof();
  }

  abort(): void {
    this._close(null);
  }

  /** @internal */ _fatal_error(exc: unknown, message = "Fatal error on pipe transport"): void {
    if (!(exc instanceof OSError)) {
      this._loop.call_exception_handler({ message, exception: exc, transport: this, protocol: this._protocol });
    }
    this._close(exc);
  }

  private _close(exc: unknown = null): void {
    if (this._pipe === null) return;
    this._closing = true;
    this._conn_lost ||= exc === null ? 0 : 1;
    this._loop._call_soon((e: unknown) => this._call_connection_lost(e), [exc], null);
  }

  private _call_connection_lost(exc: unknown): void {
    const pipe = this._pipe;
    if (pipe === null) return;
    this._pipe = null;
    try {
      this._protocol.connection_lost(exc);
    } finally {
      this._protocol = null;
      if (this._inflight > 0) {
        this._inflight = 0;
        this._loop._outside_end();
      }
      // process.stdout/stderr stay open for print(); any other pipe is closed (after its data).
      if (!this._stdio) {
        // A Duplex (zlib, a socket) keeps its readable side for whoever reads it.
        const duplex = (pipe as any).readable === true;
        if (exc === null && !pipe.writableEnded) pipe.end(() => void (duplex || pipe.destroy()));
        else if (!duplex) pipe.destroy();
        else pipe.end();
      }
    }
  }

  __repr__(): string {
    const info = ["_UnixWritePipeTransport"];
    if (this._pipe === null) info.push("closed");
    else if (this._closing) info.push("closing");
    const fd = (this._pipe as any)?.fd ?? (this._pipe as any)?._handle?.fd;
    if (typeof fd === "number" && fd >= 0) info.push(`fd=${fd}`);
    if (this._pipe !== null) {
      info.push(this._inflight ? "polling" : "idle");
      info.push(`bufsize=${this.get_write_buffer_size()}`);
    }
    return `<${info.join(" ")}>`;
  }
}

