// Call-graph introspection (asyncio/graph.py, CPython 3.14): who awaits whom.
//
// CPython records "awaited by" links as tasks await (future_add_to_awaited_by). asyncts
// derives them when asked instead, so the hot path pays nothing: a future F is awaited by
// every pending task of its loop whose _fut_waiter is F, or is a gather() future with F
// among its children (3.14's gather records the calling task as each child's awaiter).
// A task's call stack is its coroutine frames (tasks.ts links them from _top through each frame's _owner);
// generator frames carry no line numbers, so a frame prints as `in async name()` with the
// coroutine's name only, where CPython prints `File '...', line N, in async name()`.
// Not linked: TaskGroup children to the parent waiting in __aexit__ (the group is not
// reachable from its tasks), shield() and wait() internals.
import { Future } from "./futures.js";
import { Task, current_task, all_tasks } from "./tasks.js";
import { _get_running_loop } from "./events.js";
import { RuntimeError } from "./py/exceptions.js";
import { repr } from "./py/format.js";
import { writeStdout } from "./host.js";

/** A frame of a call stack: here, a coroutine (its __name__ is the function's name). */
export class FrameCallGraphEntry {
  constructor(readonly frame: { __name__: string }) {}
}

export class FutureCallGraph {
  constructor(
    readonly future: Future<any>,
    readonly call_stack: readonly FrameCallGraphEntry[],
    readonly awaited_by: readonly FutureCallGraph[],
  ) {}
}

type GraphOptions = { depth?: number; limit?: number | null };

// Stable ids for the `id=0x...` CPython prints (JS has no addresses).
const ids = new WeakMap<object, number>();
let nextId = 0x1000;
/** @internal */ export function _object_id(o: object): number {
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = nextId += 0x10));
  return id;
}

/** @internal The pending tasks of fut's loop that await fut (directly, or through gather). */
export function _awaiters(fut: Future<any>): Task<any>[] {
  const out: Task<any>[] = [];
  let tasks: Set<Task<any>>;
  try {
    tasks = all_tasks(fut.get_loop());
  } catch {
    return out;
  }
  for (const t of tasks) {
    const w = t._fut_waiter as any;
    if (w === null) continue;
    if (w === fut || (Array.isArray(w._children) && w._children.includes(fut))) out.push(t);
  }
  return out;
}

/** A task's coroutine frames, innermost (top) first, as CPython lists them. */
function stackOf(fut: Future<any>): FrameCallGraphEntry[] {
  if (!(fut instanceof Task)) return [];
  return fut.get_stack().reverse().map((c) => new FrameCallGraphEntry(c));
}

function build(fut: Future<any>, seen: Set<Future<any>>): FutureCallGraph {
  if (!(fut instanceof Future)) throw new TypeError(`${repr(fut)} object does not appear to be compatible with asyncio.Future`);
  seen.add(fut);
  const awaited = _awaiters(fut).filter((t) => !seen.has(t)).map((t) => build(t, seen));
  return new FutureCallGraph(fut, stackOf(fut), awaited);
}

function limitStack(g: FutureCallGraph, limit: number | null | undefined): FutureCallGraph {
  if (limit == null) return g;
  const st = limit === 0 ? [] : limit > 0 ? g.call_stack.slice(-limit) : g.call_stack.slice(0, -limit);
  return new FutureCallGraph(g.future, st, g.awaited_by.map((a) => limitStack(a, limit)));
}

/**
 * The call graph of `future` (default: the current task): its call stack and, recursively,
 * the tasks awaiting it. null when called with no future outside any task. `depth` (frames
 * to skip at the top of the current task's stack) is accepted for the signature: a task's
 * frames here are coroutines only, so there is no synchronous frame to skip.
 */
export function capture_call_graph(future: Future<any> | null = null, opts: GraphOptions = {}): FutureCallGraph | null {
  const loop = _get_running_loop();
  if (future === null) {
    if (loop === null) throw new RuntimeError("capture_call_graph() is called outside of a running event loop and no *future* to introspect was provided");
    future = current_task(loop);
    if (future === null) return null;
  }
  return limitStack(build(future, new Set()), opts.limit);
}

/** The call graph rendered as CPython 3.14's format_call_graph does (see the header for the frame lines). */
export function format_call_graph(future: Future<any> | null = null, opts: GraphOptions = {}): string {
  const g = capture_call_graph(future, opts);
  if (g === null) return "";
  const buf: string[] = [];
  const level = (st: FutureCallGraph, n: number): void => {
    const add = (line: string) => buf.push("    ".repeat(n) + line);
    const f = st.future;
    add(f instanceof Task ? `* Task(name=${repr(f.get_name())}, id=0x${_object_id(f).toString(16)})` : `* Future(id=0x${_object_id(f).toString(16)})`);
    if (st.call_stack.length) {
      add("  + Call stack:");
      for (const e of st.call_stack) add(`  |   in async ${e.frame.__name__}()`);
    }
    if (st.awaited_by.length) {
      add("  + Awaited by:");
      for (const a of st.awaited_by) level(a, n + 1);
    }
  };
  level(g, 0);
  return buf.join("\n");
}

export function print_call_graph(future: Future<any> | null = null, opts: GraphOptions & { file?: { write(s: string): unknown } | null } = {}): void {
  const text = format_call_graph(future, opts);
  if (!text) return;
  if (opts.file) opts.file.write(text + "\n");
  else writeStdout(text + "\n");
}
