// The asyncio API, re-exported (asyncio/__init__.py). index.ts adds the default export.
export * from "./exceptions.js";
export { LookupError } from "./lookup_error.js";
export { print, kw, KwArgs, str, repr, stdout, stderr } from "./format.js";
export { Context, ContextVar, Token, copy_context } from "./contextvars.js";
export { Handle, TimerHandle, get_running_loop, get_event_loop, set_event_loop, new_event_loop, _get_running_loop } from "./events.js";
export { BaseEventLoop, SelectorEventLoop, type ExceptionContext, type ExceptionHandler, type TaskFactory } from "./base_events.js";
export { Future, isfuture } from "./futures.js";
export { Coroutine, iscoroutine, iscoroutinefunction } from "./coroutines.js";
export { Task, create_task, ensure_future, current_task, all_tasks, sleep, gather, eager_task_factory, create_eager_task_factory, type Awaitable, type CreateTaskOptions } from "./tasks.js";
export { run, Runner, type RunnerOptions } from "./runners.js";
export { AsyncGenerator, AsyncContextManager, aiter, anext } from "./asyncgen.js";
export type { BaseEventLoop as AbstractEventLoop } from "./base_events.js";
export * from "./locks.js";
export * from "./queues.js";
export * from "./timeouts.js";
export * from "./taskgroups.js";
export * from "./combinators.js";
