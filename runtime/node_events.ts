// The Node host for sockets (asyncio/selector_events.py and the socket half of
// base_events.py, over node:net / node:tls / node:dgram / node:dns).
//
// How Node's events reach the loop: every Node callback ('data', 'end', 'error', a write
// completing, 'connection', 'listening', a lookup result) only records what happened and
// pushes one Handle onto the loop's ready queue (loop._ready_push, which wakes a waiting
// loop). The protocol callbacks run from those handles, inside _run_once — as CPython's
// selector events become handles after select(). No Promise or microtask is involved.
//
// Every Node handle is unref'd: while the loop runs it keeps Node alive itself (its wait
// timer), so a socket or server the program forgot never holds the process open after
// asyncio.run() returns. Open sockets count as the loop's outside work (_outside_begin/
// _outside_end) so it polls Node while busy and, under the virtual clock, waits for them in
// real time.
import type * as net from "node:net";
import type * as tls from "node:tls";
import type * as dgram from "node:dgram";
import type * as dns from "node:dns";
import * as fs from "node:fs";
import { constants as osConstants } from "node:os";
import { Handle } from "./events.js";
import { copy_context } from "./py/contextvars.js";
import { Coroutine } from "./coroutines.js";
import { sleep } from "./tasks.js";
import { gather } from "./combinators.js";
import { Future, _set_result_unless_cancelled } from "./futures.js";
import { _FlowControlMixin, _deliver_chunks, _from_node, _wait_connected, checkBytes, type Transport, type DatagramTransport } from "./transports.js";
import type { SendfileSource } from "./sendfile.js";
import { BufferedProtocol, _feed_data_to_buffered_proto, _make_protocol, type ProtocolFactory } from "./protocols.js";
import {
  OSError, NotImplementedError, ValueError, RuntimeError, KeyboardInterrupt, SystemExit, gaierror, ExceptionGroup, ConnectionAbortedError,
} from "./py/exceptions.js";
import { lazyBuiltin, writeStderr } from "./host.js";
import { repr } from "./py/format.js";
import {
  TransportSocket, addrRepr, AF_INET, AF_INET6, AF_UNIX, SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, IPPROTO_TCP, IPPROTO_UDP,
  type SockAddr, type SocketSource,
} from "./trsock.js";
import { Server } from "./server.js";
import { SSLContext, _ssl_error, create_default_context } from "./ssl.js";
import type { AbstractEventLoop } from "./events.js";

// Loaded on first use (host.ts says why); the type-only imports above name their types.
// node:net (with Node's streams) loads on the first socket: a program that opens none never pays it.
const netModule = lazyBuiltin<typeof net>("node:net");
const tlsModule = lazyBuiltin<typeof tls>("node:tls");
const dgramModule = lazyBuiltin<typeof dgram>("node:dgram");
const dnsModule = lazyBuiltin<typeof dns>("node:dns");

type Gen<T> = Generator<unknown, T, any>;
type Loop = AbstractEventLoop;

// The loop's socket methods (selector_events.py / base_events.py), as every module sees the loop.
declare module "./events.js" {
  interface AbstractEventLoop {
    create_connection<P>(protocol_factory: ProtocolFactory<P>, host?: string | null | (CreateConnectionOptions & { host?: string | null; port?: number | null }), port?: number | null, opts?: CreateConnectionOptions): Coroutine<[Transport, P]>;
    create_server(protocol_factory: ProtocolFactory<any>, host?: string | string[] | null | (CreateServerOptions & { host?: string | string[] | null; port?: number | null }), port?: number | null, opts?: CreateServerOptions): Coroutine<Server>;
    create_unix_connection<P>(protocol_factory: ProtocolFactory<P>, path?: string | null, opts?: CreateConnectionOptions): Coroutine<[Transport, P]>;
    create_unix_server(protocol_factory: ProtocolFactory<any>, path?: string | null, opts?: CreateServerOptions): Coroutine<Server>;
    create_datagram_endpoint<P>(protocol_factory: ProtocolFactory<P>, local_addr?: [string, number] | null | (DatagramEndpointOptions & { local_addr?: [string, number] | null; remote_addr?: [string, number] | null }), remote_addr?: [string, number] | null, opts?: DatagramEndpointOptions): Coroutine<[DatagramTransport, P]>;
    start_tls(transport: Transport, protocol: any, sslcontext: SSLContext, opts?: { server_side?: boolean; server_hostname?: string | null; ssl_handshake_timeout?: number | null; ssl_shutdown_timeout?: number | null }): Coroutine<Transport>;
    getaddrinfo(host: string | null, port: number | string | null, opts?: { family?: number; type?: number; proto?: number; flags?: number }): Future<[number, number, number, string, any][]>;
    getnameinfo(sockaddr: [string, number], flags?: number): Future<[string, string]>;
    sendfile(transport: Transport, file: SendfileSource, offset?: number, count?: number | null, opts?: { fallback?: boolean }): Coroutine<number>;
  }
  // raw-socket methods: NotImplementedError on Node (_NOT_ON_NODE)
  interface AbstractEventLoop extends _NotOnNodeMethods {}
}

const MAX_SIZE = 256 * 1024; // CPython's max_size for one recv()
const LOG_THRESHOLD_FOR_CONNLOST_WRITES = 5;

// selector_events.py's methods over raw non-blocking sockets: Node has none to give (a
// net.Socket reads by itself, libuv owns its fd), so they raise NotImplementedError saying so.
export const _NOT_ON_NODE = [
  "sock_recv", "sock_recv_into", "sock_recvfrom", "sock_recvfrom_into", "sock_sendall", "sock_sendto", "sock_connect",
  "sock_accept", "sock_sendfile", "connect_accepted_socket", "add_reader", "remove_reader", "add_writer", "remove_writer",
] as const;

export type _NotOnNodeMethods = { [K in (typeof _NOT_ON_NODE)[number]]: (...args: unknown[]) => never };

export function _not_on_node(name: string): NotImplementedError {
  return new NotImplementedError(`loop.${name}() is not available on Node: Node has no raw non-blocking socket objects for it to act on; use open_connection/start_server or loop.create_connection/create_server/create_datagram_endpoint`);
}

// ---------------------------------------------------------------- errors

// strerror() of glibc for the errnos sockets produce (Python's OSError.strerror).
const STRERROR: Record<string, string> = {
  EPERM: "Operation not permitted", ENOENT: "No such file or directory", EINTR: "Interrupted system call",
  EBADF: "Bad file descriptor", EAGAIN: "Resource temporarily unavailable", EACCES: "Permission denied",
  EEXIST: "File exists", ENOTDIR: "Not a directory", EISDIR: "Is a directory", EINVAL: "Invalid argument",
  EMFILE: "Too many open files", ENFILE: "Too many open files in system", EPIPE: "Broken pipe",
  ENAMETOOLONG: "File name too long", ENOTSOCK: "Socket operation on non-socket", EMSGSIZE: "Message too long",
  EPROTOTYPE: "Protocol wrong type for socket", EAFNOSUPPORT: "Address family not supported by protocol",
  EADDRINUSE: "Address already in use", EADDRNOTAVAIL: "Cannot assign requested address",
  ENETDOWN: "Network is down", ENETUNREACH: "Network is unreachable", ECONNABORTED: "Software caused connection abort",
  ECONNRESET: "Connection reset by peer", ENOBUFS: "No buffer space available", EISCONN: "Transport endpoint is already connected",
  ENOTCONN: "Transport endpoint is not connected", ESHUTDOWN: "Cannot send after transport endpoint shutdown",
  ETIMEDOUT: "Connection timed out", ECONNREFUSED: "Connection refused", EHOSTDOWN: "Host is down",
  EHOSTUNREACH: "No route to host", EALREADY: "Operation already in progress", EINPROGRESS: "Operation now in progress",
};

// getaddrinfo()'s EAI_* codes as socket.gaierror numbers them on Linux.
const GAI: Record<string, [number, string]> = {
  ENOTFOUND: [-2, "Name or service not known"], EAI_NONAME: [-2, "Name or service not known"],
  EAI_AGAIN: [-3, "Temporary failure in name resolution"], EAI_FAIL: [-4, "Non-recoverable failure in name resolution"],
  ENODATA: [-5, "No address associated with hostname"], EAI_NODATA: [-5, "No address associated with hostname"],
  EAI_FAMILY: [-6, "ai_family not supported"], EAI_SERVICE: [-8, "Servname not supported for ai_socktype"],
  EBADFLAGS: [-1, "Bad value for ai_flags"], EAI_BADFLAGS: [-1, "Bad value for ai_flags"],
};

/** The errno and strerror Python would see for a Node system error, or null. */
function errnoOf(err: any): [number, string] | null {
  const code = err?.code;
  if (typeof code !== "string") return null;
  const num = (osConstants.errno as Record<string, number>)[code];
  if (num === undefined) return null;
  return [num, STRERROR[code] ?? String(err.message ?? code)];
}

