// Every asyncts diagnostic code with its message, and tsc-style formatting
// (`file:line:col - error ASY1234: message`, a code frame, a count at the end).
import ts from "typescript";

export type Severity = "error" | "warning";

export interface Diagnostic {
  code: string; // "ASY2001" or "TS1005"
  severity: Severity;
  message: string;
  file?: string;
  start?: number;
  length?: number;
  /** the file's text, for the code frame */
  source?: string;
  /** other places the message refers to (tsc's relatedInformation) */
  related?: { file?: string; start?: number; length?: number; source?: string; message: string }[];
}

/** The catalogue: one place that says what each code means. */
export const codes = {
  // The command line (cli/): usage, files, projects.
  usage: { code: "ASY1000", severity: "error", text: (m: string) => m },
  fileNotFound: { code: "ASY1001", severity: "error", text: (f: string) => `File '${f}' not found.` },
  tsconfigNotFound: { code: "ASY1002", severity: "error", text: (p: string) => `Cannot find a tsconfig.json at '${p}'. Pass one with -p.` },
  noInputFiles: { code: "ASY1003", severity: "error", text: (p: string) => `No input files found for '${p}' (check "include"/"files").` },
  // The compiler.
  topLevelAwait: {
    code: "ASY2001",
    severity: "error",
    text: () => "'await' at module level: there is no running event loop here. Move it into an async function and start it with asyncio.run(...).",
  },
  runInSyncFunction: {
    code: "ASY2002",
    severity: "warning",
    text: (api: string) => `'${api}(...)' in a synchronous function returns a Promise: the code after it runs before the loop has finished. Call it at module level, or await it.`,
  },
  asyncGenDelegation: {
    code: "ASY2003",
    severity: "error",
    text: () => "'yield*' in an async generator is not supported (Python has no 'yield from' in async generators either). Use 'for await (const x of it) yield x;'.",
  },
  awaitUsingPlacement: {
    code: "ASY2004",
    severity: "error",
    text: () => "'await using' must be a statement inside a block or at module level.",
  },
  emitFailed: { code: "ASY3001", severity: "error", text: (m: string) => `Cannot emit JavaScript: ${m}` },
  // asyncio lints (compiler/lints/<rule>.ts; run by check and build; `// asyncts-ignore ASY31xx` silences a line)
  unawaitedCoroutine: {
    code: "ASY3101", severity: "warning",
    text: (call: string) => `'${call}' creates a coroutine and drops it: its body never runs. Add 'await', or keep a task: 'asyncio.create_task(${call})'.`,
  },
  asyncCallbackIgnored: {
    code: "ASY3102", severity: "warning",
    text: (api: string) => `This async callback is called by '${api}', which ignores what it returns: the coroutine it makes never runs. Use 'for (const x of ...) await f(x)', or start a task inside a plain callback: '() => { tasks.add(asyncio.create_task(f())); }'.`,
  },
  droppedTask: {
    code: "ASY3103", severity: "warning",
    text: (api: string) => `The task from '${api}(...)' is not kept: the loop holds tasks only weakly, and its exception is never seen. Keep it ('const t = ${api}(...)', a Set of tasks) and await it, or use an asyncio.TaskGroup.`,
  },
  swallowedCancel: {
    code: "ASY3104", severity: "warning",
    text: () => `This catch around 'await' also catches asyncio.CancelledError and swallows it, so the task cannot be cancelled. Re-throw it: 'if (e instanceof asyncio.CancelledError) throw e;'.`,
  },
  blockingCall: {
    code: "ASY3105", severity: "warning",
    text: (call: string) => `'${call}' blocks the event loop inside a coroutine: every other task waits for it. Use the non-blocking API (node:fs/promises, asyncio.create_subprocess_exec, asyncio.sleep) or 'await asyncio.to_thread(...)'.`,
  },
  promiseCombinator: {
    code: "ASY3106", severity: "warning",
    text: (api: string) => `'Promise.${api}' over coroutines or tasks goes around the event loop's ordering and cancellation. Use ${api === "race" || api === "any" ? "'asyncio.wait(..., { return_when: asyncio.FIRST_COMPLETED })'" : "'asyncio.gather(...)'"} instead.`,
  },
  nativeTimer: {
    code: "ASY3107", severity: "warning",
    text: (api: string) => `'${api}' inside a coroutine schedules outside the event loop (Node's ${api === "queueMicrotask" || api === "process.nextTick" ? "microtasks" : "timers"}), out of asyncio's order. Use ${api === "setTimeout" || api === "setInterval" ? "'loop.call_later(...)' or 'await asyncio.sleep(...)'" : "'loop.call_soon(...)'"}.`,
  },
  runInCoroutine: {
    code: "ASY3108", severity: "error",
    text: (api: string) => `'${api}(...)' cannot be called from a running event loop (CPython raises RuntimeError here). Await the coroutine instead: 'await main()'.`,
  },
  moduleRunValue: {
    code: "ASY3109", severity: "warning",
    text: (api: string) => `asyncts awaits a module-level '${api}(...)', so this value is its result, not the Promise its type says. Write 'await ${api}(...)' so types and run time agree.`,
  },
} as const;

type Catalogue = typeof codes;
export function diag<K extends keyof Catalogue>(
  key: K,
  where: { file?: string; start?: number; length?: number; source?: string },
  ...args: Parameters<Catalogue[K]["text"]>
): Diagnostic {
  const entry = codes[key];
  return { code: entry.code, severity: entry.severity as Severity, message: (entry.text as (...a: unknown[]) => string)(...args), ...where };
}

/** Converts TypeScript's own diagnostics (syntax errors, type errors) to ours, keeping their TS code. */
export function fromTs(d: ts.Diagnostic, source?: string): Diagnostic {
  return {
    code: `TS${d.code}`,
    severity: d.category === ts.DiagnosticCategory.Warning ? "warning" : "error",
    message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
    file: d.file?.fileName,
    start: d.start,
    length: d.length,
    source: source ?? d.file?.text,
    related: d.relatedInformation?.map((r) => ({
      file: r.file?.fileName, start: r.start, length: r.length, source: r.file?.text,
      message: ts.flattenDiagnosticMessageText(r.messageText, "\n"),
    })),
  };
}

export { formatDiagnostic, formatDiagnostics, type FormatOptions } from "./format.js";

export function hasErrors(list: Diagnostic[]): boolean {
  return list.some((d) => d.severity === "error");
}

/** `asyncts port`'s codes (ASY4xxx): what the porter cannot translate faithfully, and what to do. */
export const portCodes: Record<number, string> = {
  4000: "Python syntax error",
  4001: "construct not translated",
  4002: "keyword argument in an unexpected position",
  4003: "slice outside a subscript",
  4004: "multi-dimensional subscript",
  4005: "operator not translated",
  4006: "**kwargs parameter",
  4007: "keyword-only parameters after *args",
  4008: "built-in without a faithful translation",
  4009: "blocking call in a coroutine",
  4010: "integer beyond 2**53",
  4011: "nested format spec",
  4012: "random numbers",
  4013: "module not translated",
  4014: "wildcard import",
  4015: "class keyword arguments",
  4016: "multiple inheritance",
  4017: "decorator not translated",
  4018: "class body statement not translated",
  4019: "bare raise outside an except block",
  4020: "plain function that drives the event loop",
};
