// The Python parser: tree-sitter's Python grammar through web-tree-sitter (WebAssembly), so
// `asyncts port` needs no Python installed and sees comments, which CPython's ast drops.
import { createRequire } from "node:module";
import { Parser, Language, type Node, type Tree } from "web-tree-sitter";

export type { Node, Tree };

let loading: Promise<Parser> | null = null;

/** Loads the grammar once per process (about 20 ms); concurrent callers share the one load. */
export function loadPython(): Promise<Parser> {
  return (loading ??= load());
}

async function load(): Promise<Parser> {
  const require = createRequire(import.meta.url);
  await Parser.init();
  const wasm = require.resolve("tree-sitter-python/tree-sitter-python.wasm");
  const python = await Language.load(wasm);
  const parser = new Parser();
  parser.setLanguage(python);
  return parser;
}

export function parsePython(p: Parser, source: string): Tree {
  const tree = p.parse(source);
  if (!tree) throw new Error("tree-sitter returned no tree");
  return tree;
}

/** The first node of a syntax error in the tree, if any. */
export function firstError(n: Node): Node | null {
  if (n.type === "ERROR" || n.isMissing) return n;
  if (!n.hasError) return null;
  for (const c of n.children) {
    if (!c) continue;
    const e = firstError(c);
    if (e) return e;
  }
  return null;
}
