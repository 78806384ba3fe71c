// What the lints need to know about values: is this call a coroutine (a call of a coroutine
// function), is this expression a coroutine function, a Task/Future, an event loop?
// Syntactically (build, and always as a base): the file's own async functions and methods,
// async functions exported by the relative DSL modules it imports, asyncts's coroutine
// APIs. With a type checker (check) also by types: any call whose signature is an async
// function of a DSL file (methods, callbacks, values passed around) or returns Coroutine.
import ts from "typescript";
import { dirname, resolve } from "node:path";
import type { Analysis, FileAccess } from "../phases/2-analyze/index.js";
import { apiName, findBindings } from "../phases/2-analyze/bindings.js";
import { parseDependency } from "../phases/1-parse.js";
import { dependencyFile } from "../phases/2-analyze/state.js";

export interface Oracle {
  isCoroutineCall(call: ts.CallExpression): boolean;
  isCoroutineFunction(expr: ts.Expression): boolean;
  isTaskLike(expr: ts.Expression): boolean;
  isLoop(expr: ts.Expression): boolean;
}

/** asyncts APIs that are coroutine functions (calling them runs nothing until awaited). */
const COROUTINE_APIS = new Set([
  "sleep", "wait", "wait_for", "to_thread", "open_connection", "start_server", "open_unix_connection",
  "start_unix_server", "create_subprocess_exec", "create_subprocess_shell", "staggered_race",
]);
const TASK_APIS = new Set(["create_task", "ensure_future", "gather", "shield", "run_coroutine_threadsafe"]);
const LOOP_APIS = new Set(["get_running_loop", "get_event_loop", "new_event_loop"]);

const unwrap = (e: ts.Expression): ts.Expression => {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
  return e;
};

function isAsyncFn(n: ts.Node | undefined): boolean {
  return !!n && (ts.isFunctionLike(n) || ts.isArrowFunction(n)) && ts.canHaveModifiers(n) &&
    !!ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
}

