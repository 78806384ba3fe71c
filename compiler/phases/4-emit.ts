// Phase 4: emit. TypeScript strips types (transpileModule: no type check, that is
// `asyncts check`'s job); the two source maps — DSL → rewritten TS (magic-string) and
// rewritten TS → JS (TypeScript) — are composed into one, DSL → JS, by @jridgewell/remapping.
import ts from "typescript";
import remapping from "@jridgewell/remapping";
import type MagicString from "magic-string";
import { basename, dirname, join } from "node:path";
import { existsSync, readFileSync } from "node:fs";
import { blankSourceFile } from "ts-blank-space";

export interface Emitted {
  code: string;
  map: string; // JSON source map, DSL file → JS
  diagnostics: ts.Diagnostic[];
}

const packageTypes = new Map<string, string>();

/** "module" or "commonjs": the nearest package.json's "type", as Node decides a .js file's format. */
function packageTypeOf(dir: string): string {
  const cached = packageTypes.get(dir);
  if (cached) return cached;
  let type = "commonjs";
  const pj = join(dir, "package.json");
  if (existsSync(pj)) {
    try {
      type = JSON.parse(readFileSync(pj, "utf8")).type === "module" ? "module" : "commonjs";
    } catch {}
  } else if (dirname(dir) !== dir) type = packageTypeOf(dirname(dir));
  packageTypes.set(dir, type);
  return type;
}

/** The module kind a file is emitted as: Node16/NodeNext follow the file extension and
 * package.json's "type" (TypeScript's impliedNodeFormat; transpileModule alone cannot see it). */
export function moduleKindFor(fileName: string, o: ts.CompilerOptions): ts.ModuleKind {
  const module = o.module ?? ts.ModuleKind.ESNext;
  if (module !== ts.ModuleKind.Node16 && module !== ts.ModuleKind.NodeNext) return module;
  if (/\.mts$/.test(fileName)) return ts.ModuleKind.ESNext;
  if (/\.cts$/.test(fileName)) return ts.ModuleKind.CommonJS;
  return packageTypeOf(dirname(fileName)) === "module" ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS;
}

/** Targets at or above ES2022 with ES modules can skip TypeScript's emit: types are blanked. */
export function canBlankTypes(fileName: string, o: ts.CompilerOptions): boolean {
  if (/\.tsx$/.test(fileName)) return false; // JSX needs its transform
  const target = o.target ?? ts.ScriptTarget.ES2022;
  const module = moduleKindFor(fileName, o);
  const esm = module === ts.ModuleKind.Preserve || (module >= ts.ModuleKind.ES2015 && module <= ts.ModuleKind.ESNext);
  return target >= ts.ScriptTarget.ES2022 && esm && !o.experimentalDecorators;
}

/** The source with every type annotation replaced by spaces (same length, same positions),
 * or null if it uses syntax that needs a real emit (enums, namespaces, parameter properties).
 * ts-blank-space does this from the tree we already parsed: no second parse, no printer. */
export function blankTypes(sf: ts.SourceFile): string | null {
  let unsupported = false;
  const paramModifiers: ts.Node[] = [];
  let text = blankSourceFile(sf as any, (node) => {
    // Parameter properties' modifiers: we blank them here and the rewrite adds the
    // `this.x = x` assignments (phase 2 found them). Anything else needs TypeScript's emit.
    if (ts.isParameter((node as ts.Node).parent) && ts.isConstructorDeclaration((node as ts.Node).parent.parent)) paramModifiers.push(node as ts.Node);
    else unsupported = true;
  });
  if (unsupported) return null;
  for (const m of paramModifiers) {
    const start = m.getStart(sf), end = m.getEnd();
    text = text.slice(0, start) + " ".repeat(end - start) + text.slice(end);
  }
  return text;
}

/** The fast path's result: the rewrite applied to the blanked source is already JavaScript,
 * and its magic-string map points straight at the DSL file (positions never moved). */
export function emitBlanked(s: MagicString, fileName: string, source: string): Emitted {
  const map = s.generateMap({ source: fileName, file: basename(fileName).replace(/\.(m?)tsx?$/, ".$1js"), includeContent: false, hires: "boundary" });
  map.sourcesContent = [source];
  return { code: s.toString(), map: map.toString(), diagnostics: [] };
}

export function emit(s: MagicString, fileName: string, source: string, compilerOptions: ts.CompilerOptions = {}): Emitted {
  const rewritten = s.toString();
  const firstMap = s.generateMap({ source: fileName, file: fileName, includeContent: true, hires: "boundary" });
  const out = ts.transpileModule(rewritten, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      useDefineForClassFields: true,
      jsx: ts.JsxEmit.ReactJSX,
      ...compilerOptions,
      module: moduleKindFor(fileName, compilerOptions),
      sourceMap: true,
      inlineSourceMap: false,
      inlineSources: false,
      declaration: false,
      noEmit: false,
    },
  });
  const jsMap = JSON.parse(out.sourceMapText!);
  const composed = remapping([jsMap, firstMap as any], () => null);
  composed.sources = [fileName];
  composed.sourcesContent = [source];
  composed.file = basename(fileName).replace(/\.(m?)tsx?$/, ".$1js");
  const code = out.outputText.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n");
  return { code, map: JSON.stringify(composed), diagnostics: out.diagnostics ?? [] };
}
