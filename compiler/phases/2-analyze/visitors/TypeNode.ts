// Types, interfaces, type aliases, `implements`: nothing in them runs, so the walk skips
// them (their names are not value uses: imports used only there are elided).
import ts from "typescript";
import type { AnalyzeState } from "../state.js";
import type { Visitor } from "../walk.js";

export const TypeOnly: Visitor<AnalyzeState> = { enter: () => false };

/** `class C extends Base<T>`: `Base` is a value; only the type arguments are types. */
export const ExpressionWithTypeArguments: Visitor<AnalyzeState> = {
  enter(node) {
    const p = node.parent;
    return ts.isHeritageClause(p) && p.token === ts.SyntaxKind.ExtendsKeyword && ts.isClassLike(p.parent) ? undefined : false;
  },
};

export const HeritageClause: Visitor<AnalyzeState> = {
  enter: (node) => ((node as ts.HeritageClause).token === ts.SyntaxKind.ImplementsKeyword ? false : undefined),
};

/** Kinds the walk never enters. */
export function typeOnlyKinds(): ts.SyntaxKind[] {
  const out: ts.SyntaxKind[] = [];
  for (let k = ts.SyntaxKind.FirstTypeNode; k <= ts.SyntaxKind.LastTypeNode; k++) out.push(k);
  out.push(ts.SyntaxKind.InterfaceDeclaration, ts.SyntaxKind.TypeAliasDeclaration, ts.SyntaxKind.TypeParameter);
  return out;
}
