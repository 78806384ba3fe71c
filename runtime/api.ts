// The asyncio API, re-exported (asyncio/__init__.py). index.ts adds the default export.
export * from "./py/exceptions.js";
export { print, kw, KwArgs, str, repr, stdout, stderr } from "./py/format.js";
export { Context, ContextVar, Token, copy_context } from "./py/contextvars.js";
export { Handle, TimerHandle, get_running_loop, new_event_loop, get_event_loop, set_event_loop, _get_running_loop, type AbstractEventLoop, type ExceptionContext, type ExceptionHandler } from "./events.js";
export { run_coroutine_threadsafe, wrap_future } from "./interop.js";
export { BaseEventLoop } from "./base_events.js";
export { SelectorEventLoop } from "./unix_events.js";
export { Future, isfuture, type Executor } from "./futures.js";
export { Coroutine, iscoroutine, iscoroutinefunction } from "./coroutines.js";
export { Task, create_task, ensure_future, current_task, all_tasks, sleep, eager_task_factory, create_eager_task_factory, type Awaitable, type CreateTaskOptions, type TaskFactory } from "./tasks.js";
export { run, Runner, type RunnerOptions } from "./runners.js";
export { AsyncGenerator, AsyncContextManager, aiter } from "./asyncgen.js";
export { AsyncIterator } from "./py/abc.js";
export { asynccontextmanager, aclosing, AsyncExitStack, nullcontext, suppress, type AsyncManagerOf, type AsyncContextManagerProtocol } from "./contextlib.js";
import { anext as anextImpl } from "./asyncgen.js";
/**
 * Python's anext(it[, default]): awaits it.__anext__(); with a default, returns it instead of
 * raising StopAsyncIteration when the iterator is exhausted (the default may be of another type).
 */
export const anext: {
  <T>(it: { __anext__(): PromiseLike<T> }): PromiseLike<T>;
  <T, D>(it: { __anext__(): PromiseLike<T> }, dflt: D): PromiseLike<T | D>;
} = anextImpl as any;
export * from "./locks.js";
export * from "./queues.js";
export * from "./timeouts.js";
export * from "./taskgroups.js";
export * from "./combinators.js";
export { capture_call_graph, format_call_graph, print_call_graph, FrameCallGraphEntry, FutureCallGraph } from "./graph.js";
export { ProcessPoolExecutor, BrokenExecutor, BrokenProcessPool, type ProcessPoolOptions, type ConcurrentFuture } from "./concurrent_futures.js";
export { ThreadPoolExecutor } from "./thread_pool.js";

// In a DSL file `async function*` becomes a Python async generator (runtime/asyncgen.ts);
// TypeScript still types it as its own AsyncGenerator, so the published types add Python's
// protocol to it (SPEC §2.1): __anext__/asend/athrow raise StopAsyncIteration at the end.
declare global {
  interface AsyncGenerator<T = unknown, TReturn = any, TNext = any> {
    /** Python's __aiter__(): the generator itself. */
    __aiter__(): this;
    /** Python's __anext__(): the next value; raises StopAsyncIteration when exhausted. */
    __anext__(): Promise<T>;
    /** Python's asend(value): resumes the generator with `value`, returns the next yielded value. */
    asend(value: TNext): Promise<T>;
    /** Python's athrow(exc): raises `exc` at the paused yield, returns the next yielded value. */
    athrow(exc: unknown): Promise<T>;
    /** Python's aclose(): throws GeneratorExit in, runs its finally blocks. */
    aclose(): Promise<void>;
  }
}
export * as py from "./py/builtins.js";
// Streams, transports and protocols, sockets and TLS (runtime/node_events.ts is the Node host).
export { StreamReader, StreamWriter, StreamReaderProtocol, FlowControlMixin, open_connection, start_server, open_unix_connection, start_unix_server } from "./streams.js";
export { BaseTransport, ReadTransport, WriteTransport, Transport, DatagramTransport, SubprocessTransport } from "./transports.js";
export { BaseProtocol, Protocol, BufferedProtocol, DatagramProtocol, SubprocessProtocol } from "./protocols.js";
// Subprocesses and pipes (runtime/unix_events.ts is the Node host for pipes and child processes).
export { create_subprocess_exec, create_subprocess_shell, Process, subprocess, type CreateSubprocessOptions } from "./subprocess.js";
export { open_node_reader, open_node_writer, to_node_readable, to_node_writable } from "./node_streams.js";
export { Server } from "./server.js";
export { TransportSocket } from "./trsock.js";
export * as ssl from "./ssl.js";
export * as socket from "./socket.js";
export { bytes, decode } from "./py/bytes.js";
