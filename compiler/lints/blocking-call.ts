// Lint 'blockingCall' (code in compiler/diagnostics.ts): blocking calls inside a coroutine (flake8-async's ASYNC2xx family, mapped to
// Node): `fs.*Sync`, `child_process.*Sync`, `zlib.*Sync`, crypto's `*Sync`, `Atomics.wait`.
// While one runs, the loop cannot run any other task, timer or I/O callback.
import ts from "typescript";
import type { LintRule, LintContext } from "./rule.js";

const MODULES = /^(node:)?(fs|child_process|zlib|crypto)$/;

const importsOf = new WeakMap<ts.SourceFile, { names: Map<string, string>; namespaces: Map<string, string> }>();
function blockingImports(sf: ts.SourceFile) {
  let v = importsOf.get(sf);
  if (v) return v;
  v = { names: new Map(), namespaces: new Map() };
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier) || !st.importClause) continue;
    const mod = st.moduleSpecifier.text.replace(/^node:/, "");
    if (!MODULES.test(mod)) continue;
    const { name, namedBindings } = st.importClause;
    if (name) v.namespaces.set(name.text, mod);
    if (namedBindings && ts.isNamespaceImport(namedBindings)) v.namespaces.set(namedBindings.name.text, mod);
    else if (namedBindings) {
      for (const el of namedBindings.elements) {
        const orig = (el.propertyName ?? el.name).text;
        if (orig.endsWith("Sync")) v.names.set(el.name.text, `${mod}.${orig}`);
      }
    }
  }
  importsOf.set(sf, v);
  return v;
}

function blockingName(call: ts.CallExpression, ctx: LintContext): string | null {
  const callee = call.expression;
  const imp = blockingImports(ctx.sf);
  if (ts.isIdentifier(callee)) return imp.names.get(callee.text) ?? null;
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
    const recv = callee.expression.text, name = callee.name.text;
    if (recv === "Atomics" && name === "wait") return "Atomics.wait";
    const mod = imp.namespaces.get(recv);
    if (mod && name.endsWith("Sync")) return `${mod}.${name}`;
  }
  return null;
}

export const rule: LintRule = {
  visit(node, ctx) {
    if (!ctx.inCoroutine || !ts.isCallExpression(node)) return;
    const name = blockingName(node, ctx);
    if (name) ctx.report("blockingCall", node.expression, name);
  },
};
