// Import elision, as TypeScript's emit does it: an import binding used only in type
// positions is removed (the module it names may have no such value at runtime), and an
// import whose bindings are all removed goes entirely. Needed because the fast emit path
// (ts-blank-space) only blanks types; it does not elide imports. The names used as values
// come from the analyser's walk (visitors/Identifier.ts).
import ts from "typescript";

export interface Range {
  start: number;
  end: number;
}

/** The ranges to delete so that type-only-used imports disappear. */
export function typeOnlyImportRemovals(sf: ts.SourceFile, used: Set<string>): Range[] {
  const out: Range[] = [];
  for (const stmt of sf.statements) {
    if (!ts.isImportDeclaration(stmt) || !stmt.importClause || stmt.importClause.isTypeOnly) continue;
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
      const keepAny = named.some((el) => !el.isTypeOnly && used.has(el.name.text));
      if (!keepAny) {
        // `import D, { T } from` → `import D from`
        out.push({ start: clause.name ? clause.name.getEnd() : nb!.getStart(sf), end: nb!.getEnd() });
        continue;
      }
      named.forEach((el, i) => {
        if (!el.isTypeOnly && used.has(el.name.text)) return;
        const next = named[i + 1];
        out.push({ start: el.getStart(sf), end: next ? next.getStart(sf) : el.getEnd() });
      });
    }
  }
  return out;
}
