// Python expressions → TypeScript: the dispatcher, names, attributes and subscripts, lambdas
// and parameter lists. Plain JavaScript where the operand types are evident (a number plus a
// number, a string method, a bool condition); `py.*` helpers where Python's meaning differs
// and the types are not. Each function returns text at a JS precedence level; `wrap` adds
// parentheses only where JS needs them. The rest by concept: literals.ts (strings, f-strings,
// dicts), operators.ts, comprehensions.ts (and iteration), calls.ts (arguments, keyword
// mapping), builtin_calls.ts (Python built-ins and methods), kinds.ts (what a value evidently is).
import type { Node } from "./python.js";
import type { Context, Param } from "./context.js";
import { BUILTIN_EXCEPTIONS, JS_RESERVED } from "./apis.js";
import { stringLiteral, concatString, dict } from "./literals.js";
import { comprehension } from "./comprehensions.js";
import { binary, boolean, cond, comparison } from "./operators.js";
import { call } from "./calls.js";
import { kind } from "./kinds.js";

export const P = { seq: 1, assign: 2, cond: 3, or: 4, and: 5, bor: 6, bxor: 7, band: 8, eq: 9, rel: 10, shift: 11, add: 12, mul: 13, exp: 14, unary: 15, postfix: 16, call: 18, primary: 20 } as const;

export interface Out {
  text: string;
  prec: number;
}

export const out = (text: string, prec: number): Out => ({ text, prec });

export function wrap(o: Out, min: number): string {
  return o.prec < min ? `(${o.text})` : o.text;
}

export function ident(name: string): string {
  return JS_RESERVED.has(name) ? `${name}_` : name;
}

/** Translates an expression at the given minimum precedence. */
export function ex(c: Context, n: Node, min: number = P.seq): string {
  return wrap(expr(c, n), min);
}

export function named(n: Node): Node[] {
  return n.namedChildren.filter((x): x is Node => !!x && x.type !== "comment");
}

export function expr(c: Context, n: Node): Out {
  switch (n.type) {
    case "identifier": return out(name(c, n), P.primary);
    case "integer": return out(intLiteral(c, n), P.primary);
    case "float": return out(n.text.replace(/_/g, "_").replace(/[jJ]$/, ""), P.primary);
    case "true": return out("true", P.primary);
    case "false": return out("false", P.primary);
    case "none": return out("null", P.primary);
    case "ellipsis": return out("undefined", P.primary);
    case "string": return out(stringLiteral(c, n), P.primary);
    case "concatenated_string": return concatString(c, n);
    case "parenthesized_expression": {
      const inner = named(n)[0];
      return inner ? expr(c, inner) : out("undefined", P.primary);
    }
    case "list": return out(`[${named(n).map((x) => element(c, x)).join(", ")}]`, P.primary);
    case "tuple": case "expression_list": return out(`[${named(n).map((x) => element(c, x)).join(", ")}]`, P.primary);
    case "set": return out(`new Set([${named(n).map((x) => element(c, x)).join(", ")}])`, P.call);
    case "dictionary": return dict(c, n);
    case "list_comprehension": case "generator_expression": return comprehension(c, n, "list");
    case "set_comprehension": return out(`new Set(${comprehension(c, n, "list").text})`, P.call);
    case "dictionary_comprehension": return out(`new Map(${comprehension(c, n, "pairs").text})`, P.call);
    case "attribute": return attribute(c, n);
    case "subscript": return subscript(c, n);
    case "call": return call(c, n);
    case "await": return out(`await ${ex(c, named(n)[0], P.unary)}`, P.unary);
    case "not_operator": return out(`!${cond(c, n.childForFieldName("argument")!, P.unary)}`, P.unary);
    case "unary_operator": {
      const op = n.child(0)!.text;
      const arg = n.childForFieldName("argument")!;
      return out(`${op === "~" ? "~" : op}${ex(c, arg, P.unary)}`, P.unary);
    }
    case "binary_operator": return binary(c, n);
    case "boolean_operator": return boolean(c, n);
    case "comparison_operator": return comparison(c, n);
    case "conditional_expression": {
      const [a, test, b] = named(n);
      return out(`${cond(c, test, P.or)} ? ${ex(c, a, P.assign)} : ${ex(c, b, P.assign)}`, P.cond);
    }
    case "lambda": return lambda(c, n);
    case "named_expression": {
      const nm = n.childForFieldName("name")!;
      return out(`${name(c, nm)} = ${ex(c, n.childForFieldName("value")!, P.assign)}`, P.assign);
    }
    case "yield": {
      const arg = named(n)[0];
      if (n.children.some((x) => x?.type === "from")) return out(`yield* ${arg ? ex(c, arg, P.assign) : ""}`, P.assign);
      return out(arg ? `yield ${ex(c, arg, P.assign)}` : "yield", P.assign);
    }
    case "list_splat": return out(`...${ex(c, named(n)[0], P.assign)}`, P.assign);
    case "keyword_argument": return out(c.diag(n, 4002, "keyword argument in this position") + "undefined", P.primary);
    case "slice": return out(c.diag(n, 4003, "slice outside a subscript") + "undefined", P.primary);
  }
  return out(`${c.diag(n, 4001, `Python construct '${n.type}' is not translated`)} undefined`, P.primary);
}