function resolveRelative(from: string, spec: string, files: FileAccess): string | null {
  if (!spec.startsWith(".")) return null;
  const base = resolve(dirname(from), spec);
  const stem = base.replace(/\.(m?js|jsx)$/, "");
  for (const cand of [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${base}/index.ts`]) {
    if (/\.(ts|tsx|mts)$/.test(cand) && (files.fileExists ? files.fileExists(cand) : files.readFile(cand) !== undefined)) return cand;
  }
  return null;
}

/** Names a file declares as async functions at its top level (function or const = async ...). */
function topLevelAsync(sf: ts.SourceFile, exportedOnly: boolean): Set<string> {
  const out = new Set<string>();
  const exported = (n: ts.Node) => !exportedOnly || (ts.canHaveModifiers(n) && !!ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword));
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st) && st.name && isAsyncFn(st) && exported(st)) out.add(st.name.text);
    if (ts.isFunctionDeclaration(st) && !st.name && isAsyncFn(st) && exportedOnly) out.add("default");
    if (ts.isVariableStatement(st) && exported(st) && (st.declarationList.flags & ts.NodeFlags.Const)) {
      for (const d of st.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.initializer && isAsyncFn(unwrap(d.initializer))) out.add(d.name.text);
      }
    }
  }
  return out;
}

const dslFiles = new WeakMap<ts.SourceFile, boolean>();
function isDSLFile(sf: ts.SourceFile): boolean {
  let v = dslFiles.get(sf);
  if (v === undefined) {
    v = !sf.isDeclarationFile && /["']asyncts["']|from\s+["']\./.test(sf.text) && findBindings(sf).isDSL;
    dslFiles.set(sf, v);
  }
  return v;
}

export function makeOracle(sf: ts.SourceFile, analysis: Analysis, checker?: ts.TypeChecker, files?: FileAccess): Oracle {
  const b = analysis.bindings;
  const localAsync = topLevelAsync(sf, false);
  // names imported from relative DSL modules that are async functions there
  const importedAsync = new Set<string>();
  const importedNamespaces = new Map<string, Set<string>>();
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier) || !st.importClause || st.importClause.isTypeOnly) continue;
    const target = files ? resolveRelative(sf.fileName, st.moduleSpecifier.text, files) : null;
    // check's program holds the file already; otherwise the analyser's shared parse of it
    const own = target ? files!.sourceFile?.(target) : undefined;
    const text = target && !own ? files!.readFile(target) : undefined;
    const dep = own ?? (target && text !== undefined ? dependencyFile(target, text, parseDependency) : null);
    if (!dep || !isDSLFile(dep)) continue;
    const exported = topLevelAsync(dep, true);
    const clause = st.importClause;
    if (clause.name && exported.has("default")) importedAsync.add(clause.name.text);
    const nb = clause.namedBindings;
    if (nb && ts.isNamespaceImport(nb)) importedNamespaces.set(nb.name.text, exported);
    else if (nb) for (const el of nb.elements) if (exported.has((el.propertyName ?? el.name).text)) importedAsync.add(el.name.text);
  }
  // module-level variables that hold an event loop
  const loopVars = new Set<string>();
  const visitVars = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer) {
      const init = unwrap(n.initializer);
      if (ts.isCallExpression(init) && LOOP_APIS.has(apiName(init.expression, b) ?? "")) loopVars.add(n.name.text);
    }
    ts.forEachChild(n, visitVars);
  };
  visitVars(sf);

  /** `this.m` inside a class whose method m is async (and no plain member m). */
  const asyncMethodOfThis = (access: ts.PropertyAccessExpression): boolean => {
    if (access.expression.kind !== ts.SyntaxKind.ThisKeyword && access.expression.kind !== ts.SyntaxKind.SuperKeyword) return false;
    let cls: ts.Node | undefined = access.parent;
    while (cls && !ts.isClassLike(cls)) cls = cls.parent;
    if (!cls) return false;
    const members = (cls as ts.ClassLikeDeclaration).members.filter((m) => m.name && ts.isIdentifier(m.name) && m.name.text === access.name.text);
    return members.length > 0 && members.every((m) => isAsyncFn(m));
  };

  const syntacticFn = (e: ts.Expression): boolean => {
    e = unwrap(e);
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return isAsyncFn(e);
    if (ts.isIdentifier(e)) return localAsync.has(e.text) || importedAsync.has(e.text) || COROUTINE_APIS.has(b.named.get(e.text) ?? "");
    if (ts.isPropertyAccessExpression(e)) {
      if (ts.isIdentifier(e.expression) && importedNamespaces.get(e.expression.text)?.has(e.name.text)) return true;
      if (COROUTINE_APIS.has(apiName(e, b) ?? "")) return true;
      return asyncMethodOfThis(e);
    }
    return false;
  };

  const coroutineType = (t: ts.Type | undefined): boolean => {
    const sym = t?.getSymbol() ?? t?.aliasSymbol;
    if (!sym || sym.getName() !== "Coroutine") return false;
    return !!sym.declarations?.some((d) => /asyncts|runtime[\\/]coroutines/.test(d.getSourceFile().fileName));
  };
  const typedFn = (decl: ts.Declaration | undefined): boolean =>
    !!decl && isAsyncFn(decl) && isDSLFile(decl.getSourceFile());

  const typeNamed = (e: ts.Expression, re: RegExp): boolean => {
    if (!checker) return false;
    try {
      const t = checker.getTypeAtLocation(e);
      const name = (t.getSymbol() ?? t.aliasSymbol)?.getName();
      return !!name && re.test(name);
    } catch {
      return false;
    }
  };

  return {
    isCoroutineCall(call) {
      if (syntacticFn(call.expression)) return true;
      if (!checker) return false;
      try {
        const sig = checker.getResolvedSignature(call);
        if (typedFn(sig?.declaration as ts.Declaration | undefined)) return true;
        return coroutineType(sig?.getReturnType());
      } catch {
        return false;
      }
    },
    isCoroutineFunction(expr) {
      if (syntacticFn(expr)) return true;
      if (!checker) return false;
      try {
        const t = checker.getTypeAtLocation(expr);
        const sigs = t.getCallSignatures();
        return sigs.length > 0 && sigs.every((s) => typedFn(s.declaration as ts.Declaration | undefined) || coroutineType(s.getReturnType()));
      } catch {
        return false;
      }
    },
    isTaskLike(expr) {
      const e = unwrap(expr);
      if (ts.isCallExpression(e)) {
        const api = apiName(e.expression, b);
        if (api && TASK_APIS.has(api)) return true;
        if (ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === "create_task") return true;
      }
      return typeNamed(e, /^(Task|Future)$/);
    },
    isLoop(expr) {
      const e = unwrap(expr);
      if (ts.isCallExpression(e) && LOOP_APIS.has(apiName(e.expression, b) ?? "")) return true;
      if (ts.isIdentifier(e) && loopVars.has(e.text)) return true;
      if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === "get_loop") return true;
      return typeNamed(e, /EventLoop$/);
    },
  };
}
