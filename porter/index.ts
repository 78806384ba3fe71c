// `asyncts port`: Python asyncio programs → the asyncts DSL. Parse (tree-sitter's Python
// grammar) → scope analysis → translate statement by statement → imports on top. What has
// no faithful translation gets an ASY4xxx diagnostic and a TODO(asyncts port) marker in the
// output; it is never silently wrong.
import { loadPython, parsePython, firstError, type Node } from "./python.js";
import { Context, type Param } from "./context.js";
import { kind } from "./kinds.js";
import type { Kind } from "./scope.js";
import { block, hoist } from "./statements.js";
import type { Diagnostic } from "../compiler/diagnostics.js";

export interface PortResult {
  code: string;
  diagnostics: Diagnostic[];
}

/**
 * The tsconfig a ported project gets (`asyncts port DIR` writes it when the folder has none):
 * `strict: false`, because ported code is untyped Python (parameters are implicitly any and
 * values may be None), with the lib and Node types the DSL needs.
 */
export const PORTED_TSCONFIG = {
  compilerOptions: {
    strict: false, noEmit: true, target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext",
    lib: ["ES2023", "ESNext.Disposable"], types: ["node"], skipLibCheck: true,
  },
  include: ["**/*.ts"],
};

export async function port(source: string, fileName: string): Promise<PortResult> {
  const parser = await loadPython();
  const tree = parsePython(parser, source);
  const root = tree.rootNode;
  const err = firstError(root);
  if (err) {
    return {
      code: "",
      diagnostics: [{ code: "ASY4000", severity: "error", message: `Python syntax error near '${err.text.slice(0, 30)}': fix it so that python3 accepts the file.`, file: fileName, start: err.startIndex, length: Math.max(1, err.endIndex - err.startIndex), source }],
    };
  }
  const c = new Context(source, root);
  prepass(c, root);
  hoist(c);
  block(c, root);
  tree.delete();
  const body = c.out.join("\n").replace(/\n{3,}/g, "\n\n").trim();
  const header = imports(c);
  // A leading comment block (the file's header) stays above the imports.
  const lines = body.split("\n");
  // The module's hoisted `let` goes below its header comment.
  if (lines[0]?.startsWith("let ") && lines[1]?.startsWith("//")) {
    let end = 1;
    while (end < lines.length && lines[end].startsWith("//")) end++;
    lines.splice(0, end, ...lines.slice(1, end), lines[0]);
  }
  let lead = 0;
  while (lead < lines.length && lines[lead].startsWith("//")) lead++;
  const top = lines.slice(0, lead).join("\n");
  const rest = lines.slice(lead).join("\n").trim();
  const code = `${top ? top + "\n" : ""}${header.join("\n")}\n\n${rest}\n`;
  const diagnostics: Diagnostic[] = c.diagnostics.map((d) => ({
    code: `ASY${d.code}`, severity: "warning", message: d.message, file: fileName, start: d.start, length: d.length, source,
  }));
  return { code, diagnostics };
}

/** Classes and function signatures first, so that calls above a definition see it. */
function prepass(c: Context, root: Node): void {
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === "class_definition") c.classes.add(n.childForFieldName("name")!.text);
    if (n.type === "function_definition") {
      const fname = n.childForFieldName("name")!.text;
      let owner: Node | null = n.parent;
      while (owner && owner.type !== "class_definition" && owner.type !== "function_definition" && owner.type !== "module") owner = owner.parent;
      const isMethod = owner?.type === "class_definition";
      const key = isMethod && fname === "__init__" ? `${owner!.childForFieldName("name")!.text}.__init__` : fname;
      c.signatures.set(key, signature(n.childForFieldName("parameters")!, isMethod && !isStatic(n)));
    }
    for (const ch of n.namedChildren) if (ch) stack.push(ch);
  }
  // What each call of a module function passes, where it is evident without scope (literals).
  const seen = new Map<string, (Kind | null)[][]>();
  const calls: Node[] = [root];
  while (calls.length) {
    const n = calls.pop()!;
    if (n.type === "call" && n.childForFieldName("function")?.type === "identifier") {
      const f = n.childForFieldName("function")!.text;
      const args = n.childForFieldName("arguments");
      if (args?.type === "argument_list") {
        const pos = args.namedChildren.filter((x) => x && x.type !== "keyword_argument" && x.type !== "comment") as Node[];
        if (!pos.some((x) => x.type === "list_splat")) {
          if (!seen.has(f)) seen.set(f, []);
          seen.get(f)!.push(pos.map((x) => (["string", "concatenated_string", "integer", "float", "true", "false", "list", "dictionary"].includes(x.type) ? kind(c, x) : null)));
        }
      }
    }
    for (const ch of n.namedChildren) if (ch) calls.push(ch);
  }
  for (const [f, sites] of seen) {
    const width = Math.max(...sites.map((s) => s.length));
    const kinds: Kind[] = [];
    for (let i = 0; i < width; i++) {
      const ks = sites.map((s) => s[i] ?? null);
      kinds.push(ks.every((k) => k !== null && k === ks[0]) ? ks[0]! : "unknown");
    }
    c.argKinds.set(f, kinds);
  }
}

function isStatic(def: Node): boolean {
  const p = def.parent;
  return p?.type === "decorated_definition" && p.namedChildren.some((d) => d?.type === "decorator" && d.text === "@staticmethod");
}

function signature(params: Node, skipFirst: boolean): Param[] {
  const sig: Param[] = [];
  let afterStar = false;
  let first = true;
  for (const p of params.namedChildren) {
    if (!p) continue;
    if (skipFirst && first) { first = false; continue; }
    first = false;
    if (p.type === "identifier" || p.type === "typed_parameter") sig.push({ name: p.type === "identifier" ? p.text : p.namedChildren[0]!.text, hasDefault: false, kind: afterStar ? "kwonly" : "positional" });
    else if (p.type === "default_parameter" || p.type === "typed_default_parameter") sig.push({ name: p.childForFieldName("name")!.text, hasDefault: true, kind: afterStar ? "kwonly" : "positional" });
    else if (p.type === "list_splat_pattern") { afterStar = true; sig.push({ name: p.namedChildren[0]!.text, hasDefault: false, kind: "star" }); }
    else if (p.type === "keyword_separator") afterStar = true;
    else if (p.type === "dictionary_splat_pattern") sig.push({ name: p.namedChildren[0]!.text, hasDefault: false, kind: "dstar" });
  }
  return sig;
}

function imports(c: Context): string[] {
  const lines = [`import * as ${c.ns} from "asyncts";`];
  const named: string[] = [...c.uses].filter((u) => u === "print" || u === "kw" || u === "py");
  for (const [alias, [mod, orig]] of c.named) {
    if (mod === "asyncio" || mod === "contextvars" || mod === "contextlib") named.push(orig === alias ? orig : `${orig} as ${alias}`);
  }
  const order = ["print", "kw", "py"];
  named.sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
  if (named.length) lines.push(`import { ${[...new Set(named)].join(", ")} } from "asyncts";`);
  for (const [mod, names] of c.hostImports) lines.push(`import { ${[...names].join(", ")} } from "${mod}";`);
  return lines;
}
