// Which local names are asyncts APIs: follows `import ... from "asyncts"` in every form
// (namespace, default, named with aliases) and re-exports through the user's own modules
// (`export * from "asyncts"`, `export { run as go } from "asyncts"`), never bare names.
import ts from "typescript";
import { dirname, resolve } from "node:path";
import { parseDependency } from "../1-parse.js";
import { exportTables, dependencies, reset, compiledFile } from "./state.js";
import type { Bindings, FileAccess } from "./types.js";

export const RUNTIME_MODULE = "asyncts";

/** What a module exports of asyncts: export name → asyncts name; "*" means everything. */
type ModuleExports = Map<string, string> & { star?: boolean };

const exportCache = exportTables as Map<string, ModuleExports | null>;

function exists(files: FileAccess, path: string): boolean {
  return files.fileExists ? files.fileExists(path) : files.readFile(path) !== undefined;
}

function resolveRelative(from: string, spec: string, files: FileAccess | undefined): string | null {
  if (!spec.startsWith(".") || !files) return null;
  const base = resolve(dirname(from), spec);
  const stem = base.replace(/\.(m?js|jsx)$/, "");
  for (const cand of [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${base}/index.ts`]) {
    if (/\.(ts|tsx|mts)$/.test(cand) && exists(files, cand)) return cand;
  }
  return null;
}

function isRuntime(spec: string): boolean {
  return spec === RUNTIME_MODULE;
}

/** The asyncts names a user module re-exports (followed recursively, cycles cut). */
function exportsOf(fileName: string, seen: Set<string>, files: FileAccess | undefined): ModuleExports | null {
  if (exportCache.has(fileName)) return exportCache.get(fileName)!;
  if (seen.has(fileName) || !files) return null;
  seen.add(fileName);
  let sf = dependencies.get(fileName);
  if (sf === undefined) {
    // the caller's own parse (check's program), a compile's tree of this text, or a new parse
    sf = files.sourceFile?.(fileName) ?? null;
    if (!sf) {
      const text = files.readFile(fileName);
      sf = text === undefined ? null : compiledFile(fileName, text) ?? parseDependency(fileName, text);
    }
    dependencies.set(fileName, sf);
  }
  let result: ModuleExports | null = null;
  if (sf) {
    const out: ModuleExports = new Map();
    const local = collect(sf, fileName, seen, files);
    for (const stmt of sf.statements) {
      if (!ts.isExportDeclaration(stmt) || !stmt.moduleSpecifier || !ts.isStringLiteral(stmt.moduleSpecifier)) {
        if (ts.isExportDeclaration(stmt) && !stmt.moduleSpecifier && stmt.exportClause && ts.isNamedExports(stmt.exportClause)) {
          // export { run as go } of an imported binding
          for (const el of stmt.exportClause.elements) {
            const localName = (el.propertyName ?? el.name).getText(sf);
            const api = local.named.get(localName);
            if (api) out.set(el.name.text, api);
            if (local.namespaces.has(localName)) out.set(el.name.text, "*");
          }
        }
        continue;
      }
      const spec = stmt.moduleSpecifier.text;
      const inner = isRuntime(spec) ? "runtime" : resolveRelative(fileName, spec, files);
      if (!inner) continue;
      const innerExports = inner === "runtime" ? null : exportsOf(inner, seen, files);
      if (inner !== "runtime" && !innerExports) continue;
      const lookup = (name: string) => (inner === "runtime" ? name : innerExports!.get(name) ?? (innerExports!.star ? name : undefined));
      if (!stmt.exportClause) {
        if (inner === "runtime" || innerExports!.star) out.star = true;
        if (innerExports) for (const [k, v] of innerExports) out.set(k, v);
      } else if (ts.isNamespaceExport(stmt.exportClause)) {
        if (inner === "runtime") out.set(stmt.exportClause.name.text, "*");
      } else {
        for (const el of stmt.exportClause.elements) {
          const api = lookup((el.propertyName ?? el.name).text);
          if (api) out.set(el.name.text, api);
        }
      }
    }
    result = out.size || out.star ? out : null;
  }
  exportCache.set(fileName, result);
  return result;
}

function collect(sf: ts.SourceFile, fileName: string, seen: Set<string>, files: FileAccess | undefined): Bindings {
  const named = new Map<string, string>();
  const namespaces = new Set<string>();
  let isDSL = false;
  for (const stmt of sf.statements) {
    if (!ts.isImportDeclaration(stmt) || !ts.isStringLiteral(stmt.moduleSpecifier)) continue;
    const spec = stmt.moduleSpecifier.text;
    let lookup: ((name: string) => string | undefined) | null = null;
    let wholeModule = false;
    if (isRuntime(spec)) {
      isDSL = true;
      lookup = (n) => n;
      wholeModule = true;
    } else {
      const target = resolveRelative(fileName, spec, files);
      const exp = target ? exportsOf(target, seen, files) : null;
      if (exp) {
        isDSL = true;
        lookup = (n) => exp.get(n) ?? (exp.star ? n : undefined);
        wholeModule = !!exp.star;
      }
    }
    if (!lookup) continue;
    const clause = stmt.importClause;
    if (!clause || clause.isTypeOnly) continue;
    if (clause.name) {
      // default import: the runtime's default export is the module namespace
      const api = lookup("default");
      if (wholeModule || api === "*") namespaces.add(clause.name.text);
    }
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) {
      if (wholeModule) namespaces.add(bindings.name.text);
    } else if (bindings) {
      for (const el of bindings.elements) {
        if (el.isTypeOnly) continue;
        const api = lookup((el.propertyName ?? el.name).text);
        if (api === "*") namespaces.add(el.name.text);
        else if (api) named.set(el.name.text, api);
      }
    }
  }
  return { named, namespaces, isDSL };
}

export function findBindings(file: ts.SourceFile, files?: FileAccess): Bindings {
  return collect(file, file.fileName, new Set([file.fileName]), files);
}

/** Forget cached re-export tables and parsed dependencies (a watch rebuild after files changed). */
export const clearBindingCache = reset;

/** The asyncts API an expression names, if any: `run`, `asyncio.run`, `go` (re-exported run), ... */
export function apiName(expr: ts.Expression, b: Bindings): string | null {
  if (ts.isIdentifier(expr)) return b.named.get(expr.text) ?? null;
  if (ts.isPropertyAccessExpression(expr) && ts.isIdentifier(expr.expression) && b.namespaces.has(expr.expression.text)) {
    return expr.name.text;
  }
  if (ts.isParenthesizedExpression(expr)) return apiName(expr.expression, b);
  return null;
}
