// Phase 1: parse. TypeScript's own parser (the one TypeScript copy asyncts uses, shared with
// ts-blank-space and `check`); syntax errors become diagnostics, never exceptions.
import ts from "typescript";
import { readFileSync } from "node:fs";
import { fromTs, type Diagnostic } from "../diagnostics.js";

export interface Parsed {
  file: ts.SourceFile;
  diagnostics: Diagnostic[];
}

export function parse(fileName: string, text: string): Parsed {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, scriptKindOf(fileName));
  const parseDiagnostics: ts.DiagnosticWithLocation[] = (file as any).parseDiagnostics ?? [];
  return { file, diagnostics: parseDiagnostics.map((d) => fromTs(d, text)) };
}

function scriptKindOf(fileName: string): ts.ScriptKind {
  if (fileName.endsWith(".tsx")) return ts.ScriptKind.TSX;
  if (fileName.endsWith(".js") || fileName.endsWith(".mjs")) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** Files that other files import, parsed once (for following re-exports); null if unreadable. */
const dependencies = new Map<string, ts.SourceFile | null>();

export function parseDependency(fileName: string): ts.SourceFile | null {
  let sf = dependencies.get(fileName);
  if (sf !== undefined) return sf;
  try {
    sf = ts.createSourceFile(fileName, readFileSync(fileName, "utf8"), ts.ScriptTarget.ES2022, true, scriptKindOf(fileName));
  } catch {
    sf = null;
  }
  dependencies.set(fileName, sf);
  return sf;
}

/** Forgets parsed dependencies (a watcher or a long-lived process calls it when files change). */
export function clearDependencyCache(): void {
  dependencies.clear();
}