/** A Node error as the OSError (subclass) CPython raises; `message` replaces strerror if given. */
export function _os_error(err: any, message?: string): Error {
  if (err instanceof OSError) return err;
  if (err?.code?.startsWith?.("ERR_TLS") || err?.library || /SSL|CERT|certificate/.test(err?.code ?? "")) return _ssl_error(err);
  const e = errnoOf(err);
  if (e === null) {
    if (err?.code === "ERR_STREAM_DESTROYED" || err?.code === "ERR_SOCKET_CLOSED") return new OSError(9, "Bad file descriptor");
    return err instanceof Error ? err : new OSError(String(err));
  }
  return new OSError(e[0], message ?? e[1]);
}

function gaiError(err: any): Error {
  const g = GAI[err?.code];
  if (g) return new gaierror(g[0], g[1]);
  return _os_error(err);
}

// ---------------------------------------------------------------- scheduling from Node (transports._from_node)

function reraise(exc: unknown): void {
  if (exc instanceof KeyboardInterrupt || exc instanceof SystemExit) throw exc;
}

// ---------------------------------------------------------------- addresses

function familyOf(ip: string): number {
  return netModule().isIPv6(ip) ? AF_INET6 : AF_INET;
}

function sockaddr(ip: string | undefined, port: number | undefined, family?: string | number): SockAddr {
  if (ip === undefined) return ["0.0.0.0", 0];
  const v6 = family === "IPv6" || family === 6 || (family === undefined && netModule().isIPv6(ip));
  return v6 ? [ip, port ?? 0, 0, 0] : [ip, port ?? 0];
}

/** A socket view of a net.Socket (TCP or unix). */
class NetSocketSource implements SocketSource {
  readonly type = SOCK_STREAM;
  /** @internal */ _linger_reset = false;
  constructor(readonly _s: net.Socket, readonly family: number, readonly _path: string | null = null, readonly _server_side = false) {}
  get proto(): number {
    return this.family === AF_UNIX ? 0 : IPPROTO_TCP;
  }
  fileno(): number {
    const fd = (this._s as any)._handle?.fd;
    return typeof fd === "number" ? fd : -1;
  }
  getsockname(): SockAddr {
    if (this.family === AF_UNIX) return this._server_side ? (this._path ?? "") : "";
    return sockaddr(this._s.localAddress, this._s.localPort, (this._s as any).localFamily);
  }
  getpeername(): SockAddr {
    if (this.family === AF_UNIX) return this._server_side ? "" : (this._path ?? "");
    if (this._s.remoteAddress === undefined) throw new OSError(107, "Transport endpoint is not connected");
    return sockaddr(this._s.remoteAddress, this._s.remotePort, this._s.remoteFamily);
  }
  _set_linger_reset(): void {
    this._linger_reset = true;
  }
}

/** A socket view of a listening net.Server. */
class ServerSocketSource implements SocketSource {
  readonly type = SOCK_STREAM;
  constructor(readonly _srv: net.Server, readonly family: number, readonly _path: string | null) {}
  get proto(): number {
    return this.family === AF_UNIX ? 0 : IPPROTO_TCP;
  }
  fileno(): number {
    const fd = (this._srv as any)._handle?.fd;
    return typeof fd === "number" ? fd : -1;
  }
  getsockname(): SockAddr {
    if (this.family === AF_UNIX) return this._path ?? "";
    const a = this._srv.address() as net.AddressInfo | null;
    if (a === null) return this.family === AF_INET6 ? ["::", 0, 0, 0] : ["0.0.0.0", 0];
    return sockaddr(a.address, a.port, a.family);
  }
  getpeername(): SockAddr {
    throw new OSError(107, "Transport endpoint is not connected");
  }
}

// ---------------------------------------------------------------- the stream transport

type TransportExtra = Record<string, unknown>;

/**
 * A connected stream socket (TCP, unix, or TLS on top of either): _SelectorSocketTransport's
 * rules over a net.Socket. Node reads by itself; its 'data' chunks wait in `_incoming`
 * until the read handle runs and hands them to the protocol (one data_received per run, as
 * one recv() per select). Node buffers writes itself: its writableLength is our write
 * buffer, and each write's completion re-checks flow control and a pending close.
 */
export class _SocketTransport extends _FlowControlMixin {
  /** @internal */ _sock: net.Socket | null;
  /** @internal */ _server: Server | null;
  /** @internal */ _closing = false;
  /** @internal */ _conn_lost = 0;
  /** @internal */ _eof = false;
  /** @internal reading paused by pause_reading() */ _paused = false;
  /** @internal the protocol's connection_made has run and reading started */ _reading = false;
  /** @internal */ _protocol_connected = false;
  /** @internal */ _is_buffered = false;
  /** @internal */ _incoming: Buffer[] = [];
  /** @internal */ _incoming_eof = false;
  /** @internal */ _incoming_error: Error | null = null;
  /** @internal */ _read_scheduled = false;
  /** @internal */ _write_scheduled = false;
  /** @internal */ _lost_called = false;
  /** @internal counted in loop._outside until connection_lost */ _counted = false;
  /** @internal */ _source: NetSocketSource;
  // One Handle per event (as the checked loop requires), all sharing these.
  private _read_cb: () => void;
  private _write_cb: () => void;
  private _ctx: ReturnType<typeof copy_context>;

  constructor(loop: Loop, sock: net.Socket, protocol: any, waiter: Future<any> | null, extra: TransportExtra, server: Server | null, source: NetSocketSource, callConnectionMade = true) {
    super(extra, loop);
    this._sock = sock;
    this._source = source;
    this._extra.socket = new TransportSocket(source);
    try {
      this._extra.sockname = source.getsockname();
    } catch {
      this._extra.sockname = null;
    }
    if (!("peername" in this._extra)) {
      try {
        this._extra.peername = source.getpeername();
      } catch {
        this._extra.peername = null;
      }
    }
    this._server = server;
    this.set_protocol(protocol);
    if (server !== null) server._attach(this);
    this._ctx = copy_context();
    this._read_cb = this._read_ready.bind(this);
    this._write_cb = this._write_ready.bind(this);
    this._on_data = this._on_data.bind(this);
    this._on_written = this._on_written.bind(this);
    sock.on("data", this._on_data);
    sock.on("end", () => {
      this._incoming_eof = true;
      this._schedule_read();
    });
    sock.on("error", (err) => {
      if (this._incoming_error === null) this._incoming_error = _os_error(err);
      this._schedule_read(true);
    });
    sock.on("close", () => this._on_node_close());
    if (source.family !== AF_UNIX) sock.setNoDelay(true); // base_events._set_nodelay
    sock.unref();
    loop._outside_begin();
    this._counted = true;
    // Only start reading once connection_made() has run; only wake the waiter after it.
    if (callConnectionMade) loop._call_soon(this._protocol.connection_made.bind(this._protocol), [this], null);
    loop._call_soon(this._add_reader.bind(this), null, null);
    if (waiter !== null) loop._call_soon(_set_result_unless_cancelled, [waiter, null], null);
  }

  // type(transport).__name__ is CPython's class name
  static {
    Object.defineProperty(this, "name", { value: "_SelectorSocketTransport" });
  }

  __repr__(): string {
    const info = [this.constructor === _SocketTransport ? "_SelectorSocketTransport" : this.constructor.name];
    if (this._sock === null) info.push("closed");
    else if (this._closing) info.push("closing");
    info.push(`fd=${this._sock === null ? -1 : this._source.fileno()}`);
    if (this._sock !== null && !this._closing) {
      info.push(this._paused ? "read=idle" : "read=polling");
      const size = this.get_write_buffer_size();
      info.push(`write=<${size ? "polling" : "idle"}, bufsize=${size}>`);
    }
    return `<${info.join(" ")}>`;
  }

  override set_protocol(protocol: any): void {
    this._is_buffered = protocol instanceof BufferedProtocol;
    this._protocol = protocol;
    this._protocol_connected = true;
  }

  override get_protocol(): any {
    return this._protocol;
  }

  override is_closing(): boolean {
    return this._closing;
  }

  override is_reading(): boolean {
    return !this.is_closing() && !this._paused;
  }

  override pause_reading(): void {
    if (!this.is_reading()) return;
    this._paused = true;
    this._sock?.pause();
  }

  override resume_reading(): void {
    if (this._closing || !this._paused) return;
    this._paused = false;
    this._add_reader();
  }

  /** @internal The reader registration: Node flows again; anything already received is delivered. */
  _add_reader(): void {
    if (this._closing || this._paused || this._sock === null) return;
    this._reading = true;
    this._sock.resume();
    if (this._incoming.length || this._incoming_eof || this._incoming_error) this._schedule_read();
  }

