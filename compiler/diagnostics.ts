// Every asyncts diagnostic code with its message, and tsc-style formatting
// (`file:line:col - error ASY1234: message`, a code frame, a count at the end).
import ts from "typescript";

export type { Severity, Diagnostic } from "./diagnostic.js";
import type { Severity, Diagnostic } from "./diagnostic.js";

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
  declarationAfterModuleAwaitUsing: {
    code: "ASY2006",
    severity: "error",
    text: () => "An import or export after a module-level 'await using': its scope runs to the end of the file, where imports and exports cannot stay at the top level. Move this declaration before the 'await using'.",
  },
  nestingTooDeep: {
    code: "ASY2005",
    severity: "error",
    text: (what: string) => `This code nests too deeply to compile (${what}). Split it into smaller functions or expressions.`,
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
  // tsc's own grammar errors (its checker reports them; run and build do not load the
  // checker), with tsc's codes and messages: V8 would reject these programs.
  returnOutsideFunction: { code: "TS1108", severity: "error", text: () => "A 'return' statement can only be used within a function body." },
  duplicateLabel: { code: "TS1114", severity: "error", text: (l: string) => `Duplicate label '${l}'.` },
  jumpTargetMissing: {
    code: "TS1116",
    severity: "error",
    text: () => "A 'break' statement can only jump to a label of an enclosing statement.",
  },
  continueTargetNotLoop: { code: "TS1115", severity: "error", text: () => "A 'continue' statement can only jump to a label of an enclosing iteration statement." },
  awaitOutsideAsync: { code: "TS1308", severity: "error", text: () => "'await' expressions are only allowed within async functions and at the top levels of modules." },
  forAwaitOutsideAsync: { code: "TS1103", severity: "error", text: () => "'for await' loops are only allowed within async functions and at the top levels of modules." },
  yieldOutsideGenerator: { code: "TS1163", severity: "error", text: () => "A 'yield' expression is only allowed in a generator body." },
  importNotTopLevel: { code: "TS1232", severity: "error", text: () => "An import declaration can only be used at the top level of a namespace or module." },
  exportNotTopLevel: { code: "TS1233", severity: "error", text: () => "An export declaration can only be used at the top level of a namespace or module." },
  modifiersNotHere: { code: "TS1184", severity: "error", text: () => "Modifiers cannot appear here." },
  emptyDeclarationList: { code: "TS1123", severity: "error", text: () => "Variable declaration list cannot be empty." },
  constWithoutInitializer: { code: "TS1155", severity: "error", text: (kw: string) => `'${kw}' declarations must be initialized.` },
  privateNameOutsideClass: { code: "TS18016", severity: "error", text: () => "Private identifiers are not allowed outside class bodies." },
  lineBreakAfterThrow: { code: "TS1142", severity: "error", text: () => "Line break not permitted here." },
  stringLiteralExpected: { code: "TS1141", severity: "error", text: () => "String literal expected." },
  notAssignable: { code: "TS2364", severity: "error", text: () => "The left-hand side of an assignment expression must be a variable or a property access." },
  notUpdatable: { code: "TS2357", severity: "error", text: () => "The operand of an increment or decrement operator must be a variable or a property access." },
  awaitUsingOutsideAsync: { code: "TS2852", severity: "error", text: () => "'await using' statements are only allowed within async functions and at the top levels of modules." },
  classNeedsName: { code: "TS1211", severity: "error", text: () => "A class declaration without the 'default' modifier must have a name." },
  newTargetOutsideFunction: { code: "TS17013", severity: "error", text: () => "Meta-property 'new.target' is only allowed in the body of a function declaration, function expression, or constructor." },
  breakOutsideLoop: { code: "TS1105", severity: "error", text: () => "A 'break' statement can only be used within an enclosing iteration or switch statement." },
  continueOutsideLoop: { code: "TS1104", severity: "error", text: () => "A 'continue' statement can only be used within an enclosing iteration statement." },
  restNotLast: { code: "TS1014", severity: "error", text: () => "A rest parameter must be last in a parameter list." },
  restTrailingComma: { code: "TS1013", severity: "error", text: () => "A rest parameter or binding pattern may not have a trailing comma." },
  restParameterInitializer: { code: "TS1048", severity: "error", text: () => "A rest parameter cannot have an initializer." },
  restElementInitializer: { code: "TS1186", severity: "error", text: () => "A rest element cannot have an initializer." },
  setterParameterCount: { code: "TS1049", severity: "error", text: () => "A 'set' accessor must have exactly one parameter." },
  setterRest: { code: "TS1053", severity: "error", text: () => "A 'set' accessor cannot have rest parameter." },
  getterParameters: { code: "TS1054", severity: "error", text: () => "A 'get' accessor cannot have parameters." },
  superCallNotInConstructor: { code: "TS2337", severity: "error", text: () => "Super calls are not permitted outside constructors or in nested functions inside constructors." },
  superNotDerived: { code: "TS2335", severity: "error", text: () => "'super' can only be referenced in a derived class." },
  superOutsideMember: { code: "TS2660", severity: "error", text: () => "'super' can only be referenced in members of derived classes or object literal expressions." },
  superInComputedName: { code: "TS2466", severity: "error", text: () => "'super' cannot be referenced in a computed property name." },
  modifierCannotBeUsedHere: { code: "TS1042", severity: "error", text: (m: string) => `'${m}' modifier cannot be used here.` },
  modifierOnModuleElement: { code: "TS1044", severity: "error", text: (m: string) => `'${m}' modifier cannot appear on a module or namespace element.` },
  lineBreakBeforeArrow: { code: "TS1200", severity: "error", text: () => "Line terminator not permitted before arrow." },
  dynamicImportArguments: { code: "TS1450", severity: "error", text: () => "Dynamic imports can only accept a module specifier and an optional set of attributes as arguments" },
  dynamicImportSpread: { code: "TS1325", severity: "error", text: () => "Argument of dynamic import cannot be spread element." },
  multipleConstructors: { code: "TS2392", severity: "error", text: () => "Multiple constructor implementations are not allowed." },
  optionalChainAssigned: { code: "TS2779", severity: "error", text: () => "The left-hand side of an assignment expression may not be an optional property access." },
  optionalChainUpdated: { code: "TS2777", severity: "error", text: () => "The operand of an increment or decrement operator may not be an optional property access." },
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
