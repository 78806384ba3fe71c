// Phase 1: parse. TypeScript's own parser (the one TypeScript copy asyncts uses, shared with
// ts-blank-space and `check`), then its binder, for the errors tsc reports before type
// checking (a duplicate `let`, strict-mode errors). Syntax errors become diagnostics, never
// exceptions — also input nested deeper than the parser's recursion can take.
import ts from "typescript";
import { fromTs, diag, type Diagnostic } from "../diagnostics.js";

export interface Parsed {
  file: ts.SourceFile;
  diagnostics: Diagnostic[];
}

/** A stack overflow in TypeScript or in our code: the input nests too deeply. */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

export function parse(fileName: string, text: string): Parsed {
  let file: ts.SourceFile;
  try {
    // parent links: the binder sets them as it walks (JSDoc included); without it, set below
    file = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, false, scriptKindOf(fileName));
  } catch (e) {
    if (!isStackOverflow(e)) throw e;
    const empty = ts.createSourceFile(fileName, "", ts.ScriptTarget.ES2022, true, scriptKindOf(fileName));
    return { file: empty, diagnostics: [diag("nestingTooDeep", { file: fileName, start: 0, length: 0, source: text }, "TypeScript's parser ran out of stack")] };
  }
  const parseDiagnostics: ts.DiagnosticWithLocation[] = (file as any).parseDiagnostics ?? [];
  const diagnostics = parseDiagnostics.map((d) => fromTs(d, text));
  let bound = false;
  if (!diagnostics.length) {
    // ES modules are strict: bind as such (the output is a module).
    try {
      (ts as any).bindSourceFile(file, { target: ts.ScriptTarget.ES2022, alwaysStrict: true });
      bound = true;
      for (const d of ((file as any).bindDiagnostics ?? []) as ts.Diagnostic[]) diagnostics.push(fromTs(d, text));
    } catch (e) {
      if (!isStackOverflow(e)) throw e;
      diagnostics.push(diag("nestingTooDeep", { file: fileName, start: 0, length: 0, source: text }, "TypeScript's binder ran out of stack"));
    }
  }
  if (!bound) {
    try {
      (ts as any).setParentRecursive(file, true);
    } catch (e) {
      if (!isStackOverflow(e)) throw e;
    }
  }
  return { file, diagnostics };
}

export function scriptKindOf(fileName: string): ts.ScriptKind {
  if (fileName.endsWith(".tsx")) return ts.ScriptKind.TSX;
  if (fileName.endsWith(".js") || fileName.endsWith(".mjs")) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** A file another file imports (for following re-exports of asyncts): parsed, not bound. */
export function parseDependency(fileName: string, text: string): ts.SourceFile | null {
  try {
    return ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, scriptKindOf(fileName));
  } catch (e) {
    if (isStackOverflow(e)) return null;
    throw e;
  }
}
