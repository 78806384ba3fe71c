// A loop that checks its own invariants after every iteration, in the manner of
// magic-string's integrity-checking subclass (ARCHITECTURE.md, habit 11). Importing this
// module makes it the class new_event_loop() — and so asyncio.run() and Runner — uses:
//
//   node --import asyncts/dist/runtime/checked_events.js dist/cli/main.js run main.ts
//
// test/fixtures-checked.test.ts runs the whole fixture suite so. A broken invariant raises
// an AssertionError out of the loop (the program dies with it), naming the invariant.
//
// What is checked, after every _run_once iteration:
// - the timer heap: the heap property, every entry flagged _scheduled, no entry twice;
// - the cancelled-timer count: it equals the cancelled timers still in the heap, plus
//   those CPython's loop moves to the ready queue uncounted (a cancelled timer that
//   surfaces behind a due one: base_events.py does not decrement for it either), until the
//   big clean-up resets both;
// - the ready queue is a FIFO (checked against a plain array kept beside it), and an
//   iteration runs exactly the entries ready when it started plus the timers that fell due;
// - no Handle runs twice (a signal's handle excepted: CPython re-queues it per signal), and
//   no Task or Future sits in the ready queue twice at once (that would be a double step);
// - the clock never goes back.
import { SelectorEventLoop } from "./unix_events.js";
import { Handle, TimerHandle, _set_loop_factory, type ReadyEntry } from "./events.js";
import { Deque } from "./py/deque.js";

class AssertionError extends Error {
  override name = "AssertionError";
}

/** The ready queue, watched: every push and shift is checked against a plain array. A
 * problem is noted, not thrown (a push happens inside callbacks, whose errors the loop
 * reports and swallows); the loop throws at the end of the iteration. */
class CheckedReady extends Deque<ReadyEntry> {
  readonly problems: string[] = [];
  /** the same entries, in order, from index `start` */ private ref: ReadyEntry[] = [];
  private start = 0;
  /** Tasks and Futures queued now: one may be queued again only once it ran */ private queued = new Set<ReadyEntry>();
  // Per iteration (reset by the loop):
  /** entries shifted; before the first, only due timers are pushed */ shifted = 0;
  pushedBeforeShift = 0;
  /** Handles run */ runs: Handle[] = [];
  /** cancelled timers moved from the heap without being counted (until the big clean-up) */ uncountedCancelledTimers = 0;

  check(ok: boolean, what: string): void {
    if (!ok) this.problems.push(what);
  }

  override push(entry: ReadyEntry): void {
    super.push(entry);
    this.ref.push(entry);
    if (!(entry instanceof Handle)) {
      this.check(!this.queued.has(entry), `${entry.__repr__()} queued twice`);
      this.queued.add(entry);
    }
    if (this.shifted === 0) {
      this.pushedBeforeShift += 1;
      if (entry instanceof TimerHandle && entry._cancelled) this.uncountedCancelledTimers += 1;
    }
  }

  override shift(): ReadyEntry | undefined {
    const entry = super.shift();
    if (entry === undefined) {
      this.check(this.start === this.ref.length, "the ready queue lost entries");
      return entry;
    }
    this.check(entry === this.ref[this.start], "the ready queue is not FIFO");
    this.start += 1;
    if (this.start > 1024 && this.start * 2 > this.ref.length) {
      this.ref = this.ref.slice(this.start);
      this.start = 0;
    }
    this.queued.delete(entry);
    this.shifted += 1;
    if (entry instanceof Handle && !entry._cancelled) this.runs.push(entry);
    return entry;
  }

  override clear(): void {
    super.clear();
    this.ref = [];
    this.start = 0;
    this.queued.clear();
  }
}

/** The loop class new_event_loop() makes once this module is imported (see the header). */
export class CheckedEventLoop extends SelectorEventLoop {
  private _checked = new CheckedReady();
  private _ran = new WeakSet<Handle>();
  private _last_time = -Infinity;
  private _last_heap: TimerHandle[] | null = null;

  constructor(opts: { clock?: "real" | "virtual" } = {}) {
    super(opts);
    this._ready = this._checked;
  }

  protected override _run_ready(): void {
    const ready = this._checked;
    const now = this.time();
    ready.check(now >= this._last_time, `the clock went back from ${this._last_time} to ${now}`);
    this._last_time = now;
    // The big clean-up in _prepare (a new heap array) resets the count.
    if (this._scheduled !== this._last_heap) ready.uncountedCancelledTimers = 0;
    const before = ready.length;
    ready.shifted = 0;
    ready.pushedBeforeShift = 0;
    ready.runs.length = 0;
    super._run_ready();
    ready.check(ready.shifted === before + ready.pushedBeforeShift, `an iteration ran ${ready.shifted} entries, ${before + ready.pushedBeforeShift} were ready`);
    const signals = new Set([...(this._signal_handlers?.values() ?? [])].map((e) => e.handle));
    for (const h of ready.runs) {
      if (signals.has(h)) continue;
      ready.check(!this._ran.has(h), `${h.__repr__()} ran twice`);
      this._ran.add(h);
    }
    this._check_heap();
    if (ready.problems.length) throw new AssertionError(`checked loop: ${ready.problems.join("; ")}`);
  }

  private _check_heap(): void {
    const heap = this._scheduled;
    const ready = this._checked;
    this._last_heap = heap;
    const seen = new Set<TimerHandle>();
    let cancelled = 0;
    for (let i = 0; i < heap.length; i++) {
      const h = heap[i];
      if (i > 0) ready.check(heap[(i - 1) >> 1]._when <= h._when, `heap property broken at ${i}`);
      ready.check(h._scheduled, `a timer in the heap is not flagged _scheduled: ${h.__repr__()}`);
      ready.check(!seen.has(h), `a timer is in the heap twice: ${h.__repr__()}`);
      seen.add(h);
      if (h._cancelled) cancelled += 1;
    }
    const uncounted = ready.uncountedCancelledTimers;
    ready.check(this._timer_cancelled_count === cancelled + uncounted,
      `cancelled-timer count ${this._timer_cancelled_count}, but ${cancelled} cancelled in the heap and ${uncounted} moved uncounted`);
  }
}

_set_loop_factory(() => new CheckedEventLoop());
