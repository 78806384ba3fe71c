// Phase 4: emit. TypeScript strips types (transpileModule: no type check, that is
// `asyncts check`'s job); the two source maps — DSL → rewritten TS (magic-string) and
// rewritten TS → JS (TypeScript) — are composed into one, DSL → JS, by @jridgewell/remapping.
import { ts } from "ts-morph";
import remapping from "@jridgewell/remapping";
import type MagicString from "magic-string";
import { basename } from "node:path";

export interface Emitted {
  code: string;
  map: string; // JSON source map, DSL file → JS
  diagnostics: ts.Diagnostic[];
}

export function emit(s: MagicString, fileName: string, source: string, compilerOptions: ts.CompilerOptions = {}): Emitted {
  const rewritten = s.toString();
  const firstMap = s.generateMap({ source: fileName, file: fileName, includeContent: true, hires: "boundary" });
  const out = ts.transpileModule(rewritten, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      useDefineForClassFields: true,
      jsx: ts.JsxEmit.ReactJSX,
      ...compilerOptions,
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
