// Comprehensions (as array pipelines, or an immediately-called function when they await or
// nest) and iteration: `for` targets and iterables (a dict iterates its keys, as in Python).
import type { Node } from "./python.js";
import type { Context } from "./context.js";
import type { Kind } from "./scope.js";
import { P, out, ex, named, name } from "./expressions.js";
import type { Out } from "./expressions.js";
import { cond } from "./operators.js";
import { args } from "./calls.js";
import { kind } from "./kinds.js";

/** A comprehension as an immediately-called function (async when it awaits). */
export function comprehension(c: Context, n: Node, as: "list" | "pairs"): Out {
  // Its variables: an int when they run over range(), else not evident.
  const kinds = new Map<string, Kind>();
  for (const cl of named(n)) {
    if (cl.type !== "for_in_clause") continue;
    const left = cl.childForFieldName("left")!;
    const right = cl.childForFieldName("right");
    const isRange = right?.type === "call" && right.childForFieldName("function")?.text === "range";
    if (left.type === "identifier") kinds.set(left.text, isRange ? "num" : "unknown");
    else for (const id of named(left)) if (id.type === "identifier") kinds.set(id.text, "unknown");
  }
  c.comprehensionKinds.push(kinds);
  try {
    return comprehensionBody(c, n, as);
  } finally {
    c.comprehensionKinds.pop();
  }
}

export function comprehensionBody(c: Context, n: Node, as: "list" | "pairs"): Out {
  const body = n.childForFieldName("body")!;
  const clauses = named(n).filter((x) => x.type === "for_in_clause" || x.type === "if_clause");
  const awaits = hasAwait(n);
  // The simple, readable shape: one for, no await, at most one if, a plain target.
  const fors = clauses.filter((x) => x.type === "for_in_clause");
  const item = as === "pairs" ? `[${ex(c, body.childForFieldName("key")!, P.assign)}, ${ex(c, body.childForFieldName("value")!, P.assign)}]` : ex(c, body, P.assign);
  if (!awaits && fors.length === 1 && clauses.length <= 2 && !fors[0].children.some((x) => x?.type === "async")) {
    const f = fors[0];
    const target = pattern(c, f.childForFieldName("left")!);
    const iter = iterable(c, f.childForFieldName("right")!, true);
    const cond2 = clauses.find((x) => x.type === "if_clause");
    const filter = cond2 ? `.filter((${target}) => ${cond(c, named(cond2)[0], P.assign)})` : "";
    const map = item === target ? "" : `.map((${target}) => ${as === "pairs" || body.type === "dictionary" ? `(${item})` : item})`;
    return out(`${iter}${filter}${map}`, P.call);
  }
  const lines: string[] = [];
  let depth = 0;
  for (const cl of clauses) {
    if (cl.type === "for_in_clause") {
      const isAsync = cl.children.some((x) => x?.type === "async");
      lines.push(`for ${isAsync ? "await " : ""}(const ${pattern(c, cl.childForFieldName("left")!)} of ${iterable(c, cl.childForFieldName("right")!, false)}) `);
    } else lines.push(`if (${cond(c, named(cl)[0], P.seq)}) `);
    depth++;
  }
  const fn = awaits ? "async () =>" : "() =>";
  const call2 = `(${fn} { const $r = []; ${lines.join("")}$r.push(${item}); return $r; })()`;
  return awaits ? out(`await ${call2}`, P.unary) : out(call2, P.call);
}

export function hasAwait(n: Node): boolean {
  if (n.type === "await") return true;
  if (n.type === "lambda" || n.type === "function_definition") return false;
  if (n.type === "for_in_clause" && n.children.some((x) => x?.type === "async")) return true;
  return n.namedChildren.some((x) => !!x && hasAwait(x));
}

/** An iterable for `for ... of`: dicts give their keys, as in Python. */
export function iterable(c: Context, n: Node, asArray: boolean): string {
  if (n.type === "call" && n.childForFieldName("function")?.type === "identifier" && n.childForFieldName("function")!.text === "range" && c.isBuiltin("range")) {
    c.uses.add("py");
    return `py.range(${args(c, n.childForFieldName("arguments")!).positional.join(", ")})`;
  }
  const k = kind(c, n);
  const t = ex(c, n, P.call);
  if (k === "dict") return asArray ? `[...${t}.keys()]` : `${t}.keys()`;
  if (k === "list") return t;
  if (asArray) {
    c.uses.add("py");
    return `py.list(${ex(c, n, P.assign)})`;
  }
  if (k === "unknown" && (n.type === "attribute" || n.type === "identifier")) return t;
  return t;
}

/** A for / comprehension target: `x`, `[a, b]`, `[a, ...rest]`. */
export function pattern(c: Context, n: Node): string {
  switch (n.type) {
    case "identifier": return name(c, n);
    case "pattern_list": case "tuple_pattern": case "list_pattern": case "tuple": case "list":
      return `[${named(n).map((x) => pattern(c, x)).join(", ")}]`;
    case "list_splat_pattern": case "list_splat": return `...${pattern(c, named(n)[0])}`;
    case "parenthesized_expression": return pattern(c, named(n)[0]);
  }
  return ex(c, n, P.assign);
}
