// Phase 4: emit. Fast path: the rewrite was applied to the source with its types blanked
// (ts-blank-space, in the analysis), so it is already JavaScript and its magic-string map
// points straight at the DSL file. Otherwise TypeScript strips the types (transpileModule:
// no type check, that is `asyncts check`'s job) and the two source maps — DSL → rewritten TS
// (magic-string) and rewritten TS → JS (TypeScript) — are composed by @jridgewell/remapping.
import ts from "typescript";
import remapping from "@jridgewell/remapping";
import type MagicString from "magic-string";
import { basename, dirname, join } from "node:path";
import { packageTypes, type FileAccess } from "./2-analyze/state.js";

export interface Emitted {
  code: string;
  map: string; // JSON source map, DSL file → JS
  diagnostics: ts.Diagnostic[];
}

export interface EmitOptions {
  fileName: string;
  /** the DSL source (the map's sourcesContent) */ source: string;
  /** the rewrite ran on blanked types: its output is the JavaScript */ fast: boolean;
  compilerOptions?: ts.CompilerOptions;
  files?: FileAccess;
}

/** "module" or "commonjs": the nearest package.json's "type", as Node decides a .js file's format. */
function packageTypeOf(dir: string, files: FileAccess | undefined): string {
  if (!files) return "commonjs";
  const cached = packageTypes.get(dir);
  if (cached) return cached;
  let type = "commonjs";
  const text = files.readFile(join(dir, "package.json"));
  if (text !== undefined) {
    try {
      type = JSON.parse(text).type === "module" ? "module" : "commonjs";
    } catch {}
  } else if (dirname(dir) !== dir) type = packageTypeOf(dirname(dir), files);
  packageTypes.set(dir, type);
  return type;
}

/** The module kind a file is emitted as: Node16/NodeNext follow the file extension and
 * package.json's "type" (TypeScript's impliedNodeFormat; transpileModule alone cannot see it). */
export function moduleKindFor(fileName: string, o: ts.CompilerOptions, files?: FileAccess): ts.ModuleKind {
  const module = o.module ?? ts.ModuleKind.ESNext;
  if (module !== ts.ModuleKind.Node16 && module !== ts.ModuleKind.NodeNext) return module;
  if (/\.mts$/.test(fileName)) return ts.ModuleKind.ESNext;
  if (/\.cts$/.test(fileName)) return ts.ModuleKind.CommonJS;
  return packageTypeOf(dirname(fileName), files) === "module" ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS;
}

/** Targets at or above ES2022 with ES modules can skip TypeScript's emit: types are blanked. */
export function canBlankTypes(fileName: string, o: ts.CompilerOptions, files?: FileAccess): boolean {
  if (/\.tsx$/.test(fileName)) return false; // JSX needs its transform
  const target = o.target ?? ts.ScriptTarget.ES2022;
  const module = moduleKindFor(fileName, o, files);
  const esm = module === ts.ModuleKind.Preserve || (module >= ts.ModuleKind.ES2015 && module <= ts.ModuleKind.ESNext);
  return target >= ts.ScriptTarget.ES2022 && esm && !o.experimentalDecorators;
}

const jsName = (fileName: string) => basename(fileName).replace(/\.(m?)tsx?$/, ".$1js");

export function emit(s: MagicString, o: EmitOptions): Emitted {
  const { fileName, source } = o;
  if (o.fast) {
    const map = s.generateMap({ source: fileName, file: jsName(fileName), includeContent: false, hires: "boundary" });
    map.sourcesContent = [source];
    return { code: s.toString(), map: map.toString(), diagnostics: [] };
  }
  const compilerOptions = o.compilerOptions ?? {};
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
      module: moduleKindFor(fileName, compilerOptions, o.files),
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
  composed.file = jsName(fileName);
  const code = out.outputText.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n");
  return { code, map: JSON.stringify(composed), diagnostics: out.diagnostics ?? [] };
}