  /** @internal a Node 'data' chunk */
  _on_data(chunk: Buffer): void {
    this._incoming.push(chunk);
    this._schedule_read();
  }

  /** @internal */ _schedule_read(force = false): void {
    if (this._read_scheduled || this._conn_lost) return;
    if (!force && (!this._reading || this._paused)) return;
    this._read_scheduled = true;
    if (!this._loop.is_closed()) this._loop._ready_push(new Handle(this._read_cb, null, this._loop, this._ctx));
  }

  /** @internal One "readable" event: one chunk to the protocol, or EOF, or the error. */
  _read_ready(): void {
    this._read_scheduled = false;
    if (this._conn_lost) return;
    if (this._incoming.length && this._reading && !this._paused) {
      let chunks = this._incoming;
      // What one recv(max_size) would have returned.
      let n = 0, k = 0;
      while (k < chunks.length && n + chunks[k].length <= MAX_SIZE) n += chunks[k++].length;
      if (k === 0) k = 1;
      if (k === chunks.length) this._incoming = [];
      else {
        this._incoming = chunks.slice(k);
        chunks = chunks.slice(0, k);
      }
      try {
        if (this._is_buffered) _feed_data_to_buffered_proto(this._protocol, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
        else _deliver_chunks(this._protocol, chunks, true);
      } catch (exc) {
        reraise(exc);
        this._fatal_error(exc, this._is_buffered ? "Fatal error: protocol.buffer_updated() call failed." : "Fatal error: protocol.data_received() call failed.");
        return;
      }
      if (this._incoming.length || this._incoming_eof || this._incoming_error) this._schedule_read();
      return;
    }
    if (this._incoming_error !== null) {
      const exc = this._incoming_error;
      this._fatal_error(exc, "Fatal read error on socket transport");
      return;
    }
    if (this._incoming_eof && this._incoming.length === 0 && this._reading && !this._paused) {
      this._incoming_eof = false;
      this._read_ready__on_eof();
    }
  }

  /** @internal */ _read_ready__on_eof(): void {
    let keep_open: unknown;
    try {
      keep_open = this._protocol.eof_received();
    } catch (exc) {
      reraise(exc);
      this._fatal_error(exc, "Fatal error: protocol.eof_received() call failed.");
      return;
    }
    if (keep_open && !(tlsModule.loaded && this._sock instanceof tlsModule().TLSSocket)) {
      // The reader is removed; the write side stays open (half-close).
      this._reading = false;
    } else {
      this.close();
    }
  }

  override get_write_buffer_size(): number {
    const s = this._sock;
    // A socket Node has destroyed will never send what it still holds.
    return s === null || this._conn_lost || s.destroyed ? 0 : s.writableLength;
  }

  override write(data: Uint8Array): void {
    checkBytes(data);
    if (this._eof) throw new RuntimeError("Cannot call write() after write_eof()");
    if (!data.byteLength) return;
    if (this._conn_lost) {
      if (this._conn_lost >= LOG_THRESHOLD_FOR_CONNLOST_WRITES) writeStderr("socket.send() raised exception.\n");
      this._conn_lost += 1;
      return;
    }
    // Node sends what the kernel takes now and buffers the rest (writableLength).
    this._sock!.write(data instanceof Uint8Array ? data : new Uint8Array(data as any), this._on_written);
    this._maybe_pause_protocol();
  }

  /** @internal A write reached the kernel (a Node callback): flow control and a pending close. */
  _on_written(err?: Error | null): void {
    if (err) return; // the 'error' event reports it
    if (this._write_scheduled || this._conn_lost) return;
    if (!(this._protocol_paused || this._closing)) return;
    this._write_scheduled = true;
    if (!this._loop.is_closed()) this._loop._ready_push(new Handle(this._write_cb, null, this._loop, this._ctx));
  }

  /** @internal The "writable" event. */
  _write_ready(): void {
    this._write_scheduled = false;
    if (this._conn_lost) return;
    this._maybe_resume_protocol(); // may write more
    if (this.get_write_buffer_size() === 0 && this._closing) this._call_connection_lost(null);
  }

  override write_eof(): void {
    if (this._closing || this._eof) return;
    this._eof = true;
    this._sock?.end(); // Node shuts down the write side once its buffer is flushed
  }

  override can_write_eof(): boolean {
    return true;
  }

  override abort(): void {
    this._force_close(null);
  }

  override close(): void {
    if (this._closing) return;
    this._closing = true;
    this._reading = false;
    this._sock?.pause();
    if (this.get_write_buffer_size() === 0) {
      this._conn_lost += 1;
      this._loop._call_soon(this._call_connection_lost.bind(this), [null], null);
    }
  }

  /** @internal */ _fatal_error(exc: unknown, message = "Fatal error on transport"): void {
    if (!(exc instanceof OSError)) {
      this._loop.call_exception_handler({ message, exception: exc, transport: this, protocol: this._protocol });
    }
    this._force_close(exc as Error);
  }

  /** @internal */ _force_close(exc: Error | null): void {
    if (this._conn_lost) return;
    // The write buffer is dropped: the socket goes now (Node would flush it otherwise).
    this._destroy_socket();
    if (!this._closing) {
      this._closing = true;
      this._reading = false;
    }
    this._conn_lost += 1;
    this._loop._call_soon(this._call_connection_lost.bind(this), [exc], null);
  }

  private _destroy_socket(): void {
    const s = this._sock;
    if (s === null || s.destroyed) return;
    if (this._source._linger_reset && typeof (s as any).resetAndDestroy === "function") (s as any).resetAndDestroy();
    else s.destroy();
  }

  /** @internal */ _call_connection_lost(exc: Error | null): void {
    if (this._lost_called) return;
    this._lost_called = true;
    this._conn_lost ||= 1;
    try {
      if (this._protocol_connected) this._protocol.connection_lost(exc);
    } finally {
      this._destroy_socket();
      this._sock = null;
      this._protocol = null;
      this._uncount();
      const server = this._server;
      if (server !== null) {
        server._detach(this);
        this._server = null;
      }
    }
  }

  /** @internal */ _uncount(): void {
    if (this._counted) {
      this._counted = false;
      this._loop._outside_end();
    }
  }

  /** @internal Node closed the socket (after an error, or both directions ended). */
  _on_node_close(): void {
    // What led here ('end', 'error') is already on its way to the protocol; nothing more can
    // come from this socket, so it stops being outside work (the transport stays open for
    // the program to close, as CPython's does once its fd is unregistered).
    this._uncount();
  }

  /** @internal start_tls: the TLS socket takes over; this transport lets go of the Node socket. */
  _detach_for_tls(): net.Socket {
    const s = this._sock!;
    s.removeAllListeners("data");
    s.removeAllListeners("end");
    s.removeAllListeners("close");
    s.pause();
    this._closing = true;
    this._conn_lost = 1;
    this._lost_called = true;
    this._sock = null;
    this._uncount();
    // The server keeps counting the connection through the TLS transport.
    if (this._server !== null) {
      this._server._detach(this);
      this._server = null;
    }
    return s;
  }
}

// ---------------------------------------------------------------- connecting

/** The loop's create_connection options (keyword arguments in Python). */
export type CreateConnectionOptions = {
  ssl?: SSLContext | boolean | null;
  family?: number;
  proto?: number;
  flags?: number;
  sock?: unknown;
  local_addr?: [string, number] | null;
  server_hostname?: string | null;
  ssl_handshake_timeout?: number | null;
  ssl_shutdown_timeout?: number | null;
  happy_eyeballs_delay?: number | null;
  interleave?: number | null;
  all_errors?: boolean;
};

type AddrInfo = [number, number, number, string, SockAddr];

/** _ipaddr_info: the one addrinfo of a numeric host, or null if a lookup is needed. */
function ipaddrInfo(host: string | null, port: number | null, family: number, type: number): AddrInfo | null {
  if (host === null || !netModule().isIP(host)) return null;
  const af = familyOf(host);
  if (family && family !== af) return null;
  const proto = type === SOCK_DGRAM ? IPPROTO_UDP : IPPROTO_TCP;
  return [af, type, proto, "", af === AF_INET6 ? [host, port ?? 0, 0, 0] : [host, port ?? 0]];
}

function* ensureResolved(loop: Loop, host: string | null, port: number | null, family: number, type: number, flags = 0): Gen<AddrInfo[]> {
  const info = ipaddrInfo(host, port, family, type);
  if (info !== null) return [info];
  return yield getaddrinfo(loop, host, port, { family, type, flags });
}

/** loop.getaddrinfo through dns.lookup (the system resolver, as Python's getaddrinfo). */
export function getaddrinfo(loop: Loop, host: string | null, port: number | string | null, opts: { family?: number; type?: number; proto?: number; flags?: number } = {}): Future<AddrInfo[]> {
  const fut = loop.create_future<AddrInfo[]>();
  const family = opts.family ?? 0;
  const type = opts.type ?? 0;
  const portNum = port === null ? 0 : typeof port === "string" ? Number(port) : port;
  if (typeof port === "string" && !Number.isInteger(portNum)) {
    fut.set_exception(new gaierror(-8, "Servname not supported for ai_socktype"));
    return fut;
  }
  const AI_PASSIVE = 1;
  const name = host ?? ((opts.flags ?? 0) & AI_PASSIVE ? null : "localhost");
  const finish = (err: any, addrs: { address: string; family: number }[]) => {
    if (fut.cancelled()) return;
    if (err) {
      fut.set_exception(gaiError(err));
      return;
    }
    const out: AddrInfo[] = [];
    const types = type ? [type] : [SOCK_STREAM, SOCK_DGRAM, SOCK_RAW];
    for (const a of addrs) {
      const af = a.family === 6 ? AF_INET6 : AF_INET;
      for (const t of types) {
        const proto = opts.proto || (t === SOCK_STREAM ? IPPROTO_TCP : t === SOCK_DGRAM ? IPPROTO_UDP : 0);
        out.push([af, t, proto, "", af === AF_INET6 ? [a.address, portNum, 0, 0] : [a.address, portNum]]);
      }
    }
    fut.set_result(out);
  };
  if (name === null) {
    // getaddrinfo(None, port, flags=AI_PASSIVE): the wildcard addresses.
    const addrs = [{ address: "0.0.0.0", family: 4 }, { address: "::", family: 6 }].filter((a) => !family || (family === AF_INET6) === (a.family === 6));
    finish(null, addrs);
    return fut;
  }
  loop._outside_begin();
  dnsModule().lookup(name, { all: true, family: family === AF_INET ? 4 : family === AF_INET6 ? 6 : 0, verbatim: true } as dns.LookupAllOptions, (err, addrs) => {
    _from_node(loop, () => {
      loop._outside_end();
      finish(err, addrs);
    });
  });
  return fut;
}

/** loop.getnameinfo through dns.lookupService: [host, service]. */
export function getnameinfo(loop: Loop, sockaddr: SockAddr, _flags = 0): Future<[string, string]> {
  const fut = loop.create_future<[string, string]>();
  const [host, port] = sockaddr as [string, number];
  loop._outside_begin();
  dnsModule().lookupService(host, port, (err, hostname, service) => {
    _from_node(loop, () => {
      loop._outside_end();
      if (fut.cancelled()) return;
      if (err) fut.set_exception(gaiError(err));
      else fut.set_result([hostname, service]);
    });
  });
  return fut;
}

/** A fresh net.Socket connected to `address` (sock_connect): the Future is done when the connect is. */
function sockConnect(loop: Loop, sock: net.Socket, opts: net.NetConnectOpts, address: SockAddr, unix: boolean): Future<null> {
  const fut = loop.create_future<null>();
  loop._outside_begin();
  let settled = false;
  const onConnect = () => settle(null);
  const onError = (err: any) => settle(err);
  const settle = (err: any) => {
    if (settled) return;
    settled = true;
    sock.off("connect", onConnect);
    sock.off("error", onError);
    _from_node(loop, () => {
      loop._outside_end();
      if (fut.done()) return;
      if (err) fut.set_exception(unix ? _os_error(err) : _os_error(err, `Connect call failed ${addrRepr(address)}`));
      else fut.set_result(null);
    });
  };
  sock.on("connect", onConnect);
  sock.on("error", onError);
  sock.connect(opts);
  sock.unref();
  return fut;
}

/** _connect_sock: one socket, optionally bound to local_addr, connected to one address. */
function* connectSock(loop: Loop, exceptions: Error[][], info: AddrInfo, local: AddrInfo[] | null): Gen<[net.Socket, NetSocketSource]> {
  const mine: Error[] = [];
  exceptions.push(mine);
  const [family, , , , address] = info;
  const [ip, port] = address as [string, number];
  const sock = new (netModule().Socket)({ allowHalfOpen: true });
  sock.on("error", () => {}); // every error is taken through the futures below
  try {
    const opts: net.TcpNetConnectOpts = { host: ip, port, family: family === AF_INET6 ? 6 : 4 };
    if (local !== null) {
      const l = local.find((x) => x[0] === family);
      if (l === undefined) throw new OSError(`no matching local address with family=${familyName(family)} found`);
      const [lip, lport] = l[4] as [string, number];
      opts.localAddress = lip;
      opts.localPort = lport;
    }
    try {
      yield sockConnect(loop, sock, opts, address, false);
    } catch (e: any) {
      // A bind failure shows as Python's bind message.
      if (local !== null && (e?.errno === 98 || e?.errno === 99 || e?.errno === 13)) {
        const l = local.find((x) => x[0] === family)!;
        throw new OSError(e.errno, `error while attempting to bind on address ${addrRepr(l[4])}: ${String(e.strerror).toLowerCase()}`);
      }
      throw e;
    }
    return [sock, new NetSocketSource(sock, family)];
  } catch (exc) {
    if (exc instanceof OSError) mine.push(exc);
    sock.destroy();
    throw exc;
  }
}

/** _interleave_addrinfos: the first `count` of the first family, then one of each family in turn. */
function interleave(infos: AddrInfo[], count: number): AddrInfo[] {
  const byFamily = new Map<number, AddrInfo[]>();
  for (const info of infos) {
    if (!byFamily.has(info[0])) byFamily.set(info[0], []);
    byFamily.get(info[0])!.push(info);
  }
  const lists = [...byFamily.values()];
  const out: AddrInfo[] = [];
  if (count > 0) {
    out.push(...lists[0].slice(0, count - 1));
    lists[0] = lists[0].slice(count - 1);
  }
  for (let i = 0; lists.some((l) => i < l.length); i++) for (const l of lists) if (i < l.length) out.push(l[i]);
  return out;
}

/**
 * staggered.staggered_race over connection attempts: the next address starts when the
 * previous attempt fails or `delay` seconds pass; the first socket that connects wins and
 * the other attempts are cancelled (their sockets destroyed). Each attempt is a Task.
 */
function* staggeredConnect(loop: Loop, infos: AddrInfo[], laddr: AddrInfo[] | null, exceptions: Error[][], delay: number): Gen<[net.Socket, NetSocketSource] | null> {
  let winner: [net.Socket, NetSocketSource] | null = null;
  let next = 0, running = 0;
  const tasks: Future<[net.Socket, NetSocketSource]>[] = [];
  const done = loop.create_future<null>();
  let timer: { cancel(): void } | null = null;
  const arm = (): void => {
    timer?.cancel();
    timer = next < infos.length ? loop.call_later(delay, () => {
      start();
      arm();
    }) : null;
  };
  const start = (): boolean => {
    if (next >= infos.length || winner !== null) return false;
    const info = infos[next++];
    running++;
    const task = loop.create_task(new Coroutine(connectSock(loop, exceptions, info, laddr), "run_one_coro"));
    tasks.push(task);
    task.add_done_callback((t: Future<[net.Socket, NetSocketSource]>) => {
      running--;
      const ok = !t.cancelled() && t.exception() === null;
      if (winner !== null) {
        if (ok) t.result()[0].destroy();
        return;
      }
      if (ok) {
        winner = t.result();
        if (!done.done()) done.set_result(null);
        return;
      }
      // A failed attempt starts the next one at once.
      if (start()) arm();
      else if (running === 0 && !done.done()) done.set_result(null);
    });
    return true;
  };
  start();
  arm();
  try {
    yield done;
  } finally {
    (timer as { cancel(): void } | null)?.cancel();
    for (const t of tasks) if (!t.done()) t.cancel();
  }
  return winner as [net.Socket, NetSocketSource] | null;
}

function familyName(f: number): string {
  return f === AF_INET ? "<AddressFamily.AF_INET: 2>" : f === AF_INET6 ? "<AddressFamily.AF_INET6: 10>" : String(f);
}

export function create_connection<P>(loop: Loop, protocol_factory: ProtocolFactory<P>, host: string | null = null, port: number | null = null, opts: CreateConnectionOptions = {}): Coroutine<[_SocketTransport, P]> {
  return new Coroutine(createConnection(loop, protocol_factory, host, port, opts), "create_connection");
}

function* createConnection<P>(loop: Loop, factory: ProtocolFactory<P>, host: string | null, port: number | null, opts: CreateConnectionOptions): Gen<[_SocketTransport, P]> {
  let { ssl = null, server_hostname = null, family = 0, happy_eyeballs_delay = null } = opts;
  if (server_hostname != null && !ssl) throw new ValueError("server_hostname is only meaningful with ssl");
  if (server_hostname == null && ssl) {
    // host is the default server_hostname; an empty one must be given explicitly.
    if (!host) throw new ValueError("You must set server_hostname when using ssl without a host");
    server_hostname = host;
  }
  if (opts.ssl_handshake_timeout != null && !ssl) throw new ValueError("ssl_handshake_timeout is only meaningful with ssl");
  if (opts.ssl_shutdown_timeout != null && !ssl) throw new ValueError("ssl_shutdown_timeout is only meaningful with ssl");
  if (host === null && port === null) {
    if (opts.sock == null) throw new ValueError("host and port was not specified and no sock specified");
    throw new ValueError("sock= is not supported on Node: pass host and port");
  }
  if (opts.sock != null) throw new ValueError("host/port and sock can not be specified at the same time");
  const infos: AddrInfo[] = yield* ensureResolved(loop, host, port, family, SOCK_STREAM, opts.flags ?? 0);
  if (!infos.length) throw new OSError("getaddrinfo() returned empty list");
  let laddr: AddrInfo[] | null = null;
  if (opts.local_addr != null) {
    laddr = yield* ensureResolved(loop, opts.local_addr[0], opts.local_addr[1], family, SOCK_STREAM, opts.flags ?? 0);
    if (!laddr.length) throw new OSError("getaddrinfo() returned empty list");
  }
  const exceptions: Error[][] = [];
  let conn: [net.Socket, NetSocketSource] | null = null;
  if (happy_eyeballs_delay == null) {
    for (const info of infos) {
      try {
        conn = yield* connectSock(loop, exceptions, info, laddr);
        break;
      } catch (e) {
        if (!(e instanceof OSError)) throw e;
      }
    }
  } else {
    // Happy Eyeballs (RFC 8305): addresses interleaved by family, attempts staggered.
    conn = yield* staggeredConnect(loop, interleave(infos, opts.interleave ?? 1), laddr, exceptions, happy_eyeballs_delay);
  }
  if (conn === null) {
    const all = exceptions.flat();
    if (opts.all_errors) throw new ExceptionGroup("create_connection failed", all);
    if (all.length === 1) throw all[0];
    // If they all have the same str(), raise one.
    const model = String(all[0].message);
    if (all.every((e) => e.message === model)) throw all[0];
    throw new OSError(`Multiple exceptions: ${all.map((e) => e.message).join(", ")}`);
  }
  const [sock, source] = conn;
  return yield* connectionTransport(loop, sock, source, factory, ssl, server_hostname, false, null, opts.ssl_handshake_timeout ?? null);
}


/** _create_connection_transport: the protocol, the transport (TLS if asked), then wait for connection_made. */
function* connectionTransport<P>(loop: Loop, sock: net.Socket, source: NetSocketSource, factory: ProtocolFactory<P>, ssl: SSLContext | boolean | null, server_hostname: string | null, server_side: boolean, server: Server | null, handshakeTimeout: number | null): Gen<[_SocketTransport, P]> {
  const protocol = _make_protocol(factory);
  const waiter = loop.create_future<null>();
  let transport: _SocketTransport;
  if (ssl) {
    const ctx = ssl === true ? create_default_context() : (ssl as SSLContext);
    transport = yield* tlsTransport(loop, sock, source, protocol, ctx, server_side, server_hostname, waiter, server, handshakeTimeout, true);
  } else {
    transport = new _SocketTransport(loop, sock, protocol, waiter, {}, server, source);
  }
  return yield* _wait_connected(waiter, transport, protocol);
}

// ---------------------------------------------------------------- TLS

/** The TLS handshake over a connected socket, then a transport over the TLS socket. */
function* tlsTransport(loop: Loop, raw: net.Socket, source: NetSocketSource, protocol: any, ctx: SSLContext, server_side: boolean, server_hostname: string | null, waiter: Future<null> | null, server: Server | null, handshakeTimeout: number | null, callConnectionMade: boolean): Gen<_SocketTransport> {
  const secure = loop.create_future<tls.TLSSocket>();
  loop._outside_begin();
  let tsock: tls.TLSSocket;
  let done = false;
  const finish = (err: any) => {
    if (done) return;
    done = true;
    _from_node(loop, () => {
      loop._outside_end();
      if (secure.done()) return;
      if (err) secure.set_exception(_ssl_error(err, server_hostname));
      else secure.set_result(tsock);
    });
  };
  raw.removeAllListeners("error");
  raw.on("error", () => {}); // the TLS socket reports errors; an unheard one must not crash Node
  if (server_side) {
    tsock = new (tlsModule().TLSSocket)(raw, { isServer: true, ...ctx._server_options() });
    tsock.once("secure", () => finish(null));
  } else {
    tsock = tlsModule().connect({ socket: raw, ...ctx._client_options(server_hostname) });
    tsock.once("secureConnect", () => finish(null));
  }
  tsock.on("error", (err) => finish(err));
  tsock.on("_tlsError", (err) => finish(err));
  tsock.unref();
  const timeout = handshakeTimeout ?? 60.0;
  const timer = loop.call_later(timeout, () => {
    if (!secure.done()) secure.set_exception(new ConnectionAbortedError(`SSL handshake is taking longer than ${timeout} seconds: aborting the connection`));
  });
  try {
    yield secure;
  } catch (e) {
    tsock.destroy();
    raw.destroy();
    throw e;
  } finally {
    timer.cancel();
  }
  tsock.removeAllListeners("error");
  tsock.removeAllListeners("_tlsError");
  const extra: TransportExtra = {
    sslcontext: ctx,
    ssl_object: new SSLObject(tsock, server_side, server_hostname),
    peercert: peercertOf(tsock),
    cipher: cipherOf(tsock),
    compression: null,
  };
  const tsource = new NetSocketSource(tsock, source.family, source._path, source._server_side);
  // The TLS socket's addresses are those of the raw one.
  (tsource as any).getsockname = () => source.getsockname();
  (tsource as any).getpeername = () => source.getpeername();
  (tsource as any).fileno = () => source.fileno();
  return new _SSLProtocolTransport(loop, tsock, protocol, waiter, extra, server, tsource, callConnectionMade);
}

/** A TLS connection's transport (sslproto._SSLProtocolTransport): TLS has no half-close. */
export class _SSLProtocolTransport extends _SocketTransport {
  override can_write_eof(): boolean {
    return false;
  }

