// Abstract protocol classes (asyncio/protocols.py). A transport calls these; user code
// subclasses them and passes a factory (or the class itself) to create_connection/create_server.
import type { BaseTransport, Transport, DatagramTransport, SubprocessTransport } from "./transports.js";
import { RuntimeError } from "./py/exceptions.js";

/** connection_made / connection_lost, and the write flow-control callbacks. */
export class BaseProtocol {
  /** Called when a connection is made; `transport` stands for the connection. */
  connection_made(_transport: BaseTransport | any): void {}
  /** Called when the connection is lost or closed; `exc` is null for a regular EOF or close. */
  connection_lost(_exc: Error | null): void {}
  /** The transport's write buffer went over the high-water mark. */
  pause_writing(): void {}
  /** The transport's write buffer drained below the low-water mark. */
  resume_writing(): void {}
}

/** A stream protocol: data_received(data) with each chunk, eof_received() at the peer's EOF. */
export class Protocol extends BaseProtocol {
  override connection_made(_transport: Transport | any): void {}
  data_received(_data: Uint8Array): void {}
  /** Return a truthy value to keep the transport open for writing (half-close). */
  eof_received(): boolean | void | null {
    return undefined;
  }
}

/** A stream protocol that owns its receive buffer: get_buffer(sizehint) then buffer_updated(nbytes). */
export class BufferedProtocol extends BaseProtocol {
  get_buffer(_sizehint: number): Uint8Array {
    throw new RuntimeError("BufferedProtocol.get_buffer() must be implemented");
  }
  buffer_updated(_nbytes: number): void {}
  eof_received(): boolean | void | null {
    return undefined;
  }
}

/** A datagram (UDP) protocol. `addr` is Python's tuple as an array: [host, port]. */
export class DatagramProtocol extends BaseProtocol {
  override connection_made(_transport: DatagramTransport | any): void {}
  datagram_received(_data: Uint8Array, _addr: [string, number] | any): void {}
  /** A previous send or receive raised an OSError (e.g. ICMP port unreachable). */
  error_received(_exc: Error): void {}
}

/** A subprocess protocol (its pipes and its exit). */
export class SubprocessProtocol extends BaseProtocol {
  override connection_made(_transport: SubprocessTransport | any): void {}
  pipe_data_received(_fd: number, _data: Uint8Array): void {}
  pipe_connection_lost(_fd: number, _exc: Error | null): void {}
  process_exited(): void {}
}

/** Feeds `data` to a BufferedProtocol through as many get_buffer/buffer_updated rounds as it takes. */
export function _feed_data_to_buffered_proto(proto: BufferedProtocol, data: Uint8Array): void {
  let offset = 0;
  while (offset < data.length) {
    const buf = proto.get_buffer(data.length - offset);
    const n = buf.length;
    if (!n) throw new RuntimeError("get_buffer() returned an empty buffer");
    const take = Math.min(n, data.length - offset);
    buf.set(data.subarray(offset, offset + take), 0);
    offset += take;
    proto.buffer_updated(take);
  }
}

/** A protocol factory, or a protocol class (constructed with no arguments), as Python passes classes. */
export type ProtocolFactory<P> = (() => P) | (new () => P);

/** @internal Calls a factory; a BaseProtocol subclass given directly is constructed with `new`. */
export function _make_protocol<P>(factory: ProtocolFactory<P>): P {
  const f = factory as any;
  if (typeof f === "function" && f.prototype instanceof BaseProtocol) return new f();
  return f();
}
