// Abstract transport classes (asyncio/transports.py). The concrete socket, TLS and
// datagram transports live in the Node host (node_events.ts); subprocess pipes build on
// these too. `_FlowControlMixin` holds CPython's write flow control: the protocol is
// paused above the high-water mark (64 KiB by default) and resumed at or below the
// low-water mark (high / 4).
import { NotImplementedError, ValueError, KeyboardInterrupt, SystemExit } from "./py/exceptions.js";
import { repr, pyTypeName } from "./py/format.js";
import { Handle, type AbstractEventLoop } from "./events.js";
import { copy_context } from "./py/contextvars.js";
import type { Future } from "./futures.js";

type Extra = Record<string, unknown>;

export class BaseTransport {
  /** @internal */ _extra: Extra;
  constructor(extra: Extra | null = null) {
    this._extra = extra ?? {};
  }
  /** Optional information about the transport ("peername", "sockname", "socket", "sslcontext", ...). */
  get_extra_info(name: string, dflt: unknown = null): any {
    return Object.prototype.hasOwnProperty.call(this._extra, name) ? this._extra[name] : dflt;
  }
  is_closing(): boolean {
    throw new NotImplementedError();
  }
  /** Closes the transport: buffered data is flushed, then connection_lost(null) is called. */
  close(): void {
    throw new NotImplementedError();
  }
  set_protocol(_protocol: any): void {
    throw new NotImplementedError();
  }
  get_protocol(): any {
    throw new NotImplementedError();
  }
}

export class ReadTransport extends BaseTransport {
  is_reading(): boolean {
    throw new NotImplementedError();
  }
  pause_reading(): void {
    throw new NotImplementedError();
  }
  resume_reading(): void {
    throw new NotImplementedError();
  }
}

export class WriteTransport extends BaseTransport {
  /** Sets the high- and low-water marks: (high, low) or Python's keywords `{ high, low }`. */
  set_write_buffer_limits(_high: number | null | { high?: number | null; low?: number | null } = null, _low: number | null = null): void {
    throw new NotImplementedError();
  }
  get_write_buffer_size(): number {
    throw new NotImplementedError();
  }
  get_write_buffer_limits(): [number, number] {
    throw new NotImplementedError();
  }
  write(_data: Uint8Array): void {
    throw new NotImplementedError();
  }
  /** Writes an iterable of bytes (joined into one write, as CPython does). */
  writelines(list_of_data: Iterable<Uint8Array>): void {
    this.write(joinBytes(list_of_data));
  }
  write_eof(): void {
    throw new NotImplementedError();
  }
  can_write_eof(): boolean {
    throw new NotImplementedError();
  }
  /** Closes at once: buffered data is lost, connection_lost(null) follows. */
  abort(): void {
    throw new NotImplementedError();
  }
}

// ReadTransport + WriteTransport (Python's multiple inheritance, flattened).
export class Transport extends WriteTransport {
  is_reading(): boolean {
    throw new NotImplementedError();
  }
  pause_reading(): void {
    throw new NotImplementedError();
  }
  resume_reading(): void {
    throw new NotImplementedError();
  }
}

export class DatagramTransport extends BaseTransport {
  sendto(_data: Uint8Array, _addr: unknown = null): void {
    throw new NotImplementedError();
  }
  abort(): void {
    throw new NotImplementedError();
  }
}

export class SubprocessTransport extends BaseTransport {
  get_pid(): number {
    throw new NotImplementedError();
  }
  get_returncode(): number | null {
    throw new NotImplementedError();
  }
  get_pipe_transport(_fd: number): any {
    throw new NotImplementedError();
  }
  send_signal(_signal: number | string): void {
    throw new NotImplementedError();
  }
  terminate(): void {
    throw new NotImplementedError();
  }
  kill(): void {
    throw new NotImplementedError();
  }
}

/**
 * Write flow control shared by the concrete transports (transports._FlowControlMixin).
 * A subclass defines get_write_buffer_size() and `_protocol`, and calls
 * _maybe_pause_protocol() after buffering and _maybe_resume_protocol() after sending.
 */
export class _FlowControlMixin extends Transport {
  /** @internal */ _loop: AbstractEventLoop;
  /** @internal */ _protocol: any = null;
  /** @internal */ _protocol_paused = false;
  /** @internal */ _high_water = 64 * 1024;
  /** @internal */ _low_water = 16 * 1024;