  override write_eof(): void {
    throw new NotImplementedError();
  }
}

function peercertOf(s: tls.TLSSocket): unknown {
  const c = s.getPeerCertificate();
  if (!c || Object.keys(c).length === 0) return null;
  const rdn = (o: any) => (o ? Object.entries(o).map(([k, v]) => [[RDN_NAMES[k] ?? k, v]]) : []);
  // _ssl._decode_certificate's keys, in its order
  const out: Record<string, unknown> = { subject: rdn(c.subject), issuer: rdn(c.issuer), version: x509Version(c.raw), serialNumber: c.serialNumber, notBefore: c.valid_from, notAfter: c.valid_to };
  if (c.subjectaltname) out.subjectAltName = c.subjectaltname.split(", ").map((x) => { const i = x.indexOf(":"); return [x.slice(0, i), x.slice(i + 1)]; });
  return out;
}
const RDN_NAMES: Record<string, string> = { CN: "commonName", O: "organizationName", OU: "organizationalUnitName", C: "countryName", ST: "stateOrProvinceName", L: "localityName" };

/** The X.509 version (1-3) from the DER: TBSCertificate's optional [0] EXPLICIT version. */
function x509Version(der: Buffer | undefined): number {
  if (!der || der[0] !== 0x30) return 3;
  let i = 1;
  const skipLength = () => {
    const b = der[i++];
    if (b & 0x80) i += b & 0x7f;
  };
  skipLength(); // Certificate SEQUENCE
  if (der[i++] !== 0x30) return 3;
  skipLength(); // TBSCertificate SEQUENCE
  if (der[i] !== 0xa0) return 1; // absent: v1
  return der[i + 4] + 1; // a0 03 02 01 <v>
}

function cipherOf(s: tls.TLSSocket): unknown {
  const c = s.getCipher();
  if (!c) return null;
  // SSL_CIPHER_get_name() is OpenSSL's name (Node's `name`); Node does not give the secret bits,
  // which the cipher's name holds.
  const bits = /AES_?256|CHACHA20|CAMELLIA_?256|ARIA_?256/.test(c.name) ? 256 : /AES_?128|CAMELLIA_?128|ARIA_?128/.test(c.name) ? 128 : null;
  return [c.name, c.version, bits];
}

/** The ssl_object extra: the negotiated session (ssl.SSLObject's read-only half). */
export class SSLObject {
  constructor(readonly _s: tls.TLSSocket, readonly server_side: boolean, readonly server_hostname: string | null) {}
  getpeercert(binary_form = false): unknown {
    if (binary_form) return this._s.getPeerCertificate()?.raw ?? null;
    return peercertOf(this._s);
  }
  cipher(): unknown {
    return cipherOf(this._s);
  }
  version(): string | null {
    return this._s.getProtocol();
  }
  selected_alpn_protocol(): string | null {
    const p = this._s.alpnProtocol;
    return p ? p : null;
  }
  compression(): null {
    return null;
  }
  __repr__(): string {
    return "<ssl.SSLObject object>";
  }
}

/** loop.start_tls(transport, protocol, sslcontext, {server_side, server_hostname}): the TLS transport. */
export function start_tls(loop: Loop, transport: _SocketTransport, protocol: any, sslcontext: SSLContext, opts: { server_side?: boolean; server_hostname?: string | null; ssl_handshake_timeout?: number | null } = {}): Coroutine<_SocketTransport> {
  return new Coroutine(startTls(loop, transport, protocol, sslcontext, opts), "start_tls");
}

function* startTls(loop: Loop, transport: _SocketTransport, protocol: any, sslcontext: SSLContext, opts: { server_side?: boolean; server_hostname?: string | null; ssl_handshake_timeout?: number | null }): Gen<_SocketTransport> {
  if (!(sslcontext instanceof SSLContext)) throw new TypeError(`sslcontext is expected to be an instance of ssl.SSLContext, got ${repr(sslcontext)}`);
  if (!(transport instanceof _SocketTransport) || transport._sock === null) throw new TypeError(`transport ${repr(transport)} is not supported by start_tls()`);
  const server = transport._server;
  const source = transport._source;
  const raw = transport._detach_for_tls();
  const waiter = loop.create_future<null>();
  const tr = yield* tlsTransport(loop, raw, source, protocol, sslcontext, !!opts.server_side, opts.server_hostname ?? null, waiter, server, opts.ssl_handshake_timeout ?? null, false);
  yield waiter;
  return tr;
}

// ---------------------------------------------------------------- servers

export type CreateServerOptions = {
  family?: number;
  flags?: number;
  sock?: unknown;
  backlog?: number;
  ssl?: SSLContext | null;
  reuse_address?: boolean | null;
  reuse_port?: boolean | null;
  keep_alive?: boolean | null;
  ssl_handshake_timeout?: number | null;
  ssl_shutdown_timeout?: number | null;
  start_serving?: boolean;
};

/** One listening Node server (a Python listening socket) and its accept queue. */
export class _Listener {
  /** @internal */ _accepted: net.Socket[] = [];
  /** @internal */ _accept_scheduled = false;
  /** @internal */ _serving = false;
  /** @internal */ _closed = false;
  readonly source: ServerSocketSource;
  private _accept_cb: () => void;
  private _ctx = copy_context();
  constructor(readonly loop: Loop, readonly srv: net.Server, family: number, readonly path: string | null) {
    this.source = new ServerSocketSource(srv, family, path);
    this._accept_cb = this._accept_ready.bind(this);
    srv.on("connection", (s: net.Socket) => {
      if (this._closed) {
        s.destroy();
        return;
      }
      s.on("error", () => {});
      s.unref();
      this._accepted.push(s);
      this._schedule();
    });
    srv.on("error", () => {});
  }
  /** @internal */ _server: Server | null = null;
  /** @internal */ _factory: ProtocolFactory<any> | null = null;
  /** @internal */ _ssl: SSLContext | null = null;
  /** @internal */ _backlog = 100;
  /** @internal */ _handshake_timeout: number | null = null;