export function element(c: Context, x: Node): string {
  if (x.type === "list_splat") return `...${ex(c, named(x)[0], P.assign)}`;
  return ex(c, x, P.assign);
}

export function name(c: Context, n: Node): string {
  const t = n.text;
  if (c.selfName && t === c.selfName && c.lookup(t) !== null) return "this";
  if (c.isBuiltin(t)) {
    if (t in BUILTIN_EXCEPTIONS) return builtinException(c, t);
    if (t === "print") { c.uses.add("print"); return "print"; }
    if (t === "__name__") return '"__main__"';
    const helpers: Record<string, string> = { len: "py.len", str: "py.str", repr: "py.repr", sorted: "py.sorted", list: "py.list", int: "py.int", float: "py.float", bool: "py.bool", range: "py.range", sum: "py.sum", min: "py.min", max: "py.max", any: "py.any", all: "py.all", enumerate: "py.enumerate", zip: "py.zip", reversed: "py.reversed", abs: "Math.abs", format: "py.format", isinstance: "py.isinstance", issubclass: "py.issubclass" };
    if (helpers[t]) {
      if (helpers[t].startsWith("py.")) c.uses.add("py");
      return helpers[t];
    }
  }
  const imp = c.named.get(t);
  if (imp && (imp[0] === "asyncio" || imp[0] === "contextvars" || imp[0] === "contextlib")) return t;
  return ident(t);
}

export function builtinException(c: Context, t: string): string {
  const target = BUILTIN_EXCEPTIONS[t];
  if (target.startsWith("py.")) c.uses.add("py");
  return target.startsWith("asyncio.") ? `${c.ns}.${target.slice(8)}` : target;
}

export function intLiteral(c: Context, n: Node): string {
  let t = n.text.replace(/[lL]$/, "");
  if (/^0[0-7]+$/.test(t)) t = "0o" + t.slice(1);
  const v = Number(t.replace(/_/g, ""));
  if (Number.isFinite(v) && !Number.isSafeInteger(v)) return `${c.diag(n, 4010, "integer literal beyond 2**53: JavaScript numbers lose precision (use BigInt if it matters)")}${t}`;
  return t;
}

// ---- attribute, subscript ----

