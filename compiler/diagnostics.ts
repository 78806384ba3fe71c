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
  emitFailed: { code: "ASY3001", severity: "error", text: (m: string) => `Cannot emit JavaScript: ${m}` },
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