  private _schedule(): void {
    if (!this._serving || this._accept_scheduled || this._accepted.length === 0) return;
    this._accept_scheduled = true;
    if (!this.loop.is_closed()) this.loop._ready_push(new Handle(this._accept_cb, null, this.loop, this._ctx));
  }

  /** loop._start_serving */
  start(server: Server, factory: ProtocolFactory<any>, ssl: SSLContext | null, backlog: number, handshakeTimeout: number | null): void {
    this._server = server;
    this._factory = factory;
    this._ssl = ssl;
    this._backlog = backlog;
    this._handshake_timeout = handshakeTimeout;
    this._serving = true;
    this.loop._outside_begin();
    this._schedule();
  }

  /** loop._stop_serving: no more connections are accepted. */
  stop(): void {
    if (this._closed) return;
    this._closed = true;
    if (this._serving) this.loop._outside_end();
    this._serving = false;
    for (const s of this._accepted) s.destroy();
    this._accepted = [];
    this.srv.close();
  }

  /** _accept_connection: up to `backlog` connections per event, each set up in its own Task. */
  private _accept_ready(): void {
    this._accept_scheduled = false;
    if (!this._serving) return;
    const n = Math.min(this._backlog, this._accepted.length);
    for (let i = 0; i < n; i++) {
      const s = this._accepted.shift()!;
      const source = new NetSocketSource(s, this.source.family, this.path, true);
      this.loop.create_task(new Coroutine(acceptConnection2(this.loop, this._factory!, s, source, this._ssl, this._server!, this._handshake_timeout), "_accept_connection2"));
    }
    this._schedule();
  }
}

function* acceptConnection2(loop: Loop, factory: ProtocolFactory<any>, sock: net.Socket, source: NetSocketSource, ssl: SSLContext | null, server: Server, handshakeTimeout: number | null): Gen<void> {
  let transport: _SocketTransport | null = null;
  try {
    const protocol = _make_protocol(factory);
    const waiter = loop.create_future<null>();
    const extra: TransportExtra = {};
    if (source.family === AF_UNIX) extra.peername = "";
    if (ssl) {
      sock.resume();
      transport = yield* tlsTransport(loop, sock, source, protocol, ssl, true, null, waiter, server, handshakeTimeout, true);
    } else {
      transport = new _SocketTransport(loop, sock, protocol, waiter, extra, server, source);
    }
    try {
      yield waiter;
    } catch (e) {
      transport.close();
      throw e;
    }
  } catch (exc) {
    reraise(exc);
    // It's now up to the protocol to handle the connection; failures are reported in debug mode only.
    if (loop.get_debug()) {
      loop.call_exception_handler({ message: "Error on transport creation for incoming connection", exception: exc, protocol: null, transport });
    }
    if (transport === null) sock.destroy();
  }
}

/** Listens on one address; the Future is done when Node has bound it (bind errors as CPython words them). */
function listen(loop: Loop, srv: net.Server, opts: net.ListenOptions, sa: SockAddr, unix: boolean): Future<null> {
  const fut = loop.create_future<null>();
  loop._outside_begin();
  const onListening = () => settle(null);
  const onError = (err: any) => settle(err);
  let settled = false;
  const settle = (err: any) => {
    if (settled) return;
    settled = true;
    srv.off("listening", onListening);
    srv.off("error", onError);
    _from_node(loop, () => {
      loop._outside_end();
      if (fut.done()) return;
      if (!err) fut.set_result(null);
      else if (unix && err.code === "EADDRINUSE") fut.set_exception(new OSError(98, `Address ${repr(sa)} is already in use`));
      else if (unix) fut.set_exception(_os_error(err));
      else {
        const e = errnoOf(err);
        fut.set_exception(e ? new OSError(e[0], `error while attempting to bind on address ${addrRepr(sa)}: ${e[1].toLowerCase()}`) : _os_error(err));
      }
    });
  };
  srv.on("listening", onListening);
  srv.on("error", onError);
  srv.listen(opts);
  srv.unref();
  return fut;
}

export function create_server(loop: Loop, protocol_factory: ProtocolFactory<any>, host: string | string[] | null = null, port: number | null = null, opts: CreateServerOptions = {}): Coroutine<Server> {
  return new Coroutine(createServer(loop, protocol_factory, host, port, opts), "create_server");
}

function* createServer(loop: Loop, factory: ProtocolFactory<any>, host: string | string[] | null, port: number | null, opts: CreateServerOptions): Gen<Server> {
  const ssl = opts.ssl ?? null;
  if (typeof ssl === "boolean") throw new TypeError("ssl argument must be an SSLContext or None");
  if (opts.ssl_handshake_timeout != null && ssl === null) throw new ValueError("ssl_handshake_timeout is only meaningful with ssl");
  if (opts.ssl_shutdown_timeout != null && ssl === null) throw new ValueError("ssl_shutdown_timeout is only meaningful with ssl");
  if (opts.sock != null) {
    if (host !== null || port !== null) throw new ValueError("host/port and sock can not be specified at the same time");
    throw new ValueError("sock= is not supported on Node: pass host and port");
  }
  if (host === null && port === null) throw new ValueError("Neither host/port nor sock were specified");
  const family = opts.family ?? 0;
  const flags = opts.flags ?? 1; // AI_PASSIVE
  const hosts: (string | null)[] = host === "" ? [null] : typeof host === "string" || host === null ? [host] : [...host];
  // CPython resolves every host in a gather() (a Task each).
  const lists: AddrInfo[][] = yield gather(...hosts.map((h) => new Coroutine(ensureResolved(loop, h, port, family, SOCK_STREAM, flags), "_create_server_getaddrinfo")));
  const seen = new Set<string>();
  const infos: AddrInfo[] = [];
  for (const info of lists.flat()) {
    const key = JSON.stringify(info);
    if (!seen.has(key)) {
      seen.add(key);
      infos.push(info);
    }
  }
  const listeners: _Listener[] = [];
  let completed = false;
  try {
    for (const [af, , , , sa] of infos) {
      const srv = netModule().createServer({ allowHalfOpen: true, pauseOnConnect: true, noDelay: true });
      const l = new _Listener(loop, srv, af, null);
      listeners.push(l);
      const [ip, p] = sa as [string, number];
      const lo: net.ListenOptions = { host: ip, port: p, backlog: opts.backlog ?? 100, ipv6Only: af === AF_INET6 };
      if (opts.reuse_port) (lo as any).reusePort = true;
      yield listen(loop, srv, lo, sa, false);
    }
    completed = true;
  } finally {
    if (!completed) for (const l of listeners) l.stop();
  }
  return yield* finishServer(loop, listeners, factory, ssl, opts);
}

function* finishServer(loop: Loop, listeners: _Listener[], factory: ProtocolFactory<any>, ssl: SSLContext | null, opts: CreateServerOptions): Gen<Server> {
  const server = new Server(loop, listeners, factory, ssl, opts.backlog ?? 100, opts.ssl_handshake_timeout ?? null);
  if (opts.start_serving ?? true) {
    server._start_serving();
    // Skip one loop iteration so that all 'loop.add_reader' go through.
    yield sleep(0);
  }
  return server;
}

// ---------------------------------------------------------------- unix sockets

export function create_unix_connection<P>(loop: Loop, protocol_factory: ProtocolFactory<P>, path: string | null = null, opts: CreateConnectionOptions = {}): Coroutine<[_SocketTransport, P]> {
  return new Coroutine(createUnixConnection(loop, protocol_factory, path, opts), "create_unix_connection");
}

function* createUnixConnection<P>(loop: Loop, factory: ProtocolFactory<P>, path: string | null, opts: CreateConnectionOptions): Gen<[_SocketTransport, P]> {
  let { ssl = null, server_hostname = null } = opts;
  if (ssl) {
    if (server_hostname == null) throw new ValueError("you have to pass server_hostname when using ssl");
  } else {
    if (server_hostname != null) throw new ValueError("server_hostname is only meaningful with ssl");
    if (opts.ssl_handshake_timeout != null) throw new ValueError("ssl_handshake_timeout is only meaningful with ssl");
    if (opts.ssl_shutdown_timeout != null) throw new ValueError("ssl_shutdown_timeout is only meaningful with ssl");
  }
  if (path === null) {
    if (opts.sock == null) throw new ValueError("no path and sock were specified");
    throw new ValueError("sock= is not supported on Node: pass a path");
  }
  if (opts.sock != null) throw new ValueError("path and sock can not be specified at the same time");
  const sock = new (netModule().Socket)({ allowHalfOpen: true });
  sock.on("error", () => {});
  try {
    yield sockConnect(loop, sock, { path }, path, true);
  } catch (e) {
    sock.destroy();
    throw e;
  }
  const source = new NetSocketSource(sock, AF_UNIX, path, false);
  return yield* connectionTransport(loop, sock, source, factory, ssl, server_hostname, false, null, opts.ssl_handshake_timeout ?? null);
}

export function create_unix_server(loop: Loop, protocol_factory: ProtocolFactory<any>, path: string | null = null, opts: CreateServerOptions & { cleanup_socket?: boolean } = {}): Coroutine<Server> {
  return new Coroutine(createUnixServer(loop, protocol_factory, path, opts), "create_unix_server");
}

function* createUnixServer(loop: Loop, factory: ProtocolFactory<any>, path: string | null, opts: CreateServerOptions): Gen<Server> {
  const ssl = opts.ssl ?? null;
  if (typeof ssl === "boolean") throw new TypeError("ssl argument must be an SSLContext or None");
  if (opts.ssl_handshake_timeout != null && !ssl) throw new ValueError("ssl_handshake_timeout is only meaningful with ssl");
  if (opts.ssl_shutdown_timeout != null && !ssl) throw new ValueError("ssl_shutdown_timeout is only meaningful with ssl");
  if (path === null) {
    if (opts.sock == null) throw new ValueError("path was not specified, and no sock specified");
    throw new ValueError("sock= is not supported on Node: pass a path");
  }
  if (opts.sock != null) throw new ValueError("path and sock can not be specified at the same time");
  // Check for an abstract socket ("\0..."); otherwise remove a stale socket file (3.12's rule).
  if (path[0] !== "\0") {
    try {
      if (fs.statSync(path).isSocket()) fs.unlinkSync(path);
    } catch (e: any) {
      if (e?.code !== "ENOENT") writeStderr(`Unable to check or remove stale UNIX socket ${repr(path)}: ${String(e)}\n`);
    }
  }
  const srv = netModule().createServer({ allowHalfOpen: true, pauseOnConnect: true });
  const l = new _Listener(loop, srv, AF_UNIX, path);
  try {
    yield listen(loop, srv, { path, backlog: opts.backlog ?? 100 }, path, true);
  } catch (e: any) {
    l.stop();
    // libuv turns bind()'s ENOENT (no such directory) into EACCES, for Windows' sake
    if (e?.errno === 13 && path[0] !== "\0" && !fs.existsSync(path.slice(0, path.lastIndexOf("/") + 1) || ".")) throw new OSError(2, "No such file or directory");
    throw e;
  }
  return yield* finishServer(loop, [l], factory, ssl, opts);
}

// ---------------------------------------------------------------- datagrams

/** source of a dgram.Socket */
class DgramSource implements SocketSource {
  readonly type = SOCK_DGRAM;
  readonly proto = IPPROTO_UDP;
  constructor(readonly _s: dgram.Socket, readonly family: number) {}
  fileno(): number {
    const fd = (this._s as any)[Object.getOwnPropertySymbols(this._s).find((s) => s.description === "state kStateSymbol")!]?.handle?.fd;
    return typeof fd === "number" ? fd : -1;
  }
  getsockname(): SockAddr {
    const a = this._s.address();
    return sockaddr(a.address, a.port, a.family);
  }
  getpeername(): SockAddr {
    const a = this._s.remoteAddress();
    return sockaddr(a.address, a.port, a.family);
  }
}

/** _SelectorDatagramTransport over a dgram.Socket: one datagram_received per event. */
export class _DatagramTransport extends _FlowControlMixin {
  static {
    Object.defineProperty(this, "name", { value: "_SelectorDatagramTransport" });
  }
  /** @internal */ _sock: dgram.Socket | null;
  /** @internal */ _address: SockAddr | null;
  /** @internal */ _closing = false;
  /** @internal */ _conn_lost = 0;
  /** @internal */ _buffer_size = 0;
  /** @internal */ _incoming: [Buffer, SockAddr][] = [];
  /** @internal */ _errors: Error[] = [];
  /** @internal */ _reading = false;
  /** @internal */ _read_scheduled = false;
  /** @internal */ _lost_called = false;
  /** @internal */ _close_after_sends: dgram.Socket | null = null;
  private _read_cb: () => void;
  private _ctx = copy_context();

