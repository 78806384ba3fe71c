// A socket-like view of a transport's socket (asyncio/trsock.py): what
// get_extra_info("socket") and Server.sockets hand out. On Node the socket is a
// net.Socket / net.Server / dgram.Socket, so the view answers from those objects.
import { repr } from "./py/format.js";

export const AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10;
export const SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_RAW = 3;
export const IPPROTO_TCP = 6, IPPROTO_UDP = 17;

/** An address as Python shows it: ('127.0.0.1', 8888), ('::1', 8888, 0, 0) or a path. */
export type SockAddr = [string, number] | [string, number, number, number] | string;

/** Python's repr of an address tuple: "('127.0.0.1', 1)". */
export function addrRepr(addr: SockAddr | null): string {
  if (addr === null) return "None";
  if (typeof addr === "string") return repr(addr);
  return `(${addr.map((x) => repr(x)).join(", ")})`;
}

/** The Node object behind a TransportSocket. */
export interface SocketSource {
  family: number;
  type: number;
  proto: number;
  fileno(): number;
  getsockname(): SockAddr;
  getpeername(): SockAddr;
  /** @internal SO_LINGER (1, 0): the next close resets the connection */ _set_linger_reset?(): void;
}

export class TransportSocket {
  /** @internal */ readonly _sock: SocketSource;
  constructor(sock: SocketSource) {
    this._sock = sock;
  }
  get family(): number {
    return this._sock.family;
  }
  get type(): number {
    return this._sock.type;
  }
  get proto(): number {
    return this._sock.proto;
  }
  fileno(): number {
    return this._sock.fileno();
  }
  /** The local address: [host, port] (Python's tuple) or a unix path. */
  getsockname(): SockAddr {
    return this._sock.getsockname();
  }
  getpeername(): SockAddr {
    return this._sock.getpeername();
  }
  /**
   * setsockopt(SOL_SOCKET, SO_LINGER, [1, 0]) — the one option Node lets us honour: the
   * connection is reset (RST) instead of closed when the transport closes or aborts.
   * TCP_NODELAY is always on (asyncio sets it too); other options are ignored.
   */
  setsockopt(level: number, option: number, value: unknown): void {
    if (level === SOL_SOCKET && option === SO_LINGER) {
      const v = value as any;
      const on = Array.isArray(v) ? v[0] : v instanceof Uint8Array ? v[0] : 0;
      const secs = Array.isArray(v) ? v[1] : v instanceof Uint8Array ? v[4] : 1;
      if (on && secs === 0) this._sock._set_linger_reset?.();
    }
  }
  __repr__(): string {
    let s = `<asyncio.TransportSocket fd=${this.fileno()}, family=${this.family}, type=${this.type}, proto=${this.proto}`;
    if (this.fileno() !== -1) {
      try {
        const laddr = this.getsockname();
        if (laddr) s += `, laddr=${addrRepr(laddr)}`;
      } catch {}
      try {
        const raddr = this.getpeername();
        if (raddr) s += `, raddr=${addrRepr(raddr)}`;
      } catch {}
    }
    return s + ">";
  }
}

export const SOL_SOCKET = 1, SO_LINGER = 13, SO_REUSEADDR = 2, TCP_NODELAY = 1;
