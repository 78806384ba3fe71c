// The second compile mode `asyncts explain` needs: a DSL file as plain JavaScript, the way a
// JS developer would run it. It is not the asyncts transform — async functions, await and
// everything else stay native — only types are blanked (ts-blank-space) and two things change:
//   import * as asyncio from "asyncts"    → import $native from "<native_shim.js>"; const asyncio = $native;
//   import { sleep, run as r } from "asyncts" → ...; const sleep = $native.sleep, r = $native.run;
//   asyncio.run(main());   (module level)  → await asyncio.run(main());   (as "run(main) awaits main")
// Imports of other TypeScript files are refused: explain takes one-file programs.
import tsBlankSpace from "ts-blank-space";
import MagicString from "magic-string";
import ts from "typescript";

export interface NativeResult {
  code: string | null;
  error?: string;
}

const NS = "$asyncts_native";

export function toNative(source: string, fileName: string, shimUrl: string): NativeResult {
  const js = tsBlankSpace(source);
  const sf = ts.createSourceFile(fileName.replace(/\.[cm]?tsx?$/, ".js"), js, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const ms = new MagicString(js);
  const runNames = new Set<string>(); // `run` imported by name
  const namespaces = new Set<string>(); // asyncio namespace / default bindings
  let first = true;
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st) && !ts.isExportDeclaration(st)) continue;
    const spec = st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : null;
    if (spec === null) continue;
    if (spec.startsWith(".") && /\.(ts|tsx|mts)$|^\.\.?\/[^.]*$/.test(spec)) return { code: null, error: `explain runs one-file programs; '${spec}' imports another file` };
    if (spec !== "asyncts" && !spec.startsWith("asyncts/")) continue;
    if (ts.isExportDeclaration(st) || spec !== "asyncts") return { code: null, error: `explain cannot run '${st.getText().trim()}' natively` };
    const consts: string[] = [];
    const clause = st.importClause;
    if (clause?.name) {
      consts.push(`${clause.name.text} = ${NS}`);
      namespaces.add(clause.name.text);
    }
    const nb = clause?.namedBindings;
    if (nb && ts.isNamespaceImport(nb)) {
      consts.push(`${nb.name.text} = ${NS}`);
      namespaces.add(nb.name.text);
    } else if (nb && ts.isNamedImports(nb)) {
      for (const el of nb.elements) {
        const imported = (el.propertyName ?? el.name).text;
        consts.push(`${el.name.text} = ${NS}.${imported}`);
        if (imported === "run") runNames.add(el.name.text);
      }
    }
    const head = first ? `import ${NS} from ${JSON.stringify(shimUrl)}; ` : "";
    first = false;
    ms.overwrite(st.getStart(), st.getEnd(), head + (consts.length ? `const ${consts.join(", ")};` : ""));
  }
  const isRunCall = (e: ts.Expression | undefined): e is ts.CallExpression => {
    if (!e || !ts.isCallExpression(e)) return false;
    const c = e.expression;
    if (ts.isIdentifier(c)) return runNames.has(c.text);
    return ts.isPropertyAccessExpression(c) && ts.isIdentifier(c.expression) && namespaces.has(c.expression.text) && c.name.text === "run";
  };
  for (const st of sf.statements) {
    if (ts.isExpressionStatement(st) && isRunCall(st.expression)) ms.prependLeft(st.expression.getStart(), "await ");
    else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) if (isRunCall(d.initializer)) ms.prependLeft(d.initializer.getStart(), "await ");
    }
  }
  return { code: ms.toString() };
}
