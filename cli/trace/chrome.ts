// A recording as Chrome trace-event JSON (the format Perfetto and chrome://tracing open):
// one process, a track (tid) per task named "Task-N coro()", the loop's own track (tid 0)
// with iterations, callbacks and waits. Times are real microseconds; loop time is in args.
import type { Recording } from "./recorder.js";

export function toChromeTrace(rec: Recording): object {
  const ev: object[] = [];
  const pid = 1;
  ev.push({ name: "process_name", ph: "M", pid, tid: 0, args: { name: "asyncts event loop" } });
  ev.push({ name: "thread_name", ph: "M", pid, tid: 0, args: { name: "event loop" } });
  ev.push({ name: "thread_sort_index", ph: "M", pid, tid: 0, args: { sort_index: 0 } });
  for (const t of rec.tasks) {
    ev.push({ name: "thread_name", ph: "M", pid, tid: t.id, args: { name: `${t.name} ${t.coro}` } });
    ev.push({ name: "thread_sort_index", ph: "M", pid, tid: t.id, args: { sort_index: t.id } });
  }
  const names = new Map(rec.tasks.map((t) => [t.id, t.name]));
  for (const it of rec.iterations) {
    ev.push({ name: `iteration ${it.i}`, cat: "loop", ph: "i", s: "p", ts: it.us, pid, tid: 0, args: { iteration: it.i, loop_time: it.t, ready: it.ready, timers: it.timers } });
  }
  for (const s of rec.steps) {
    ev.push({ name: `${names.get(s.task)} step`, cat: "task", ph: "X", ts: s.us, dur: Math.max(s.dur, 0.1), pid, tid: s.task, args: { task: names.get(s.task), iteration: s.iter, then: s.awaited, outcome: s.outcome } });
  }
  for (const m of rec.marks) {
    if (m.dur !== undefined && m.kind !== "timer") ev.push({ name: m.label, cat: m.kind, ph: "X", ts: m.us, dur: Math.max(m.dur, 0.1), pid, tid: 0, args: { iteration: m.iter } });
    else ev.push({ name: m.label, cat: m.kind, ph: "i", s: "t", ts: m.us, pid, tid: 0, args: { iteration: m.iter } });
  }
  return { traceEvents: ev, displayTimeUnit: "ms", otherData: { clock: rec.clock, truncated: rec.truncated, counts: rec.counts } };
}