export function attribute(c: Context, n: Node): Out {
  const obj = n.childForFieldName("object")!;
  const attr = n.childForFieldName("attribute")!.text;
  if (obj.type === "identifier") {
    const mod = c.modules.get(obj.text);
    if (mod === "sys" && c.lookup(obj.text) === null) {
      if (attr === "argv") return out("process.argv.slice(1)", P.call);
      if (attr === "stdout" || attr === "stderr") return out(`${c.ns}.${attr}`, P.primary);
      if (attr === "maxsize") return out("Number.MAX_SAFE_INTEGER", P.primary);
    }
    if (mod === "asyncio" || mod === "contextvars" || mod === "contextlib") {
      if (attr === "TimeoutError") return out(`${c.ns}.TimeoutError`, P.primary);
      return out(`${mod === "asyncio" ? obj.text : c.ns}.${attr}`, P.primary);
    }
    if (mod === "asyncio.subprocess" || mod === "subprocess") return out(`${c.ns}.subprocess.${attr}`, P.primary);
    if (c.lookup(obj.text) === null) {
      // signal.SIGINT is Node's signal number; os.kill/os.getpid are process's.
      if (mod === "signal" && /^SIG[A-Z0-9]+$/.test(attr)) {
        c.hostImport("node:os", "constants");
        return out(`constants.signals.${attr}`, P.call);
      }
      if (mod === "os" && attr === "kill") return out("(pid: number, sig: number) => process.kill(pid, sig)", P.assign);
      if (mod === "os" && attr === "getpid") return out("() => process.pid", P.assign);
      if (mod && !["asyncio", "contextvars", "contextlib", "sys", "typing", "time"].includes(mod)) return out(`${c.diag(n, 4013, `${mod}.${attr} is not translated`)}undefined`, P.primary);
    }
  }
  if (attr === "__name__") {
    if (obj.type === "call" && obj.childForFieldName("function")?.text === "type" && c.isBuiltin("type")) {
      c.uses.add("py");
      return out(`py.typename(${ex(c, named(obj.childForFieldName("arguments")!)[0], P.assign)})`, P.call);
    }
    if (obj.type === "attribute" && obj.childForFieldName("attribute")!.text === "__class__") {
      c.uses.add("py");
      return out(`py.typename(${ex(c, obj.childForFieldName("object")!, P.assign)})`, P.call);
    }
    return out(`${ex(c, obj, P.call)}.name`, P.call);
  }
  if (attr === "__class__") return out(`${ex(c, obj, P.call)}.constructor`, P.call);
  if (attr === "__qualname__") return out(`${ex(c, obj, P.call)}.name`, P.call);
  return out(`${ex(c, obj, P.call)}.${attr}`, P.call);
}

export function subscript(c: Context, n: Node): Out {
  const value = n.childForFieldName("value")!;
  const subs = n.children.filter((x, i) => x && n.fieldNameForChild(i) === "subscript") as Node[];
  const v = ex(c, value, P.call);
  if (subs.length !== 1) return out(`${c.diag(n, 4004, "multi-dimensional subscripts")}${v}`, P.call);
  const s = subs[0];
  if (s.type === "slice") {
    const parts: (Node | null)[] = [null, null, null];
    let idx = 0;
    for (const ch of s.children) {
      if (!ch) continue;
      if (ch.type === ":") idx++;
      else parts[idx] = ch;
    }
    if (!parts[2]) {
      const a = parts[0] ? ex(c, parts[0], P.assign) : parts[1] ? "0" : "";
      const b = parts[1] ? `, ${ex(c, parts[1], P.assign)}` : "";
      return out(`${v}.slice(${a}${b})`, P.call);
    }
    c.uses.add("py");
    return out(`py.slice(${ex(c, value, P.assign)}, ${parts.map((p) => (p ? ex(c, p, P.assign) : "null")).join(", ")})`, P.call);
  }
  const k = kind(c, value);
  // A socket address (getsockname/getpeername): (host, port), typed as a union in the DSL.
  if (s.type === "integer" && s.text === "1" && value.type === "call" && /\.(getsockname|getpeername)$/.test(value.childForFieldName("function")!.text)) return out(`(${v}[1] as number)`, P.primary);
  if (s.type === "integer" && (k === "list" || k === "str" || k === "unknown" || k === "bytes")) return out(`${v}[${s.text}]`, P.call);
  if (s.type === "unary_operator" && s.child(0)!.text === "-" && named(s)[0]?.type === "integer" && k !== "dict") return out(`${v}.at(-${named(s)[0].text})`, P.call);
  c.uses.add("py");
  return out(`py.getitem(${ex(c, value, P.assign)}, ${ex(c, s, P.assign)})`, P.call);
}

