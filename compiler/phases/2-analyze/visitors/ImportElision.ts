// Import elision, as TypeScript's emit does it: an import binding used only in type
// positions is removed (the module it names may have no such value at runtime), and an
// import whose bindings are all removed goes entirely. Needed because the fast emit path
// (ts-blank-space) only blanks types; it does not elide imports.
import ts from "typescript";

export interface Range {
  start: number;
  end: number;
}

function isDeclarationName(id: ts.Identifier): boolean {
  const p = id.parent;
  return (
    ((ts.isVariableDeclaration(p) || ts.isFunctionDeclaration(p) || ts.isClassDeclaration(p) || ts.isParameter(p) ||
      ts.isBindingElement(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isPropertySignature(p) ||
      ts.isEnumMember(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p) || ts.isFunctionExpression(p) || ts.isClassExpression(p)) &&
      (p as { name?: ts.Node }).name === id) ||
    (ts.isPropertyAccessExpression(p) && p.name === id) ||
    (ts.isPropertyAssignment(p) && p.name === id) ||
    ts.isImportSpecifier(p) || ts.isImportClause(p) || ts.isNamespaceImport(p) || ts.isLabeledStatement(p) ||
    ts.isBreakOrContinueStatement(p)
  );
}

/** Identifiers referenced as values anywhere in the file (outside types). */
function valueNames(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isTypeNode(n) || ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n) || ts.isTypeParameterDeclaration(n) ||
        ts.isImportDeclaration(n) || (ts.isHeritageClause(n) && n.token === ts.SyntaxKind.ImplementsKeyword)) return;
    if (ts.isIdentifier(n) && !isDeclarationName(n)) names.add(n.text);
    if (ts.isExportSpecifier(n)) names.add((n.propertyName ?? n.name).getText(sf));
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return names;
}

/** The ranges to delete so that type-only-used imports disappear. */
export function typeOnlyImportRemovals(sf: ts.SourceFile): Range[] {
  let used: Set<string> | null = null;
  const out: Range[] = [];
  for (const stmt of sf.statements) {
    if (!ts.isImportDeclaration(stmt) || !stmt.importClause || stmt.importClause.isTypeOnly) continue;
    used ??= valueNames(sf);
    const clause = stmt.importClause;
    const bindings: { node: ts.Node; keep: boolean }[] = [];
    if (clause.name) bindings.push({ node: clause.name, keep: used.has(clause.name.text) });
    const nb = clause.namedBindings;
    if (nb && ts.isNamespaceImport(nb)) bindings.push({ node: nb, keep: used.has(nb.name.text) });
    else if (nb) for (const el of nb.elements) bindings.push({ node: el, keep: !el.isTypeOnly && used.has(el.name.text) });
    if (bindings.length === 0 || bindings.every((b) => b.keep)) continue;
    if (bindings.every((b) => !b.keep)) {
      out.push({ start: stmt.getStart(sf), end: stmt.getEnd() });
      continue;
    }
    // Some stay: remove the others with their separating comma.
    const named = nb && ts.isNamedImports(nb) ? nb.elements : null;
    if (clause.name && !bindings[0].keep) out.push({ start: clause.name.getStart(sf), end: nb ? nb.getStart(sf) : clause.name.getEnd() });
    if (named) {
      const keepAny = named.some((el) => !el.isTypeOnly && used!.has(el.name.text));
      if (!keepAny) {
        // `import D, { T } from` → `import D from`
        out.push({ start: clause.name ? clause.name.getEnd() : nb!.getStart(sf), end: nb!.getEnd() });
        continue;
      }
      named.forEach((el, i) => {
        if (!el.isTypeOnly && used!.has(el.name.text)) return;
        const next = named[i + 1];
        out.push({ start: el.getStart(sf), end: next ? next.getStart(sf) : el.getEnd() });
      });
    }
  }
  return out;
}
