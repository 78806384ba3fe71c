// Identifiers: `arguments` inside a coroutine (captured by its wrapper), value uses of
// names (an import used only as a type is elided), and uses of a closure's own name.
import ts from "typescript";
import type { AnalyzeState } from "../state.js";
import type { Visitor } from "../walk.js";
import { captureOwner } from "./captures.js";

export const Identifier: Visitor<AnalyzeState> = {
  enter(node, st) {
    const id = node as ts.Identifier;
    if (isDeclarationName(id)) return;
    const text = id.text;
    st.valueNames.add(text);
    const named = st.closureNames.get(text);
    if (named) for (const f of named) f.nameUsed = true;
    if (text === "arguments" && st.bindings.isDSL) {
      const co = captureOwner("arguments", st);
      if (co) {
        co.captures.add("arguments");
        st.result.captures.push({ kind: "arguments", start: id.getStart(st.sf), end: id.getEnd() });
      }
    }
  },
};

/** A name that declares (or labels, or names a property) rather than refers to a value. */
function isDeclarationName(id: ts.Identifier): boolean {
  const p = id.parent;
  if (!p) return false;
  if ((p as { name?: ts.Node }).name === id) {
    return ts.isVariableDeclaration(p) || ts.isFunctionDeclaration(p) || ts.isClassDeclaration(p) || ts.isParameter(p) ||
      ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isPropertySignature(p) || ts.isMethodSignature(p) ||
      ts.isEnumMember(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p) || ts.isFunctionExpression(p) || ts.isClassExpression(p) ||
      ts.isPropertyAccessExpression(p) || ts.isPropertyAssignment(p) || ts.isImportSpecifier(p) || ts.isImportClause(p) ||
      ts.isNamespaceImport(p) || ts.isEnumDeclaration(p) || ts.isModuleDeclaration(p) ||
      (ts.isBindingElement(p) && !!p.propertyName) || ts.isExportSpecifier(p) || ts.isJsxAttribute(p);
  }
  if (ts.isBindingElement(p)) return p.propertyName === id; // `{ a: b }` — `a` is a property name
  if (ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) return true;
  if (ts.isQualifiedName(p) || ts.isImportEqualsDeclaration(p) && p.name === id) return true;
  return false;
}
