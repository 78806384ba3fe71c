// Type blanking for the fast emit path: ts-blank-space replaces every type annotation with
// spaces (same length, same positions) from the tree we already parsed, so the rewrite can
// apply its edits to the blanked text with the analysis's positions unchanged.
import ts from "typescript";
import { blankSourceFile } from "ts-blank-space";
import { isStackOverflow } from "../1-parse.js";

/** The blanked source, or null if the file uses syntax that needs a real emit (enums,
 * namespaces) or nests too deeply for ts-blank-space. */
export function blankTypes(sf: ts.SourceFile): string | null {
  let unsupported = false;
  const paramModifiers: ts.Node[] = [];
  let text: string;
  try {
    text = blankSourceFile(sf as any, (node) => {
      // Parameter properties' modifiers: blanked here; the rewrite adds the `this.x = x`
      // assignments (the analysis found them). Anything else needs TypeScript's emit.
      const n = node as ts.Node;
      if (ts.isParameter(n.parent) && ts.isConstructorDeclaration(n.parent.parent)) paramModifiers.push(n);
      else unsupported = true;
    });
  } catch (e) {
    if (isStackOverflow(e)) return null;
    throw e;
  }
  if (unsupported) return null;
  for (const m of paramModifiers) {
    const start = m.getStart(sf), end = m.getEnd();
    text = text.slice(0, start) + " ".repeat(end - start) + text.slice(end);
  }
  return text;
}
