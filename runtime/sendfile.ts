// loop.sendfile (base_events.py's fallback path): Node has no sendfile(2) for sockets, so a
// file is read in 16 KiB blocks (node:fs, each read completing through the ready queue) and
// written to the transport, waiting whenever the transport pauses its protocol. While it
// runs, a stand-in protocol takes the transport's pause/resume_writing (and reading is
// paused), as CPython's _SendfileFallbackProtocol does; the real protocol is put back after.
import * as fs from "node:fs";
import { Coroutine } from "./coroutines.js";
import { Handle } from "./events.js";
import { copy_context } from "./py/contextvars.js";
import { ConnectionError, RuntimeError, ValueError } from "./py/exceptions.js";
import { Protocol } from "./protocols.js";
import { _FlowControlMixin } from "./transports.js";
import { repr } from "./py/format.js";
import type { AbstractEventLoop } from "./events.js";
import type { Future } from "./futures.js";

type Gen<T> = Generator<unknown, T, any>;

/** A file for sendfile: a file descriptor, an object with fileno() (Python's file), or a Node FileHandle ({ fd }). */
export type SendfileSource = number | { fileno(): number } | { fd: number };

class SendfileFallbackProtocol extends Protocol {
  _transport: _FlowControlMixin;
  _proto: any;
  _should_resume_reading: boolean;
  _should_resume_writing: boolean;
  _write_ready_fut: Future<boolean> | null;
  constructor(transp: _FlowControlMixin) {
    super();
    if (!(transp instanceof _FlowControlMixin)) throw new TypeError("transport should be _FlowControlMixin instance");
    this._transport = transp;
    this._proto = transp.get_protocol();
    this._should_resume_reading = transp.is_reading();
    this._should_resume_writing = transp._protocol_paused;
    transp.pause_reading();
    transp.set_protocol(this);
    this._write_ready_fut = this._should_resume_writing ? transp._loop.create_future<boolean>() : null;
  }
  *drain(): Gen<void> {
    if (this._transport.is_closing()) throw new ConnectionError("Connection closed by peer");
    const fut = this._write_ready_fut;
    if (fut === null) return;
    yield fut;
  }
  override connection_made(): void {
    throw new RuntimeError("Invalid state: connection should have been established already.");
  }
  override connection_lost(exc: Error | null): void {
    if (this._write_ready_fut !== null) {
      // Disconnection before the whole content is sent is always an error for the caller.
      this._write_ready_fut.set_exception(exc ?? new ConnectionError("Connection is closed by peer"));
    }
    this._proto.connection_lost(exc);
  }
  override pause_writing(): void {
    if (this._write_ready_fut !== null) return;
    this._write_ready_fut = this._transport._loop.create_future<boolean>();
  }
  override resume_writing(): void {
    if (this._write_ready_fut === null) return;
    this._write_ready_fut.set_result(false);
    this._write_ready_fut = null;
  }
  override data_received(): void {
    throw new RuntimeError("Invalid state: reading should be paused");
  }
  override eof_received(): boolean {
    throw new RuntimeError("Invalid state: reading should be paused");
  }
  restore(): void {
    this._transport.set_protocol(this._proto);
    if (this._should_resume_reading) this._transport.resume_reading();
    this._write_ready_fut?.cancel();
    if (this._should_resume_writing) this._proto.resume_writing();
  }
}

function fdOf(file: SendfileSource): number {
  if (typeof file === "number") return file;
  if (file && typeof (file as any).fileno === "function") return (file as any).fileno();
  if (file && typeof (file as any).fd === "number") return (file as any).fd;
  throw new TypeError(`file should be a file descriptor, an object with fileno() or a FileHandle, got ${repr(file)}`);
}

/** Reads up to n bytes at `position` (a Node callback → a handle on the ready queue). */
function readAt(loop: AbstractEventLoop, fd: number, buf: Buffer, n: number, position: number, wrap: (e: unknown) => Error): Future<number> {
  const fut = loop.create_future<number>();
  loop._outside_begin();
  fs.read(fd, buf, 0, n, position, (err, nread) => {
    if (loop.is_closed()) return;
    loop._ready_push(new Handle(() => {
      loop._outside_end();
      if (fut.done()) return;
      if (err) fut.set_exception(wrap(err));
      else fut.set_result(nread);
    }, null, loop, copy_context()));
  });
  return fut;
}

/** loop.sendfile(transport, file, offset, count, {fallback}): the number of bytes sent. */
export function sendfile(loop: AbstractEventLoop, transport: any, file: SendfileSource, offset = 0, count: number | null = null, opts: { fallback?: boolean } = {}, wrap: (e: unknown) => Error = (e) => e as Error): Coroutine<number> {
  return new Coroutine(sendfileGen(loop, transport, file, offset, count, opts.fallback ?? true, wrap), "sendfile");
}

function* sendfileGen(loop: AbstractEventLoop, transport: any, file: SendfileSource, offset: number, count: number | null, fallback: boolean, wrap: (e: unknown) => Error): Gen<number> {
  if (transport.is_closing()) throw new RuntimeError("Transport is closing");
  if (!(transport instanceof _FlowControlMixin)) throw new RuntimeError(`sendfile is not supported for transport ${repr(transport)}`);
  if (!fallback) throw new RuntimeError(`fallback is disabled and native sendfile is not supported for transport ${repr(transport)}`);
  if (count !== null && (!Number.isInteger(count) || count <= 0)) throw new ValueError(`count must be a positive integer (got ${repr(count)})`);
  if (!Number.isInteger(offset) || offset < 0) throw new ValueError(`offset must be a non-negative integer (got ${repr(offset)})`);
  const fd = fdOf(file);
  let blocksize = count ? Math.min(count, 16384) : 16384;
  let total = 0;
  const proto = new SendfileFallbackProtocol(transport);
  try {
    for (;;) {
      if (count) {
        blocksize = Math.min(count - total, blocksize);
        if (blocksize <= 0) return total;
      }
      const buf = Buffer.allocUnsafe(blocksize);
      const read: number = yield readAt(loop, fd, buf, blocksize, offset + total, wrap);
      if (!read) return total;
      yield* proto.drain();
      transport.write(read === blocksize ? buf : buf.subarray(0, read));
      total += read;
    }
  } finally {
    proto.restore();
  }
}
