// Server (asyncio/base_events.py Server, with 3.13's close_clients/abort_clients): the
// listening sockets of create_server/start_server and the connections they accepted.
// wait_closed() returns once the server is closed and every connection is gone (3.12.1's rule).
import { Coroutine } from "./coroutines.js";
import { sleep } from "./tasks.js";
import { CancelledError, RuntimeError } from "./py/exceptions.js";
import { TransportSocket, type SocketSource } from "./trsock.js";
import { repr } from "./py/format.js";
import type { AbstractEventLoop } from "./events.js";
import type { Future } from "./futures.js";
import type { ProtocolFactory } from "./protocols.js";
import type { SSLContext } from "./ssl.js";

type Gen<T> = Generator<unknown, T, any>;

/** A listening socket as the Server drives it (node_events.ts's _Listener). */
export interface _Listener {
  readonly source: SocketSource;
  start(server: Server, factory: ProtocolFactory<any>, ssl: SSLContext | null, backlog: number, handshakeTimeout: number | null): void;
  stop(): void;
}

interface ClientTransport {
  close(): void;
  abort(): void;
}

export class Server {
  /** @internal */ _loop: AbstractEventLoop;
  /** @internal */ _sockets: _Listener[] | null;
  /** @internal */ _active_count = 0;
  /** @internal */ _waiters: Future<null>[] | null = [];
  /** @internal */ _protocol_factory: ProtocolFactory<any>;
  /** @internal */ _backlog: number;
  /** @internal */ _ssl_context: SSLContext | null;
  /** @internal */ _ssl_handshake_timeout: number | null;
  /** @internal */ _serving = false;
  /** @internal */ _serving_forever_fut: Future<null> | null = null;
  /** @internal */ _clients = new Set<ClientTransport>();

  constructor(loop: AbstractEventLoop, sockets: _Listener[], protocol_factory: ProtocolFactory<any>, ssl_context: SSLContext | null, backlog: number, ssl_handshake_timeout: number | null) {
    this._loop = loop;
    this._sockets = sockets;
    this._protocol_factory = protocol_factory;
    this._ssl_context = ssl_context;
    this._backlog = backlog;
    this._ssl_handshake_timeout = ssl_handshake_timeout;
  }

  __repr__(): string {
    return `<Server sockets=(${this.sockets.map((s) => repr(s)).join(", ")}${this.sockets.length === 1 ? "," : ""})>`;
  }

  /** @internal a connection's transport was made */
  _attach(transport: ClientTransport): void {
    if (this._sockets === null) throw new RuntimeError("server is closed"); // CPython: assert
    this._clients.add(transport);
    this._active_count += 1;
  }

  /** @internal a connection's transport is gone */
  _detach(transport: ClientTransport): void {
    this._clients.delete(transport);
    this._active_count -= 1;
    if (this._active_count === 0 && this._sockets === null) this._wakeup();
  }

  private _wakeup(): void {
    const waiters = this._waiters;
    this._waiters = null;
    for (const waiter of waiters ?? []) if (!waiter.done()) waiter.set_result(null);
  }

  /** @internal */ _start_serving(): void {
    if (this._serving) return;
    this._serving = true;
    // start_serving() after close(): CPython iterates the None it left in _sockets
    if (this._sockets === null) throw new TypeError("'NoneType' object is not iterable");
    for (const l of this._sockets!) l.start(this, this._protocol_factory, this._ssl_context, this._backlog, this._ssl_handshake_timeout);
  }

  get_loop(): AbstractEventLoop {
    return this._loop;
  }

  is_serving(): boolean {
    return this._serving;
  }

  /** The listening sockets (each with getsockname(), family, fileno()); empty once closed. */
  get sockets(): TransportSocket[] {
    if (this._sockets === null) return [];
    return this._sockets.map((l) => new TransportSocket(l.source));
  }

  /** Stops listening (connections already accepted stay open). */
  close(): void {
    const sockets = this._sockets;
    if (sockets === null) return;
    this._sockets = null;
    for (const l of sockets) l.stop();
    this._serving = false;
    if (this._serving_forever_fut !== null && !this._serving_forever_fut.done()) {
      this._serving_forever_fut.cancel();
      this._serving_forever_fut = null;
    }
    if (this._active_count === 0) this._wakeup();
  }

  /** Closes every accepted connection (3.13). */
  close_clients(): void {
    for (const t of [...this._clients]) t.close();
  }

  /** Aborts every accepted connection (3.13). */
  abort_clients(): void {
    for (const t of [...this._clients]) t.abort();
  }

  start_serving(): Coroutine<void> {
    return new Coroutine(this._co_start_serving(), "start_serving");
  }

  private *_co_start_serving(): Gen<void> {
    this._start_serving();
    // Skip one loop iteration so that all 'loop.add_reader' go through.
    yield sleep(0);
  }

  /** Serves until cancelled; cancellation closes the server and waits for it. */
  serve_forever(): Coroutine<void> {
    return new Coroutine(this._co_serve_forever(), "serve_forever");
  }

  private *_co_serve_forever(): Gen<void> {
    if (this._serving_forever_fut !== null) throw new RuntimeError(`server ${this.__repr__()} is already being awaited on serve_forever()`);
    if (this._sockets === null) throw new RuntimeError(`server ${this.__repr__()} is closed`);
    this._start_serving();
    this._serving_forever_fut = this._loop.create_future<null>();
    try {
      yield this._serving_forever_fut;
    } catch (e) {
      if (e instanceof CancelledError) {
        try {
          this.close();
          yield* this._co_wait_closed();
        } finally {
          // eslint-disable-next-line no-unsafe-finally
          throw e;
        }
      }
      throw e;
    } finally {
      this._serving_forever_fut = null;
    }
  }

  /** Waits until the server is closed and all its connections are dropped. */
  wait_closed(): Coroutine<void> {
    return new Coroutine(this._co_wait_closed(), "wait_closed");
  }

  private *_co_wait_closed(): Gen<void> {
    if (this._waiters === null) return;
    const waiter = this._loop.create_future<null>();
    this._waiters.push(waiter);
    yield waiter;
  }

  /** `async with server:` (`await using s = server`) */
  __aenter__(): Coroutine<this> {
    return new Coroutine(selfGen(this), "__aenter__");
  }

  __aexit__(_exc: unknown): Coroutine<void> {
    return new Coroutine(this._co_aexit(), "__aexit__");
  }

  private *_co_aexit(): Gen<void> {
    this.close();
    yield* this._co_wait_closed();
  }

  /** For the TypeScript checker (`await using`); compiled code calls __aexit__. */
  [Symbol.asyncDispose](): Promise<void> {
    return Promise.resolve();
  }
}

// eslint-disable-next-line require-yield
function* selfGen<T>(x: T): Gen<T> {
  return x;
}