  constructor(loop: Loop, sock: dgram.Socket, protocol: any, address: SockAddr | null, waiter: Future<null> | null, source: DgramSource) {
    super({}, loop);
    this._sock = sock;
    this._address = address;
    this._protocol = protocol;
    this._extra.socket = new TransportSocket(source);
    this._extra.sockname = source.getsockname();
    this._extra.peername = address === null ? null : source.getpeername();
    this._read_cb = this._read_ready.bind(this);
    sock.on("message", (msg, rinfo) => {
      this._incoming.push([msg, sockaddr(rinfo.address, rinfo.port, rinfo.family)]);
      this._schedule_read();
    });
    sock.on("error", (err) => {
      this._errors.push(_os_error(err));
      this._schedule_read();
    });
    sock.unref();
    loop._outside_begin();
    loop._call_soon(protocol.connection_made.bind(protocol), [this], null);
    loop._call_soon(() => {
      this._reading = true;
      this._schedule_read();
    }, null, null);
    if (waiter !== null) loop._call_soon(_set_result_unless_cancelled, [waiter, null], null);
  }

  __repr__(): string {
    return `<_SelectorDatagramTransport fd=${(this._extra.socket as TransportSocket).fileno()}${this._closing ? " closing" : ""}>`;
  }

  override get_protocol(): any {
    return this._protocol;
  }
  override set_protocol(p: any): void {
    this._protocol = p;
  }
  override is_closing(): boolean {
    return this._closing;
  }
  override get_write_buffer_size(): number {
    // CPython buffers a datagram only when sendto() would block: what libuv has not handed
    // to the kernel yet, plus CPython's 8 bytes of header per datagram.
    const sock = this._sock;
    if (sock === null) return 0;
    try {
      return sock.getSendQueueSize() + 8 * sock.getSendQueueCount();
    } catch {
      return 0;
    }
  }