// ---- lambda ----

export function lambda(c: Context, n: Node): Out {
  const params = n.childForFieldName("parameters");
  const saved = c.scope;
  c.scope = c.scopes.scopeOf(n);
  try {
    const ps = params ? parameters(c, params).text : "";
    const body = n.childForFieldName("body")!;
    const b = ex(c, body, P.assign);
    return out(`(${ps}) => ${body.type === "dictionary" || b.startsWith("{") ? `(${b})` : b}`, P.assign);
  } finally {
    c.scope = saved;
  }
}

/** A parameter list, and what a call site needs to know of it. */
export function parameters(c: Context, params: Node, skipFirst = false): { text: string; sig: Param[] } {
  const sig: Param[] = [];
  const pos: string[] = [];
  const kwOnly: string[] = [];
  let rest: string | null = null;
  let dstar: string | null = null;
  let afterStar = false;
  let first = true;
  for (const p of named(params)) {
    if (skipFirst && first && (p.type === "identifier" || p.type === "typed_parameter")) {
      first = false;
      continue;
    }
    first = false;
    switch (p.type) {
      case "identifier":
        sig.push({ name: p.text, hasDefault: false, kind: afterStar ? "kwonly" : "positional" });
        (afterStar ? kwOnly : pos).push(ident(p.text));
        break;
      case "typed_parameter": {
        const id = named(p).find((x) => x.type === "identifier");
        const splat = named(p).find((x) => x.type === "list_splat_pattern" || x.type === "dictionary_splat_pattern");
        if (splat) {
          if (splat.type === "list_splat_pattern") { rest = ident(named(splat)[0].text); afterStar = true; sig.push({ name: rest, hasDefault: false, kind: "star" }); }
          else if (rest) c.diag(p, 4006, "**kwargs after *args is not translated: pass an options object");
          else { dstar = ident(named(splat)[0].text); sig.push({ name: dstar, hasDefault: false, kind: "dstar" }); }
        } else if (id) {
          sig.push({ name: id.text, hasDefault: false, kind: afterStar ? "kwonly" : "positional" });
          (afterStar ? kwOnly : pos).push(ident(id.text));
        }
        break;
      }
      case "default_parameter": case "typed_default_parameter": {
        const nm = p.childForFieldName("name")!.text;
        const v = ex(c, p.childForFieldName("value")!, P.assign);
        sig.push({ name: nm, hasDefault: true, kind: afterStar ? "kwonly" : "positional" });
        (afterStar ? kwOnly : pos).push(`${ident(nm)} = ${v}`);
        break;
      }
      case "list_splat_pattern":
        rest = ident(named(p)[0].text);
        afterStar = true;
        sig.push({ name: rest, hasDefault: false, kind: "star" });
        break;
      case "keyword_separator":
        afterStar = true;
        break;
      case "positional_separator":
        break;
      case "dictionary_splat_pattern":
        // **kwargs: the trailing options object (SPEC §2), a plain object py.* helpers read as a dict.
        sig.push({ name: named(p)[0].text, hasDefault: false, kind: "dstar" });
        if (rest) c.diag(p, 4006, "**kwargs after *args is not translated: pass an options object");
        else dstar = ident(named(p)[0].text);
        break;
    }
  }
  const parts = [...pos];
  if (kwOnly.length) {
    if (rest) c.diag(params, 4007, "keyword-only parameters after *args: they are read from a trailing kw({...})");
    parts.push(`{ ${[...kwOnly, ...(dstar ? [`...${dstar}`] : [])].join(", ")} }: any = {}`);
  } else if (dstar) parts.push(`${dstar}: any = {}`);
  if (rest) parts.push(`...${rest}`);
  return { text: parts.join(", "), sig };
}