  constructor(extra: Extra | null, loop: AbstractEventLoop) {
    super(extra);
    this._loop = loop;
  }

  /** @internal */ _maybe_pause_protocol(): void {
    if (this.get_write_buffer_size() <= this._high_water) return;
    if (!this._protocol_paused) {
      this._protocol_paused = true;
      try {
        this._protocol.pause_writing();
      } catch (exc) {
        if (exc instanceof KeyboardInterrupt || exc instanceof SystemExit) throw exc;
        this._loop.call_exception_handler({ message: "protocol.pause_writing() failed", exception: exc, transport: this, protocol: this._protocol });
      }
    }
  }

  /** @internal */ _maybe_resume_protocol(): void {
    if (this._protocol_paused && this.get_write_buffer_size() <= this._low_water) {
      this._protocol_paused = false;
      try {
        this._protocol.resume_writing();
      } catch (exc) {
        if (exc instanceof KeyboardInterrupt || exc instanceof SystemExit) throw exc;
        this._loop.call_exception_handler({ message: "protocol.resume_writing() failed", exception: exc, transport: this, protocol: this._protocol });
      }
    }
  }

  override get_write_buffer_limits(): [number, number] {
    return [this._low_water, this._high_water];
  }

  /** @internal */ _set_write_buffer_limits(high: number | null = null, low: number | null = null): void {
    if (high == null) high = low == null ? 64 * 1024 : 4 * low;
    if (low == null) low = Math.floor(high / 4);
    if (!(high >= low && low >= 0)) throw new ValueError(`high (${repr(high)}) must be >= low (${repr(low)}) must be >= 0`);
    this._high_water = high;
    this._low_water = low;
  }

  /** Sets the high- and low-water marks (keyword options too: `{ high, low }`). */
  override set_write_buffer_limits(high: number | null | { high?: number | null; low?: number | null } = null, low: number | null = null): void {
    if (high !== null && typeof high === "object") ({ high = null, low = null } = high);
    this._set_write_buffer_limits(high as number | null, low);
    this._maybe_pause_protocol();
  }
}

/** b''.join(list): one Uint8Array of all the parts. */
export function joinBytes(parts: Iterable<Uint8Array>): Uint8Array {
  const list = [...parts];
  for (const p of list) checkBytes(p);
  if (list.length === 1) return list[0];
  return Buffer.concat(list);
}

/** @internal TypeError for anything that is not bytes-like (Python's message). */
export function checkBytes(data: unknown): asserts data is Uint8Array {
  if (!(data instanceof Uint8Array) && !(data instanceof ArrayBuffer) && !ArrayBuffer.isView(data)) {
    throw new TypeError(`data argument must be a bytes-like object, not '${pyTypeName(data)}'`);
  }
}

/** @internal What one recv()/os.read() hands a protocol: `chunks` (received in order) as one
 * data_received — through the protocol's _feed_chunks when it has one that takes them as
 * they are (no concatenation; `owned`: fresh from Node, nobody else holds them), else
 * concatenated. */
export function _deliver_chunks(protocol: any, chunks: Uint8Array[], owned: boolean): void {
  if (chunks.length > 1 || owned) {
    if (typeof protocol._feed_chunks === "function" && protocol._feed_chunks(chunks, owned)) return;
  }
  protocol.data_received(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
}

/** @internal Pushes fn(...args) onto the loop's ready queue from a Node callback (nothing once
 * the loop is closed): how every Node event reaches the protocols, as a handle after select(). */
export function _from_node(loop: AbstractEventLoop, fn: Function, args: unknown[] | null = null): void {
  if (loop.is_closed()) return;
  loop._ready_push(new Handle(fn, args, loop, copy_context()));
}

/** @internal A new transport's connection_made is on its way: wait for it (the waiter); a
 * failed or cancelled wait closes the transport (base_events' `await waiter` / `except: transport.close()`). */
export function* _wait_connected<T extends BaseTransport, P>(waiter: Future<null>, transport: T, protocol: P): Generator<unknown, [T, P], any> {
  try {
    yield waiter;
  } catch (e) {
    transport.close();
    throw e;
  }
  return [transport, protocol];
}