  private _schedule_read(): void {
    if (this._read_scheduled || this._conn_lost || !this._reading) return;
    if (!this._incoming.length && !this._errors.length) return;
    this._read_scheduled = true;
    if (!this._loop.is_closed()) this._loop._ready_push(new Handle(this._read_cb, null, this._loop, this._ctx));
  }

  private _read_ready(): void {
    this._read_scheduled = false;
    if (this._conn_lost) return;
    try {
      if (this._errors.length) this._protocol.error_received(this._errors.shift());
      else if (this._incoming.length) {
        const [data, addr] = this._incoming.shift()!;
        this._protocol.datagram_received(data, addr);
      }
    } catch (exc) {
      reraise(exc);
      this._fatal_error(exc, "Fatal read error on datagram transport");
      return;
    }
    this._schedule_read();
  }

  /** Sends one datagram to `addr` (or the connected peer). */
  sendto(data: Uint8Array, addr: SockAddr | null = null): void {
    checkBytes(data);
    if (!data.byteLength) return;
    if (this._address !== null) {
      if (addr !== null && addrRepr(addr) !== addrRepr(this._address)) throw new ValueError(`Invalid address: must be None or ${addrRepr(this._address)}`);
      addr = null;
    }
    if (this._conn_lost && this._address !== null) {
      if (this._conn_lost >= LOG_THRESHOLD_FOR_CONNLOST_WRITES) writeStderr("socket.send() raised exception.\n");
      this._conn_lost += 1;
      return;
    }
    // CPython checks nothing more before sock.sendto(): an unconnected transport that is
    // closing still sends while its socket is open (connection_lost closes it).
    if (this._sock === null) return;
    if (addr === null && this._address === null) {
      // sock.sendto(data, None) raises TypeError, a fatal write error (not error_received)
      const family = (this._extra.socket as TransportSocket).family === AF_INET6 ? "AF_INET6" : "AF_INET";
      this._fatal_error(new TypeError(`sendto(): ${family} address must be tuple, not NoneType`), "Fatal write error on datagram transport");
      return;
    }
    const n = data.byteLength;
    this._buffer_size += n;
    const done = (err: Error | null) => {
      _from_node(this._loop, () => {
        this._buffer_size -= n;
        if (this._buffer_size === 0 && this._close_after_sends !== null) {
          try {
            this._close_after_sends.close();
          } catch {}
          this._close_after_sends = null;
        }
        if (err && !this._conn_lost) this._protocol.error_received(_os_error(err));
        this._maybe_resume_protocol();
        if (this._buffer_size === 0 && this._closing) this._call_connection_lost(null);
      });
    };
    try {
      if (addr === null) this._sock!.send(data, done);
      else {
        const [host, port] = addr as [string, number];
        this._sock!.send(data, port, host, done);
      }
    } catch (e) {
      this._buffer_size -= n;
      this._protocol.error_received(_os_error(e));
      return;
    }
    this._maybe_pause_protocol();
  }

