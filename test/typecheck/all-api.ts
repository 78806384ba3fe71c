// Uses every asyncio API asyncts exports (SPEC §2.4) the way a DSL program would, so that
// test/api-typecheck.test.ts can check it with plain `tsc` (strict) against the published
// dist/runtime/index.d.ts. It is type-checked, never run.
import * as asyncio from "asyncts";
import asyncioDefault, { print, kw, run, gather, sleep, create_task } from "asyncts";

// ---- coroutine functions are typed Promise<T> in source ----
async function compute(x: number): Promise<number> {
  await asyncio.sleep(0.1);
  return x * 2;
}
async function label(s: string) {
  return `<${s}>`;
}
async function nothing(): Promise<void> {}
async function* counter(n: number) {
  for (let i = 0; i < n; i++) yield i;
}
function cb(...args: unknown[]): void {
  print(...args);
}

class MyCM extends asyncio.AsyncContextManager {
  override async __aenter__() {
    return this;
  }
  override async __aexit__(exc: unknown) {
    return false;
  }
}

async function main(): Promise<string> {
  // ---- running / loop ----
  const loop: asyncio.AbstractEventLoop = asyncio.get_running_loop();
  const same: asyncio.AbstractEventLoop = asyncio.get_event_loop();
  // The concrete loop is a BaseEventLoop; the API hands out the interface (as typeshed does).
  const concrete: asyncio.AbstractEventLoop | null = same instanceof asyncio.BaseEventLoop ? same : null;
  const h: asyncio.Handle = loop.call_soon(cb, 1, 2);
  loop.call_soon(cb, 1, kw({ context: asyncio.copy_context() }));
  const th: asyncio.TimerHandle = loop.call_later(1, cb, "x");
  const th2: asyncio.TimerHandle = loop.call_at(loop.time() + 1, cb);
  loop.call_soon_threadsafe(cb);
  h.cancel();
  const hc: boolean = h.cancelled();
  const when: number = th.when();
  th2.cancel();
  const t0: number = loop.time();
  const fut: asyncio.Future<number> = loop.create_future<number>();
  const lt: asyncio.Task<number> = loop.create_task(compute(1), { name: "lt", context: asyncio.copy_context() });
  const r: boolean = loop.is_running() && !loop.is_closed() && !same.is_closed() && concrete !== null;
  loop.set_task_factory(null);
  const tf: asyncio.TaskFactory | null = loop.get_task_factory();
  loop.set_task_factory(asyncio.eager_task_factory);
  loop.set_task_factory(asyncio.create_eager_task_factory(asyncio.Task));
  loop.set_task_factory(tf);
  loop.set_exception_handler((l: asyncio.AbstractEventLoop, ctx: asyncio.ExceptionContext) => {
    print(ctx.message, ctx.exception, ctx.future, ctx.task, ctx.handle);
    l.default_exception_handler(ctx);
  });
  loop.call_exception_handler({ message: "m", exception: new asyncio.RuntimeError("e") });
  loop.set_exception_handler(null);
  const dbg: boolean = loop.get_debug();
  loop.set_debug(dbg);
  const ex: asyncio.Future<number> = loop.run_in_executor(null, (a: number, b: number) => a + b, 1, 2);
  const exr: number = await ex;
  const executor: asyncio.Executor = { submit: (fn, ...args) => Promise.resolve(fn(...args)) };
  const ex2: string = await loop.run_in_executor(executor, () => "worker");
  loop.add_signal_handler(15, cb, "term");
  loop.add_signal_handler("SIGUSR2", cb);
  const removed: boolean = loop.remove_signal_handler(15) && loop.remove_signal_handler("SIGUSR2");
  await loop.shutdown_asyncgens();
  await loop.shutdown_default_executor();
  await lt;
  print(hc, when, t0, r, exr, ex2, removed);

  // ---- futures and tasks ----
  const f2 = new asyncio.Future<string>();
  const f3 = new asyncio.Future<number>({ loop });
  f2.add_done_callback((f) => print(f.result()), { context: asyncio.copy_context() });
  const n: number = f2.remove_done_callback(print);
  f2.set_result("ok");
  f3.set_exception(new asyncio.ValueError("bad"));
  const e3: unknown = f3.exception();
  const fr: string = f2.result();
  const fd: boolean = f2.done() || f2.cancelled() || fut.cancel("msg");
  const fl: asyncio.AbstractEventLoop = f2.get_loop();
  const awaitedFuture: string = await f2;
  const t: asyncio.Task<number> = asyncio.create_task(compute(2), { name: "w" });
  const t2: asyncio.Task<string> = create_task(label("a"));
  const tname: string = t.get_name();
  t.set_name("w2");
  const coro: asyncio.Coroutine<number> | null = t.get_coro();
  const tctx: asyncio.Context = t.get_context();
  const cn: number = t.cancelling() + t.uncancel();
  const stack: asyncio.Coroutine<any>[] = t.get_stack({ limit: 1 });
  t.print_stack({ limit: 1 });
  const tv: number = await t;
  const ef: asyncio.Future<string> = asyncio.ensure_future(label("b"));
  const ef2: asyncio.Future<number> = asyncio.ensure_future(t);
  const cur: asyncio.Task<any> | null = asyncio.current_task();
  const all: Set<asyncio.Task<any>> = asyncio.all_tasks();
  const isc: boolean = asyncio.iscoroutine(compute(1)) && asyncio.iscoroutinefunction(compute) && asyncio.isfuture(t);
  const wf: asyncio.Future<number> = asyncio.wrap_future(Promise.resolve(1));
  const wf2: asyncio.Future<string> = asyncio.wrap_future(f2);
  const nativePromise: Promise<number> = asyncio.run_coroutine_threadsafe(compute(3), loop);
  // plain JS interop: Future/Task/Coroutine are PromiseLike
  const pl: PromiseLike<number> = t;
  const pl2: PromiseLike<string> = f2;
  const pl3: PromiseLike<number> = compute(1);
  print(n, e3, fr, fd, fl, awaitedFuture, tname, coro, tctx, cn, stack, tv, ef, ef2, cur, all, isc, wf, wf2, nativePromise, pl, pl2, pl3, t2);

  // ---- combinators ----
  const s1: null = await sleep(0);
  const s2: string = await asyncio.sleep(0.1, "r");
  const [a, b, c]: [number, string, void] = await gather(compute(1), label("x"), nothing());
  const g2: [number, string] = await asyncio.gather(t, f2);
  const g3 = await asyncio.gather(compute(1), label("x"), { return_exceptions: true });
  const g3a: number | Error = g3[0] as number;
  const [done, pending]: [Set<asyncio.Task<number>>, Set<asyncio.Task<number>>] = await asyncio.wait([asyncio.create_task(compute(1))], {
    timeout: 1,
    return_when: asyncio.FIRST_COMPLETED,
  });
  await asyncio.wait([t], { return_when: asyncio.FIRST_EXCEPTION });
  await asyncio.wait([t], { return_when: asyncio.ALL_COMPLETED });
  const wv: number = await asyncio.wait_for(compute(1), 1);
  const wv2: string = await asyncio.wait_for(f2, null);
  const sv: number = await asyncio.shield(compute(1));
  const sv2: number = await asyncio.shield(t);
  for (const next of asyncio.as_completed([compute(1), compute(2)], { timeout: 5 })) {
    const v: number = await next;
    print(v);
  }
  for await (const task of asyncio.as_completed([compute(1), label("y")])) {
    const v: number | string = await task;
    print(v);
  }
  const tt: string = await asyncio.to_thread((x: number) => String(x), 1);
  {
    await using tm = asyncio.timeout(1);
    const tmw: number | null = tm.when();
    tm.reschedule(loop.time() + 2);
    const exp: boolean = tm.expired();
    print(tmw, exp);
  }
  {
    await using _ta = asyncio.timeout_at(loop.time() + 1);
  }
  {
    await using tg = new asyncio.TaskGroup();
    const gt: asyncio.Task<number> = tg.create_task(compute(1), { name: "g", context: asyncio.copy_context() });
    const gt2: asyncio.Task<string> = tg.create_task(label("g"));
    print(gt, gt2);
  }
  print(s1, s2, a, b, c, g2, g3a, done, pending, wv, wv2, sv, sv2, tt);

  // ---- synchronisation ----
  const lock = new asyncio.Lock();
  {
    await using _l = lock;
  }
  const acquired: boolean = await lock.acquire();
  lock.release();
  const locked: boolean = lock.locked();
  const ev = new asyncio.Event();
  ev.set();
  const evs: boolean = ev.is_set();
  const evw: boolean = await ev.wait();
  ev.clear();
  const cond = new asyncio.Condition(lock);
  {
    await using _c = cond;
    cond.notify(1);
    cond.notify_all();
  }
  const sem = new asyncio.Semaphore(2);
  {
    await using _s = sem;
  }
  const bsem = new asyncio.BoundedSemaphore(1);
  await bsem.acquire();
  bsem.release();
  const sl: boolean = sem.locked();
  const barrier = new asyncio.Barrier(1);
  const idx: number = await barrier.wait();
  const parties: number = barrier.parties;
  const waiting: number = barrier.n_waiting;
  const broken: boolean = barrier.broken;
  await barrier.reset();
  await barrier.abort();
  print(acquired, locked, evs, evw, sl, idx, parties, waiting, broken);

  // ---- queues ----
  const q = new asyncio.Queue<number>(2);
  const q2 = new asyncio.Queue<string>({ maxsize: 0 });
  const pq = new asyncio.PriorityQueue<[number, string]>();
  const lq = new asyncio.LifoQueue<number>();
  await q.put(1);
  q.put_nowait(2);
  const qv: number = await q.get();
  const qv2: number = q.get_nowait();
  q.task_done();
  q.task_done();
  await q.join();
  const qs: number = q.qsize() + q.maxsize;
  const qe: boolean = q.empty() || q.full();
  q.shutdown();
  q2.shutdown(true);
  pq.put_nowait([1, "a"]);
  lq.put_nowait(1);
  print(qv, qv2, qs, qe);

  // ---- context ----
  const cv = new asyncio.ContextVar<number>("cv", { default: 0 });
  const tok: asyncio.Token<number> = cv.set(1);
  const cvv: number = cv.get();
  cv.reset(tok);
  const ctx: asyncio.Context = asyncio.copy_context();
  const ran: number = ctx.run((x: number) => x + cv.get(), 1);
  print(cvv, ran);

  // ---- async generators, async with on a user class ----
  for await (const i of counter(3)) {
    const iv: number = i;
    print(iv);
  }
  const gen = counter(2);
  const first = await gen.__anext__();
  const sent = await gen.asend(undefined);
  await gen.aclose();
  const gen2 = counter(2);
  try {
    await gen2.athrow(new asyncio.ValueError("x"));
  } catch {}
  const nx: number = await asyncio.anext(counter(1));
  const nxd: number | string = await asyncio.anext(counter(0), "default");
  const it = asyncio.aiter(counter(1));
  {
    await using cm = new MyCM();
    print(cm);
  }
  print(first, sent, nx, nxd, it);

  // ---- exceptions ----
  const errors: Error[] = [
    new asyncio.CancelledError("m"),
    new asyncio.TimeoutError(),
    new asyncio.InvalidStateError(),
    new asyncio.QueueEmpty(),
    new asyncio.QueueFull(),
    new asyncio.QueueShutDown(),
    new asyncio.IncompleteReadError(new Uint8Array(), 4),
    new asyncio.LimitOverrunError("m", 1),
    new asyncio.BrokenBarrierError(),
    new asyncio.SendfileNotAvailableError(),
    new asyncio.RuntimeError("r"),
    new asyncio.ValueError("v"),
    new asyncio.StopAsyncIteration(),
    new asyncio.Exception("e"),
    new asyncio.BaseException("b"),
    new asyncio.KeyboardInterrupt(),
    new asyncio.SystemExit(1),
  ];
  const eg = new asyncio.ExceptionGroup("eg", [new asyncio.ValueError("a"), new asyncio.RuntimeError("b")]);
  const beg = new asyncio.BaseExceptionGroup("beg", [new asyncio.KeyboardInterrupt()]);
  const subs: readonly Error[] = eg.exceptions;
  const msg: string = eg.message;
  const sub = eg.subgroup((e) => e instanceof asyncio.ValueError);
  const [match, rest] = eg.split(asyncio.ValueError);
  const derived = eg.derive([new asyncio.ValueError("c")]);
  print(errors, beg, subs, msg, sub, match, rest, derived);

  // ---- formatting ----
  print(asyncio.str(1.5), asyncio.repr("s"), kw({ sep: ", ", end: "\n" }));
  asyncio.stdout.write("x\n");
  asyncio.stderr.write("");
  return "done";
}

