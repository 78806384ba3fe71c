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
  };
}

function lineCol(text: string, pos: number): [number, number] {
  let line = 0, last = 0;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i + 1;
    }
  }
  return [line, pos - last];
}

export interface FormatOptions {
  color?: boolean;
  cwd?: string;
}

const paint = (on: boolean, code: string, s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

/** One diagnostic as tsc prints it (--pretty): location, severity, code, message, code frame. */
export function formatDiagnostic(d: Diagnostic, opts: FormatOptions = {}): string {
  const color = opts.color ?? false;
  const sev = paint(color, d.severity === "error" ? "91" : "93", d.severity);
  const code = paint(color, "90", `${d.code}:`);
  if (!d.file) return `${sev} ${code} ${d.message}\n`;
  const rel = opts.cwd && d.file.startsWith(opts.cwd + "/") ? d.file.slice(opts.cwd.length + 1) : d.file;
  if (d.start === undefined || d.source === undefined) return `${paint(color, "96", rel)} - ${sev} ${code} ${d.message}\n`;
  const [line, col] = lineCol(d.source, d.start);
  const head = `${paint(color, "96", rel)}:${paint(color, "93", String(line + 1))}:${paint(color, "93", String(col + 1))} - ${sev} ${code} ${d.message}`;
  const srcLine = d.source.split("\n")[line] ?? "";
  const gutter = String(line + 1);
  const len = Math.max(1, Math.min(d.length ?? 1, srcLine.length - col));
  const frame = [
    "",
    `${paint(color, "7", gutter)} ${srcLine}`,
    `${paint(color, "7", " ".repeat(gutter.length))} ${" ".repeat(col)}${paint(color, d.severity === "error" ? "91" : "93", "~".repeat(len))}`,
    "",
  ].join("\n");
  return `${head}\n${frame}\n`;
}

/** All diagnostics plus tsc's closing count ("Found 2 errors in the same file, starting at: ..."). */
export function formatDiagnostics(list: Diagnostic[], opts: FormatOptions = {}): string {
  let out = list.map((d) => formatDiagnostic(d, opts)).join("");
  const errors = list.filter((d) => d.severity === "error").length;
  const warnings = list.length - errors;
  if (errors) out += `Found ${errors} error${errors === 1 ? "" : "s"}.\n`;
  else if (warnings) out += `Found ${warnings} warning${warnings === 1 ? "" : "s"}.\n`;
  return out;
}

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