  override close(): void {
    if (this._closing) return;
    this._closing = true;
    this._reading = false;
    if (this._buffer_size === 0) {
      this._conn_lost += 1;
      this._loop._call_soon(this._call_connection_lost.bind(this), [null], null);
    }
  }

  override abort(): void {
    this._force_close(null);
  }

  /** @internal */ _fatal_error(exc: unknown, message: string): void {
    if (!(exc instanceof OSError)) this._loop.call_exception_handler({ message, exception: exc, transport: this, protocol: this._protocol });
    this._force_close(exc as Error);
  }

  /** @internal */ _force_close(exc: Error | null): void {
    if (this._conn_lost) return;
    this._closing = true;
    this._reading = false;
    this._conn_lost += 1;
    this._loop._call_soon(this._call_connection_lost.bind(this), [exc], null);
  }

  /** @internal */ _call_connection_lost(exc: Error | null): void {
    if (this._lost_called) return;
    this._lost_called = true;
    this._conn_lost ||= 1;
    try {
      this._protocol.connection_lost(exc);
    } finally {
      const sock = this._sock;
      this._sock = null;
      // A datagram CPython's sendto() has handed to the kernel may still wait in Node for its
      // address lookup: the last send's callback closes the socket then.
      if (this._buffer_size > 0) this._close_after_sends = sock;
      else {
        try {
          sock?.close();
        } catch {}
      }
      this._protocol = null;
      this._loop._outside_end();
    }
  }
}

export type DatagramEndpointOptions = {
  family?: number;
  proto?: number;
  flags?: number;
  reuse_address?: boolean | null;
  reuse_port?: boolean | null;
  allow_broadcast?: boolean | null;
  sock?: unknown;
};

export function create_datagram_endpoint<P>(loop: Loop, protocol_factory: ProtocolFactory<P>, local_addr: [string, number] | string | null = null, remote_addr: [string, number] | string | null = null, opts: DatagramEndpointOptions = {}): Coroutine<[_DatagramTransport, P]> {
  return new Coroutine(createDatagramEndpoint(loop, protocol_factory, local_addr, remote_addr, opts), "create_datagram_endpoint");
}

function* createDatagramEndpoint<P>(loop: Loop, factory: ProtocolFactory<P>, local_addr: [string, number] | string | null, remote_addr: [string, number] | string | null, opts: DatagramEndpointOptions): Gen<[_DatagramTransport, P]> {
  if (opts.sock != null) throw new ValueError("sock= is not supported on Node: pass local_addr/remote_addr");
  if (opts.reuse_address) throw new ValueError("Passing `reuse_address=True` is no longer supported, as the usage of SO_REUSEPORT in UDP poses a significant security concern.");
  if (typeof local_addr === "string" || typeof remote_addr === "string") throw new ValueError("unix datagram sockets are not supported on Node");
  if (local_addr === null && remote_addr === null && !opts.family) throw new ValueError("unexpected address family");
  let family = opts.family ?? 0;
  let local: AddrInfo | null = null, remote: AddrInfo | null = null;
  if (local_addr !== null) {
    const infos: AddrInfo[] = yield* ensureResolved(loop, local_addr[0], local_addr[1], family, SOCK_DGRAM, opts.flags ?? 0);
    if (!infos.length) throw new OSError("getaddrinfo() returned empty list");
    local = infos[0];
  }
  if (remote_addr !== null) {
    const infos: AddrInfo[] = yield* ensureResolved(loop, remote_addr[0], remote_addr[1], local ? local[0] : family, SOCK_DGRAM, opts.flags ?? 0);
    if (!infos.length) throw new OSError("getaddrinfo() returned empty list");
    remote = infos[0];
  }
  family = (local ?? remote)?.[0] ?? (family || AF_INET);
  const sock = dgramModule().createSocket({ type: family === AF_INET6 ? "udp6" : "udp4", reuseAddr: false, ...(opts.reuse_port ? { reusePort: true } : {}) } as dgram.SocketOptions);
  sock.on("error", () => {});
  const step = (start: (cb: (err?: any) => void) => void, what: SockAddr): Future<null> => {
    const fut = loop.create_future<null>();
    loop._outside_begin();
    let settled = false;
    const onErr = (err: any) => cb(err);
    const cb = (err?: any) => {
      if (settled) return;
      settled = true;
      sock.off("error", onErr);
      _from_node(loop, () => {
        loop._outside_end();
        if (fut.done()) return;
        if (err) {
          const e = errnoOf(err);
          fut.set_exception(e && what !== null ? new OSError(e[0], `error while attempting to bind on address ${addrRepr(what)}: ${e[1].toLowerCase()}`) : _os_error(err));
        } else fut.set_result(null);
      });
    };
    sock.on("error", onErr);
    try {
      start(cb);
    } catch (e) {
      cb(e);
    }
    return fut;
  };
  try {
    const [lip, lport] = local ? (local[4] as [string, number]) : [family === AF_INET6 ? "::" : "0.0.0.0", 0];
    yield step((cb) => sock.bind({ address: lip, port: lport }, () => cb()), local ? local[4] : (null as any));
    if (opts.allow_broadcast) sock.setBroadcast(true);
    if (remote !== null) {
      const [rip, rport] = remote[4] as [string, number];
      yield step((cb) => sock.connect(rport, rip, (err?: any) => cb(err)), null as any);
    }
  } catch (e) {
    try {
      sock.close();
    } catch {}
    throw e;
  }
  const protocol = _make_protocol(factory);
  const waiter = loop.create_future<null>();
  const transport = new _DatagramTransport(loop, sock, protocol, remote ? remote[4] : null, waiter, new DgramSource(sock, family));
  return yield* _wait_connected(waiter, transport, protocol);
}