// ---- streams, sockets, TLS (type-checked only) ----
class Echo extends asyncio.Protocol {
  transport: asyncio.Transport | null = null;
  connection_made(transport: asyncio.Transport) {
    this.transport = transport;
  }
  data_received(data: Uint8Array) {
    this.transport!.write(data);
  }
  eof_received() {
    return false;
  }
  connection_lost(exc: Error | null) {
    print(exc);
  }
}
class Udp extends asyncio.DatagramProtocol {
  datagram_received(data: Uint8Array, addr: [string, number]) {
    print(data, addr);
  }
}
async function network(): Promise<void> {
  const handle = async (reader: asyncio.StreamReader, writer: asyncio.StreamWriter) => {
    for await (const line of reader) writer.write(line);
    const a: Uint8Array = await reader.readuntil(asyncio.bytes("\r\n"));
    const b: Uint8Array = await reader.readexactly(2);
    const c: Uint8Array = await reader.read();
    print(a, b, c, reader.at_eof(), reader.exception(), writer.can_write_eof(), writer.is_closing());
    writer.writelines([a, b]);
    await writer.drain();
    writer.write_eof();
    writer.close();
    await writer.wait_closed();
  };
  const server: asyncio.Server = await asyncio.start_server(handle, "127.0.0.1", 0, { limit: 1024, backlog: 10 });
  {
    await using s = server;
    const port = s.sockets[0].getsockname()[1] as number;
    const [reader, writer] = await asyncio.open_connection("127.0.0.1", port, { limit: 1024 });
    print(reader, writer.get_extra_info("peername"), writer.transport.get_write_buffer_size(), s.is_serving());
    const ctx = asyncio.ssl.create_default_context();
    ctx.check_hostname = false;
    ctx.verify_mode = asyncio.ssl.CERT_NONE;
    await writer.start_tls(ctx, { server_hostname: "localhost" });
  }
  const loop = asyncio.get_running_loop();
  const [t, p] = await loop.create_connection(Echo, "127.0.0.1", 1);
  t.set_write_buffer_limits({ high: 1024 });
  t.pause_reading();
  t.resume_reading();
  print(p.transport, t.get_write_buffer_limits(), t.is_reading());
  t.abort();
  const srv = await loop.create_server(() => new Echo(), "127.0.0.1", 0, { start_serving: false });
  await srv.start_serving();
  srv.close_clients();
  srv.close();
  await srv.wait_closed();
  const [dt] = await loop.create_datagram_endpoint(Udp, { local_addr: ["127.0.0.1", 0] });
  dt.sendto(asyncio.bytes("x"), ["127.0.0.1", 9]);
  dt.close();
  const infos = await loop.getaddrinfo("localhost", 80, { type: asyncio.socket.SOCK_STREAM });
  print(infos[0][4], asyncio.decode(asyncio.bytes([104, 105])));
  const sctx = new asyncio.ssl.SSLContext(asyncio.ssl.PROTOCOL_TLS_SERVER);
  sctx.load_cert_chain("cert.pem", "key.pem");
  const [ur, uw] = await asyncio.open_unix_connection("/tmp/x.sock");
  print(ur, uw);
  await asyncio.start_unix_server(handle, "/tmp/x.sock");
  try {
    await asyncio.open_connection("127.0.0.1", 1);
  } catch (e) {
    if (e instanceof asyncio.ConnectionRefusedError) print(e.errno, e.strerror);
    if (e instanceof asyncio.socket.gaierror || e instanceof asyncio.ssl.SSLCertVerificationError) print(e);
  }
}
print(network);

// ---- running ----
const result: string = await asyncio.run(main(), { debug: false });
const result2: string = await run(main());
const runner = new asyncio.Runner({ debug: false });
const rr: string = await runner.run(main(), { context: asyncio.copy_context() });
const rl: asyncio.AbstractEventLoop = runner.get_loop();
await runner.close();
{
  await using runner2 = new asyncio.Runner();
  await runner2.run(main());
}
const loop2 = asyncio.new_event_loop();
asyncio.set_event_loop(loop2);
const ru: number = await loop2.run_until_complete(compute(1));
loop2.call_soon(loop2.stop);
await loop2.run_forever();
loop2.close();
asyncio.set_event_loop(null);
print(result, result2, rr, rl, ru, asyncioDefault.sleep === asyncio.sleep, gather === asyncio.gather);
