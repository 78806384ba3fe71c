// Phase 1: parse. A ts-morph project holds the source files (read-only from here on);
// syntax errors become diagnostics, never exceptions.
import { Project, ts, type SourceFile } from "ts-morph";
import { fromTs, type Diagnostic } from "../diagnostics.js";

let sharedProject: Project | null = null;

/** One project for the process: parsing is per file, nothing is type-checked here. */
export function getProject(): Project {
  sharedProject ??= new Project({
    useInMemoryFileSystem: false,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, allowJs: true, jsx: ts.JsxEmit.Preserve },
  });
  return sharedProject;
}

export interface Parsed {
  file: SourceFile;
  diagnostics: Diagnostic[];
}

export function parse(fileName: string, text: string): Parsed {
  const file = getProject().createSourceFile(fileName, text, { overwrite: true, scriptKind: scriptKindOf(fileName) });
  const parseDiagnostics: ts.DiagnosticWithLocation[] = (file.compilerNode as any).parseDiagnostics ?? [];
  return { file, diagnostics: parseDiagnostics.map((d) => fromTs(d, text)) };
}

function scriptKindOf(fileName: string): ts.ScriptKind {
  if (fileName.endsWith(".tsx")) return ts.ScriptKind.TSX;
  if (fileName.endsWith(".js") || fileName.endsWith(".mjs")) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** Parses a file that another file imports (for following re-exports); null if unreadable. */
export function parseDependency(fileName: string): SourceFile | null {
  const project = getProject();
  const existing = project.getSourceFile(fileName);
  if (existing) return existing;
  try {
    return project.addSourceFileAtPathIfExists(fileName) ?? null;
  } catch {
    return null;
  }
}
