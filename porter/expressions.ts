// Python expressions → TypeScript. Plain JavaScript where the operand types are evident
// (a number plus a number, a string method, a bool condition); `py.*` helpers where Python's
// meaning differs and the types are not (truthiness of containers, `in`, `==` on lists,
// `//` and `%`, indexing, f-string format specs). Each function returns text at a JS
// precedence level; `wrap` adds parentheses only where JS needs them.
import type { Node } from "./python.js";
import type { Context, Param } from "./context.js";
import type { Kind } from "./scope.js";
import { BOOL_METHODS, BUILTIN_EXCEPTIONS, GENERIC_CLASSES, JS_RESERVED, KW_STAR_ARGS, NUM_METHODS, POSITIONAL, STR_METHODS } from "./apis.js";

// JS precedence levels
export const P = { seq: 1, assign: 2, cond: 3, or: 4, and: 5, bor: 6, bxor: 7, band: 8, eq: 9, rel: 10, shift: 11, add: 12, mul: 13, exp: 14, unary: 15, postfix: 16, call: 18, primary: 20 } as const;

export interface Out {
  text: string;
  prec: number;
}

const out = (text: string, prec: number): Out => ({ text, prec });

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

function named(n: Node): Node[] {
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

function element(c: Context, x: Node): string {
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

function builtinException(c: Context, t: string): string {
  const target = BUILTIN_EXCEPTIONS[t];
  if (target.startsWith("py.")) c.uses.add("py");
  return target.startsWith("asyncio.") ? `${c.ns}.${target.slice(8)}` : target;
}

function intLiteral(c: Context, n: Node): string {
  let t = n.text.replace(/[lL]$/, "");
  if (/^0[0-7]+$/.test(t)) t = "0o" + t.slice(1);
  const v = Number(t.replace(/_/g, ""));
  if (Number.isFinite(v) && !Number.isSafeInteger(v)) return `${c.diag(n, 4010, "integer literal beyond 2**53: JavaScript numbers lose precision (use BigInt if it matters)")}${t}`;
  return t;
}

// ---- strings ----

export function decodeEscapes(text: string, bytes: boolean): string {
  return text.replace(/\\(\n|\\|'|"|a|b|f|n|r|t|v|x[0-9a-fA-F]{2}|[0-7]{1,3}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\})/g, (m, e: string) => {
    switch (e[0]) {
      case "\n": return "";
      case "\\": return "\\";
      case "'": return "'";
      case '"': return '"';
      case "a": return "\x07";
      case "b": return "\b";
      case "f": return "\f";
      case "n": return "\n";
      case "r": return "\r";
      case "t": return "\t";
      case "v": return "\v";
      case "x": return String.fromCharCode(parseInt(e.slice(1), 16));
      case "u": return bytes ? m : String.fromCharCode(parseInt(e.slice(1), 16));
      case "U": return bytes ? m : String.fromCodePoint(parseInt(e.slice(1), 16));
      case "N": return m;
      default: return String.fromCharCode(parseInt(e, 8));
    }
  });
}

function stringParts(n: Node): { prefix: string; parts: (string | Node)[] } {
  const start = n.children.find((x) => x?.type === "string_start")!;
  const prefix = start.text.replace(/['"]+$/, "").toLowerCase();
  const raw = prefix.includes("r");
  const isF = prefix.includes("f");
  const parts: (string | Node)[] = [];
  for (const ch of n.children) {
    if (!ch) continue;
    if (ch.type === "string_content") {
      let t = ch.text;
      if (isF) t = t.replace(/\{\{/g, "{").replace(/\}\}/g, "}");
      parts.push(raw ? t : decodeEscapes(t, prefix.includes("b")));
    } else if (ch.type === "interpolation") parts.push(ch);
    else if (ch.type === "escape_interpolation") parts.push(ch.text[0]);
  }
  return { prefix, parts };
}

function stringLiteral(c: Context, n: Node): string {
  const { prefix, parts } = stringParts(n);
  if (prefix.includes("b")) {
    c.uses.add("py");
    return `py.bytes(${JSON.stringify(parts.join(""))})`;
  }
  if (!prefix.includes("f")) return jsString(parts.join(""));
  return template(c, parts);
}

function jsString(s: string): string {
  return JSON.stringify(s).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

function template(c: Context, parts: (string | Node)[]): string {
  let s = "`";
  for (const p of parts) {
    if (typeof p === "string") s += JSON.stringify(p).slice(1, -1).replace(/\\"/g, '"').replace(/`/g, "\\`").replace(/\$\{/g, "\\${");
    else if (p.type === "format_expression") s += "${" + ex(c, p.childForFieldName("expression")!, P.assign) + "}";
    else s += "${" + interpolation(c, p) + "}";
  }
  return s + "`";
}

function interpolation(c: Context, n: Node): string {
  const e = n.childForFieldName("expression")!;
  const conv = n.childForFieldName("type_conversion")?.text;
  const specNode = n.childForFieldName("format_specifier");
  const spec = specNode ? specNode.text.replace(/^:/, "") : "";
  const selfDoc = n.children.some((x) => x?.type === "=");
  let value = ex(c, e, P.assign);
  let prefix = selfDoc ? `${e.text}=` : "";
  if (conv === "!r" || (selfDoc && !conv && !spec)) {
    c.uses.add("py");
    value = `py.repr(${value})`;
  } else if (conv === "!s") {
    c.uses.add("py");
    value = `py.str(${value})`;
  }
  if (spec) {
    c.uses.add("py");
    if (specNode!.namedChildren.some((x) => x?.type === "format_expression")) {
      // A spec with fields of its own: {x:.{n}f} → py.format(x, `.${n}f`)
      const parts: (string | Node)[] = [];
      let pos = specNode!.startIndex + 1;
      for (const ch of specNode!.namedChildren) {
        if (!ch || ch.type !== "format_expression") continue;
        parts.push(c.source.slice(pos, ch.startIndex));
        parts.push(ch);
        pos = ch.endIndex;
      }
      parts.push(c.source.slice(pos, specNode!.endIndex));
      return (prefix ? `${jsString(prefix)} + ` : "") + `py.format(${value}, ${template(c, parts)})`;
    }
    return (prefix ? `${jsString(prefix)} + ` : "") + `py.format(${value}, ${jsString(spec)})`;
  }
  if (conv) return prefix ? `${jsString(prefix)} + ${value}` : value;
  const k = kind(c, e);
  if (k === "str" || k === "num") return prefix ? `${jsString(prefix)} + ${value}` : value;
  c.uses.add("py");
  return (prefix ? `${jsString(prefix)} + ` : "") + `py.str(${value})`;
}

function concatString(c: Context, n: Node): Out {
  const pieces = named(n).filter((x) => x.type === "string");
  if (pieces.every((p) => !stringParts(p).prefix.includes("f") && !stringParts(p).prefix.includes("b"))) {
    return out(jsString(pieces.map((p) => stringParts(p).parts.join("")).join("")), P.primary);
  }
  if (pieces.every((p) => !stringParts(p).prefix.includes("b"))) {
    const parts: (string | Node)[] = [];
    for (const p of pieces) parts.push(...stringParts(p).parts);
    return out(template(c, parts), P.primary);
  }
  return out(pieces.map((p) => stringLiteral(c, p)).join(" + "), P.add);
}

// ---- containers ----

function objectLiteral(c: Context, n: Node): string {
  const items = named(n).filter((p) => p.type === "pair").map((p) => {
    const k = p.childForFieldName("key")!;
    const key = k.type === "string" ? ex(c, k, P.assign) : `[${ex(c, k, P.assign)}]`;
    return `${key}: ${ex(c, p.childForFieldName("value")!, P.assign)}`;
  });
  return `{ ${items.join(", ")} }`;
}

function dict(c: Context, n: Node): Out {
  const items: string[] = [];
  for (const p of named(n)) {
    if (p.type === "pair") items.push(`[${ex(c, p.childForFieldName("key")!, P.assign)}, ${ex(c, p.childForFieldName("value")!, P.assign)}]`);
    else if (p.type === "dictionary_splat") {
      c.uses.add("py");
      items.push(`...py.items(${ex(c, named(p)[0], P.assign)})`);
    }
  }
  return out(items.length ? `new Map([${items.join(", ")}])` : "new Map()", P.call);
}

/** A comprehension as an immediately-called function (async when it awaits). */
function comprehension(c: Context, n: Node, as: "list" | "pairs"): Out {
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

function comprehensionBody(c: Context, n: Node, as: "list" | "pairs"): Out {
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

function hasAwait(n: Node): boolean {
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

// ---- attribute, subscript ----

function attribute(c: Context, n: Node): Out {
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

function subscript(c: Context, n: Node): Out {
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
  if (s.type === "integer" && (k === "list" || k === "str" || k === "unknown" || k === "bytes")) return out(`${v}[${s.text}]`, P.call);
  if (s.type === "unary_operator" && s.child(0)!.text === "-" && named(s)[0]?.type === "integer" && k !== "dict") return out(`${v}.at(-${named(s)[0].text})`, P.call);
  c.uses.add("py");
  return out(`py.getitem(${ex(c, value, P.assign)}, ${ex(c, s, P.assign)})`, P.call);
}

// ---- operators ----

function binary(c: Context, n: Node): Out {
  const left = n.childForFieldName("left")!;
  const right = n.childForFieldName("right")!;
  const op = n.childForFieldName("operator")!.text;
  const lk = kind(c, left), rk = kind(c, right);
  const helper = (fn: string) => {
    c.uses.add("py");
    return out(`py.${fn}(${ex(c, left, P.assign)}, ${ex(c, right, P.assign)})`, P.call);
  };
  switch (op) {
    case "+":
      if (["list", "bytes"].includes(lk) || ["list", "bytes"].includes(rk)) return helper("add");
      return out(`${ex(c, left, P.add)} + ${ex(c, right, P.add + 1)}`, P.add);
    case "-": return out(`${ex(c, left, P.add)} - ${ex(c, right, P.add + 1)}`, P.add);
    case "*":
      if (lk === "str" || rk === "str" || lk === "list" || rk === "list" || lk === "bytes" || rk === "bytes") return helper("mul");
      return out(`${ex(c, left, P.mul)} * ${ex(c, right, P.mul + 1)}`, P.mul);
    case "/": return out(`${ex(c, left, P.mul)} / ${ex(c, right, P.mul + 1)}`, P.mul);
    case "//": return helper("floordiv");
    case "%":
      if (lk === "num" && right.type === "integer" && isNonNegLiteral(left)) return out(`${ex(c, left, P.mul)} % ${ex(c, right, P.mul + 1)}`, P.mul);
      return helper("mod");
    case "**": return out(`${ex(c, left, P.exp + 1)} ** ${ex(c, right, P.exp)}`, P.exp);
    case "<<": case ">>": return out(`${ex(c, left, P.shift)} ${op} ${ex(c, right, P.shift + 1)}`, P.shift);
    case "&": return out(`${ex(c, left, P.band)} & ${ex(c, right, P.band + 1)}`, P.band);
    case "|":
      if (lk === "set" || lk === "dict") return out(`new ${lk === "set" ? "Set" : "Map"}([...${ex(c, left, P.call)}, ...${ex(c, right, P.call)}])`, P.call);
      return out(`${ex(c, left, P.bor)} | ${ex(c, right, P.bor + 1)}`, P.bor);
    case "^": return out(`${ex(c, left, P.bxor)} ^ ${ex(c, right, P.bxor + 1)}`, P.bxor);
    case "@": return out(`${c.diag(n, 4005, "matrix multiplication")}undefined`, P.primary);
  }
  return out(`${c.diag(n, 4005, `operator ${op}`)}undefined`, P.primary);
}

function isNonNegLiteral(n: Node): boolean {
  return n.type === "integer";
}

function boolean(c: Context, n: Node): Out {
  const left = n.childForFieldName("left")!;
  const right = n.childForFieldName("right")!;
  const op = n.childForFieldName("operator")!.text;
  const lk = kind(c, left), rk = kind(c, right);
  const jsOk = (k: Kind) => k === "bool" || k === "num" || k === "str" || k === "none" || k === "obj";
  if (jsOk(lk) && (rk === "bool" || jsOk(rk))) {
    return op === "and" ? out(`${ex(c, left, P.and)} && ${ex(c, right, P.and + 1)}`, P.and) : out(`${ex(c, left, P.or)} || ${ex(c, right, P.or + 1)}`, P.or);
  }
  c.uses.add("py");
  return out(`py.${op}(${ex(c, left, P.assign)}, () => ${ex(c, right, P.assign)})`, P.call);
}

/** A value in a condition: JS truthiness where it agrees with Python's, else py.bool(). */
export function cond(c: Context, n: Node, min: number): string {
  if (n.type === "boolean_operator") {
    const op = n.childForFieldName("operator")!.text;
    const l = cond(c, n.childForFieldName("left")!, op === "and" ? P.and : P.or);
    const r = cond(c, n.childForFieldName("right")!, (op === "and" ? P.and : P.or) + 1);
    return wrap(out(`${l} ${op === "and" ? "&&" : "||"} ${r}`, op === "and" ? P.and : P.or), min);
  }
  if (n.type === "not_operator") return wrap(out(`!${cond(c, n.childForFieldName("argument")!, P.unary)}`, P.unary), min);
  if (n.type === "parenthesized_expression" && named(n)[0]) return cond(c, named(n)[0], min);
  const k = kind(c, n);
  if (k === "bool" || k === "num" || k === "str" || k === "none" || k === "obj") return ex(c, n, min);
  c.uses.add("py");
  return `py.bool(${ex(c, n, P.assign)})`;
}

function comparison(c: Context, n: Node): Out {
  const operands: Node[] = [];
  const ops: string[] = [];
  for (let i = 0; i < n.childCount; i++) {
    const ch = n.child(i)!;
    if (n.fieldNameForChild(i) === "operators") ops.push(ch.text.replace(/\s+/g, " "));
    else if (ch.isNamed && ch.type !== "comment") operands.push(ch);
  }
  const parts: string[] = [];
  for (let i = 0; i < ops.length; i++) parts.push(compare(c, operands[i], ops[i], operands[i + 1]).text);
  if (parts.length === 1) return compare(c, operands[0], ops[0], operands[1]);
  return out(parts.map((p) => `(${p})`).join(" && "), P.and);
}

function isPrimitiveLiteral(n: Node): boolean {
  return ["integer", "float", "string", "true", "false", "concatenated_string"].includes(n.type) || (n.type === "unary_operator" && isPrimitiveLiteral(named(n)[0]));
}

function compare(c: Context, a: Node, op: string, b: Node): Out {
  const ak = kind(c, a), bk = kind(c, b);
  const prim = (k: Kind) => k === "num" || k === "str" || k === "bool";
  switch (op) {
    case "is": case "is not": {
      const neg = op === "is not";
      if (a.type === "none" || b.type === "none") {
        const other = a.type === "none" ? b : a;
        return out(`${ex(c, other, P.eq + 1)} ${neg ? "!=" : "=="} null`, P.eq);
      }
      return out(`${ex(c, a, P.eq)} ${neg ? "!==" : "==="} ${ex(c, b, P.eq + 1)}`, P.eq);
    }
    case "==": case "!=": {
      const neg = op === "!=";
      if (a.type === "none" || b.type === "none") {
        const other = a.type === "none" ? b : a;
        return out(`${ex(c, other, P.eq + 1)} ${neg ? "!=" : "=="} null`, P.eq);
      }
      if (isPrimitiveLiteral(a) || isPrimitiveLiteral(b) || (prim(ak) && prim(bk))) return out(`${ex(c, a, P.eq)} ${neg ? "!==" : "==="} ${ex(c, b, P.eq + 1)}`, P.eq);
      c.uses.add("py");
      const t = `py.eq(${ex(c, a, P.assign)}, ${ex(c, b, P.assign)})`;
      return neg ? out(`!${t}`, P.unary) : out(t, P.call);
    }
    case "in": case "not in": {
      c.uses.add("py");
      const t = `py.contains(${ex(c, b, P.assign)}, ${ex(c, a, P.assign)})`;
      return op === "in" ? out(t, P.call) : out(`!${t}`, P.unary);
    }
    case "<": case ">": case "<=": case ">=":
      if (prim(ak) || prim(bk) || isPrimitiveLiteral(a) || isPrimitiveLiteral(b)) return out(`${ex(c, a, P.rel)} ${op} ${ex(c, b, P.rel + 1)}`, P.rel);
      c.uses.add("py");
      if (op === "<") return out(`py.lt(${ex(c, a, P.assign)}, ${ex(c, b, P.assign)})`, P.call);
      if (op === ">") return out(`py.lt(${ex(c, b, P.assign)}, ${ex(c, a, P.assign)})`, P.call);
      if (op === "<=") return out(`!py.lt(${ex(c, b, P.assign)}, ${ex(c, a, P.assign)})`, P.unary);
      return out(`!py.lt(${ex(c, a, P.assign)}, ${ex(c, b, P.assign)})`, P.unary);
    case "<>": break;
  }
  return out(`${c.diag(a, 4005, `comparison ${op}`)}false`, P.primary);
}

// ---- lambda ----

function lambda(c: Context, n: Node): Out {
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

// ---- calls ----

interface Args {
  positional: string[];
  keywords: [string, string][];
  splat: boolean;
  /** keyword values that are dict displays with str keys, as object literals (for asyncio's options: env=) */
  objectValues: Map<number, string>;
}

export function args(c: Context, list: Node): Args {
  const a: Args = { positional: [], keywords: [], splat: false, objectValues: new Map() };
  if (list.type === "generator_expression") {
    a.positional.push(comprehension(c, list, "list").text);
    return a;
  }
  for (const x of named(list)) {
    if (x.type === "keyword_argument") {
      const v = x.childForFieldName("value")!;
      a.keywords.push([x.childForFieldName("name")!.text, ex(c, v, P.assign)]);
      if (v.type === "dictionary" && named(v).every((p) => p.type === "pair" && p.childForFieldName("key")!.type === "string")) a.objectValues.set(a.keywords.length - 1, objectLiteral(c, v));
    }
    else if (x.type === "list_splat") {
      a.splat = true;
      a.positional.push(`...${ex(c, named(x)[0], P.assign)}`);
    } else if (x.type === "dictionary_splat") {
      // **d: a dict is a Map, the options object a plain object.
      c.uses.add("py");
      a.keywords.push(["...", `py.kwargs(${ex(c, named(x)[0], P.assign)})`]);
    }
    else a.positional.push(ex(c, x, P.assign));
  }
  return a;
}

function optionsObject(kws: [string, string][]): string {
  return `{ ${kws.map(([k, v]) => (k === "..." ? `...${v}` : k === v ? k : `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${v}`)).join(", ")} }`;
}

/** Arguments for an asyncio API: keywords become an options object, or kw({...}) for *args functions. */
function apiArgs(c: Context, api: string, a: Args): string {
  const pos = [...a.positional];
  let kws = a.keywords.map(([k, v], i): [string, string] => [k, a.objectValues.get(i) ?? v]);
  const posNames = POSITIONAL[api];
  if (posNames) {
    const all = kws;
    kws = [];
    for (const [k, v] of all) {
      const i = posNames.indexOf(k);
      if (i >= 0) {
        while (pos.length < i) pos.push("undefined");
        pos[i] = v;
      } else kws.push([k, v]);
    }
  }
  if (kws.length) {
    if (KW_STAR_ARGS.has(api)) {
      c.uses.add("kw");
      pos.push(`kw(${optionsObject(kws)})`);
    } else pos.push(optionsObject(kws));
  }
  return pos.join(", ");
}

/** Arguments for a user function whose signature is known: keywords go to their positions. */
function userArgs(c: Context, sig: Param[], a: Args): string {
  const pos = [...a.positional];
  const kwOnly: [string, string][] = [];
  const positional = sig.filter((p) => p.kind === "positional");
  for (const [k, v] of a.keywords) {
    const i = positional.findIndex((p) => p.name === k);
    if (i >= 0 && !a.splat) {
      while (pos.length < i) pos.push("undefined");
      pos[i] = v;
    } else kwOnly.push([k, v]);
  }
  if (kwOnly.length) {
    if (sig.some((p) => p.kind === "star")) {
      c.uses.add("kw");
      pos.push(`kw(${optionsObject(kwOnly)})`);
    } else {
      while (pos.length < positional.length) pos.push("undefined");
      pos.push(optionsObject(kwOnly));
    }
  }
  return pos.join(", ");
}

function isClassName(c: Context, fn: Node): boolean {
  const last = fn.type === "attribute" ? fn.childForFieldName("attribute")!.text : fn.type === "identifier" ? fn.text : "";
  if (!last) return false;
  if (fn.type === "identifier" && c.classes.has(last)) return true;
  if (fn.type === "identifier" && c.isBuiltin(last) && last in BUILTIN_EXCEPTIONS) return true;
  return /^[A-Z]/.test(last) && !/^[A-Z0-9_]+$/.test(last);
}

/** The asyncio API a callee names (`asyncio.sleep`, an imported `sleep`), if any. */
function apiOf(c: Context, fn: Node): string | null {
  if (fn.type === "attribute") {
    const obj = fn.childForFieldName("object")!;
    if (obj.type === "identifier" && ["asyncio", "contextvars", "contextlib"].includes(c.modules.get(obj.text) ?? "") && c.lookup(obj.text) === null) return fn.childForFieldName("attribute")!.text;
    return fn.childForFieldName("attribute")!.text; // a method: matched by name
  }
  if (fn.type === "identifier") {
    const imp = c.named.get(fn.text);
    if (imp && ["asyncio", "contextvars", "contextlib"].includes(imp[0])) return imp[1];
  }
  return null;
}

function call(c: Context, n: Node): Out {
  const fn = n.childForFieldName("function")!;
  const argList = n.childForFieldName("arguments")!;
  if (fn.type === "identifier" && c.isBuiltin(fn.text)) {
    const b = builtinCall(c, fn.text, argList, n);
    if (b) return b;
  }
  if (fn.type === "attribute") {
    const m = methodCall(c, fn, argList, n);
    if (m) return m;
  }
  if (fn.type === "attribute" && fn.childForFieldName("object")!.type === "call" && fn.childForFieldName("object")!.childForFieldName("function")!.text === "super") {
    const attr = fn.childForFieldName("attribute")!.text;
    const a = args(c, argList);
    if (attr === "__init__") return out(`super(${a.positional.join(", ")})`, P.call);
    return out(`super.${attr}(${a.positional.join(", ")})`, P.call);
  }
  const api = apiOf(c, fn);
  const a = args(c, argList);
  if (api === "call_exception_handler" || api === "default_exception_handler") {
    // The handler's context is a plain object with Python's keys (SPEC §2.4).
    const d = named(argList)[0];
    if (d?.type === "dictionary") a.positional[0] = objectLiteral(c, d);
  }
  const callee = ex(c, fn, P.call);
  const isNew = isClassName(c, fn);
  const generic = isNew && api && GENERIC_CLASSES.has(api) ? "<any>" : "";
  let argText: string;
  const userName = fn.type === "identifier" ? fn.text : fn.type === "attribute" ? fn.childForFieldName("attribute")!.text : "";
  const sig = c.signatures.get(isNew ? `${userName}.__init__` : userName);
  if (sig && (c.classes.has(userName) || c.lookup(userName) !== null || fn.type === "attribute" && !isApiNamespace(c, fn))) argText = userArgs(c, sig, a);
  else if (api) argText = apiArgs(c, api, a);
  else argText = a.keywords.length ? [...a.positional, optionsObject(a.keywords)].join(", ") : a.positional.join(", ");
  if (isNew) return out(`new ${callee}${generic}(${argText})`, P.call);
  // A variable that holds a class (`for cls in [Queue, LifoQueue]: cls()`): construct it if it is one.
  if (fn.type === "identifier" && /(^|_)(cls|klass|class|type|factory|kind)$/i.test(fn.text) && c.lookup(fn.text) !== null && !c.lookup(fn.text)!.locals.get(fn.text)!.isFunction) {
    c.uses.add("py");
    return out(`py.call(${[callee, argText].filter(Boolean).join(", ")})`, P.call);
  }
  return out(`${callee}(${argText})`, P.call);
}

function isApiNamespace(c: Context, fn: Node): boolean {
  const obj = fn.childForFieldName("object");
  return !!obj && obj.type === "identifier" && c.modules.has(obj.text) && c.lookup(obj.text) === null;
}

/** The argument nodes of a call: `f(x for x in y)` has the generator as its one argument. */
function argNodes(argList: Node): Node[] {
  return argList.type === "generator_expression" ? [argList] : named(argList).filter((x) => x.type !== "keyword_argument");
}

function builtinCall(c: Context, f: string, argList: Node, n: Node): Out | null {
  const a = args(c, argList);
  const one = a.positional[0];
  const py = (name: string, text = a.positional.join(", ")) => {
    c.uses.add("py");
    return out(`py.${name}(${text})`, P.call);
  };
  switch (f) {
    case "print": {
      c.uses.add("print");
      const kws = a.keywords.map(([k, v]) => [k, k === "file" && v === `${c.ns}.stdout` ? v : v] as [string, string]);
      if (kws.length) c.uses.add("kw");
      return out(`print(${[...a.positional, ...(kws.length ? [`kw(${optionsObject(kws)})`] : [])].join(", ")})`, P.call);
    }
    case "len": {
      const arg = argNodes(argList)[0];
      const k = arg ? kind(c, arg) : "unknown";
      if (k === "list" || k === "str" || k === "bytes") return out(`${ex(c, arg, P.call)}.length`, P.call);
      if (k === "dict" || k === "set") return out(`${ex(c, arg, P.call)}.size`, P.call);
      return py("len");
    }
    case "type": {
      if (a.positional.length === 1) return out(`${wrap({ text: one, prec: P.assign }, P.call)}.constructor`, P.call);
      return null;
    }
    case "isinstance": {
      const [v, t] = argNodes(argList);
      const types = t.type === "tuple" ? named(t) : [t];
      const tests = types.map((ty) => {
        if (ty.type === "identifier" && c.isBuiltin(ty.text) && ["int", "float", "str", "bool", "list", "tuple", "dict", "set", "bytes", "object"].includes(ty.text)) {
          c.uses.add("py");
          return `py.isinstance(${ex(c, v, P.assign)}, ${JSON.stringify(ty.text)})`;
        }
        return `${ex(c, v, P.rel)} instanceof ${ex(c, ty, P.rel + 1)}`;
      });
      return out(tests.join(" || "), tests.length > 1 ? P.or : P.rel);
    }
    case "sorted": case "min": case "max": {
      const opts = a.keywords.length ? `, ${optionsObject(a.keywords)}` : "";
      if (a.positional.length > 1 && f !== "sorted") return py(f, `[${a.positional.join(", ")}]${opts}`);
      return py(f, `${one}${opts}`);
    }
    case "bytes": return out(`${c.ns}.bytes(${a.positional.join(", ")})`, P.call);
    case "bytearray": c.uses.add("py"); return out(`new py.bytearray(${a.positional.join(", ")})`, P.call);
    case "str": return a.positional.length ? py("str") : out('""', P.primary);
    case "repr": return py("repr");
    case "int": return a.positional.length ? py("int") : out("0", P.primary);
    case "float": return a.positional.length ? py("float") : out("0", P.primary);
    case "bool": return a.positional.length ? py("bool") : out("false", P.primary);
    case "list": case "tuple": return a.positional.length ? py("list") : out("[]", P.primary);
    case "set": return out(a.positional.length ? `new Set(${iterable(c, argNodes(argList)[0], false)})` : "new Set()", P.call);
    case "frozenset": return out(a.positional.length ? `new Set(${iterable(c, argNodes(argList)[0], false)})` : "new Set()", P.call);
    case "dict": {
      if (a.keywords.length && !a.positional.length) return out(`new Map([${a.keywords.map(([k, v]) => `[${JSON.stringify(k)}, ${v}]`).join(", ")}])`, P.call);
      if (!a.positional.length) return out("new Map()", P.call);
      const arg = argNodes(argList)[0];
      if (kind(c, arg) === "dict") return out(`new Map(${one})`, P.call);
      return out(`new Map(${one})`, P.call);
    }
    case "range": case "sum": case "any": case "all": case "enumerate": case "zip": case "reversed": case "round":
      return py(f);
    case "abs": return out(`Math.abs(${one})`, P.call);
    case "callable": return out(`typeof ${wrap({ text: one, prec: P.assign }, P.unary)} === "function"`, P.eq);
    case "getattr": {
      const [o, k, d] = a.positional;
      return d ? out(`(${o}[${k}] ?? ${d})`, P.primary) : out(`${o}[${k}]`, P.call);
    }
    case "hasattr": return out(`${a.positional[1]} in ${a.positional[0]}`, P.rel);
    case "setattr": return out(`(${a.positional[0]}[${a.positional[1]}] = ${a.positional[2]})`, P.primary);
    case "chr": return out(`String.fromCodePoint(${one})`, P.call);
    case "ord": return out(`${wrap({ text: one, prec: P.assign }, P.call)}.codePointAt(0)!`, P.call);
    case "format": return py("format");
    case "next": return null;
    case "anext": case "aiter": return out(`${c.ns}.${f}(${a.positional.join(", ")})`, P.call);
    case "iter": return out(`${wrap({ text: one, prec: P.assign }, P.call)}[Symbol.iterator]()`, P.call);
    case "id": case "hash": case "open": case "input": case "exec": case "eval": case "globals": case "locals": case "vars": case "__import__":
      return out(`${c.diag(n, 4008, `the built-in ${f}() has no faithful translation`)}undefined`, P.primary);
  }
  return null;
}

const STR_ONLY: Record<string, string> = { upper: "toUpperCase", lower: "toLowerCase", startswith: "startsWith", endswith: "endsWith", lstrip: "trimStart", rstrip: "trimEnd" };

function methodCall(c: Context, fn: Node, argList: Node, n: Node): Out | null {
  const obj = fn.childForFieldName("object")!;
  const m = fn.childForFieldName("attribute")!.text;
  const k = kind(c, obj);
  // Module functions: time.*, sys.exit, asyncio's that need a shape change.
  if (obj.type === "identifier" && c.lookup(obj.text) === null) {
    const mod = c.modules.get(obj.text);
    if (mod === "time") {
      if (m === "monotonic" || m === "perf_counter") return out("performance.now() / 1000", P.mul);
      if (m === "time") return out("Date.now() / 1000", P.mul);
      if (m === "sleep") return out(`${c.diag(n, 4009, "time.sleep() blocks the loop; use await asyncio.sleep()")}undefined`, P.primary);
    }
    if (mod === "json" && m === "dumps" && !args(c, argList).keywords.length) { c.uses.add("py"); return out(`py.dumps(${args(c, argList).positional.join(", ")})`, P.call); }
    if (mod === "os" && m === "getpid") return out("process.pid", P.call);
    if (mod === "os" && m === "kill") return out(`process.kill(${args(c, argList).positional.join(", ")})`, P.call);
    if (mod === "sys" && m === "exit") {
      const a = args(c, argList);
      return out(`(() => { throw new ${c.ns}.SystemExit(${a.positional.join(", ")}); })()`, P.call);
    }
    if (mod === "random") return out(`${c.diag(n, 4012, `random.${m}(): Python's Mersenne Twister sequence is not reproduced; use a fixed sequence`)}Math.random()`, P.mul);
    if (mod && !["asyncio", "contextvars", "contextlib", "subprocess", "asyncio.subprocess", "signal"].includes(mod)) {
      return out(`${c.diag(n, 4013, `module ${mod} is not translated`)}undefined`, P.primary);
    }
  }
  const recv = () => ex(c, obj, P.call);
  const a = () => args(c, argList);
  if (m in STR_ONLY && k === "str") return out(`${recv()}.${STR_ONLY[m]}(${a().positional.join(", ")})`, P.call);
  // A str method on what may be bytes (a protocol's data, a stream's line): the helper takes both.
  if ((m in STR_ONLY || m === "strip" || m === "replace") && (k === "unknown" || k === "bytes")) {
    const args2 = a();
    if (!args2.keywords.length) {
      c.uses.add("py");
      return out(`py.${m}(${[ex(c, obj, P.assign), ...args2.positional].join(", ")})`, P.call);
    }
  }
  switch (m) {
    case "append": if (k === "list" || k === "unknown") return out(`${recv()}.push(${a().positional.join(", ")})`, P.call); break;
    case "extend": if (k === "list" || k === "unknown") { c.uses.add("py"); return out(`py.extend(${ex(c, obj, P.assign)}, ${a().positional[0]})`, P.call); } break;
    case "insert": if (k === "list" || k === "unknown") { const [i, v] = a().positional; return out(`${recv()}.splice(${i}, 0, ${v})`, P.call); } break;
    case "remove": if (k === "list") { const v = a().positional[0]; return out(`${recv()}.splice(${recv()}.indexOf(${v}), 1)`, P.call); } break;
    case "pop":
      if (k === "list" || k === "dict" || (k === "unknown" && argNodes(argList).length > 0)) {
        c.uses.add("py");
        return out(`py.pop(${[ex(c, obj, P.assign), ...a().positional].join(", ")})`, P.call);
      }
      if (k === "unknown") return out(`${recv()}.pop()`, P.call);
      break;
    case "get": if (k === "dict" || (k === "unknown" && argNodes(argList).length > 0)) { c.uses.add("py"); return out(`py.get(${[ex(c, obj, P.assign), ...a().positional].join(", ")})`, P.call); } break;
    case "setdefault": case "items": case "keys": case "values":
      if (k === "dict" || k === "unknown") { c.uses.add("py"); return out(`py.${m}(${[ex(c, obj, P.assign), ...a().positional].join(", ")})`, P.call); }
      break;
    case "copy": if (k === "list") return out(`[...${recv()}]`, P.primary); if (k === "dict") return out(`new Map(${recv()})`, P.call); if (k === "set") return out(`new Set(${recv()})`, P.call); break;
    case "clear": if (k === "list") return out(`${recv()}.length = 0`, P.assign); break;
    case "discard": if (k === "set") return out(`${recv()}.delete(${a().positional[0]})`, P.call); break;
    case "update": if (k === "dict") return out(`${c.diag(n, 4013, "dict.update")}undefined`, P.primary); break;
    case "sort": if (k === "list" || k === "unknown") {
      const args2 = a();
      c.uses.add("py");
      const sorted = `py.sorted(${ex(c, obj, P.assign)}${args2.keywords.length ? `, ${optionsObject(args2.keywords)}` : ""})`;
      return out(`${recv()}.splice(0, ${recv()}.length, ...${sorted})`, P.call);
    } break;
    case "join": if (k === "str") {
      const arg = argNodes(argList)[0];
      const it = kind(c, arg) === "list" ? ex(c, arg, P.call) : (c.uses.add("py"), `py.list(${ex(c, arg, P.assign)})`);
      return out(`${it}.join(${ex(c, obj, P.assign)})`, P.call);
    } break;
    case "split": if (k === "str") {
      const args2 = a();
      if (!args2.positional.length) return out(`${recv()}.trim().split(/\\s+/)`, P.call);
      return out(`${recv()}.split(${args2.positional.join(", ")})`, P.call);
    } break;
    case "strip": if (k === "str") { const p = a().positional; if (p.length) { c.uses.add("py"); return out(`py.strip(${[ex(c, obj, P.assign), ...p].join(", ")})`, P.call); } return out(`${recv()}.trim()`, P.call); } break;
    case "replace": if (k === "str") return out(`${recv()}.replaceAll(${a().positional.join(", ")})`, P.call); break;
    case "format": if (k === "str") {
      const args2 = a();
      c.uses.add("py");
      return out(`py.strFormat(${ex(c, obj, P.assign)}, [${args2.positional.join(", ")}]${args2.keywords.length ? `, ${optionsObject(args2.keywords)}` : ""})`, P.call);
    } break;
    case "encode": if (k === "str" || k === "unknown") { c.uses.add("py"); return out(`py.encode(${ex(c, obj, P.assign)})`, P.call); } break;
    case "decode": if (k === "bytes" || k === "unknown") { c.uses.add("py"); return out(`py.decode(${ex(c, obj, P.assign)})`, P.call); } break;
    case "count": if (k === "list" || k === "str") { c.uses.add("py"); return out(`py.list(${ex(c, obj, P.assign)}).filter((x) => py.eq(x, ${a().positional[0]})).length`, P.call); } break;
    case "index": if (k === "list") return out(`${recv()}.indexOf(${a().positional[0]})`, P.call); break;
  }
  return null;
}

// ---- kinds ----

/** What an expression evidently evaluates to (unknown when it is not evident). */
export function kind(c: Context, n: Node): Kind {
  switch (n.type) {
    case "integer": case "float": return "num";
    case "string": return n.children.find((x) => x?.type === "string_start")!.text.toLowerCase().includes("b") ? "bytes" : "str";
    case "concatenated_string": return "str";
    case "true": case "false": return "bool";
    case "none": return "none";
    case "list": case "list_comprehension": case "tuple": case "generator_expression": return "list";
    case "dictionary": case "dictionary_comprehension": return "dict";
    case "set": case "set_comprehension": return "set";
    case "comparison_operator": case "not_operator": return "bool";
    case "lambda": return "obj";
    case "parenthesized_expression": return named(n)[0] ? kind(c, named(n)[0]) : "unknown";
    case "unary_operator": return "num";
    case "identifier": {
      for (let i = c.comprehensionKinds.length - 1; i >= 0; i--) {
        const k = c.comprehensionKinds[i].get(n.text);
        if (k !== undefined) return k;
      }
      if (c.selfName && n.text === c.selfName) return "obj";
      if (c.classes.has(n.text)) return "obj";
      return c.kindOfName(n.text, (v) => kind(c, v));
    }
    case "binary_operator": {
      const op = n.childForFieldName("operator")!.text;
      const l = kind(c, n.childForFieldName("left")!), r = kind(c, n.childForFieldName("right")!);
      if (op === "+" && (l === "str" || r === "str")) return "str";
      if (op === "+" && l === "list" && r === "list") return "list";
      if (op === "%" && l === "str") return "str";
      if (op === "*" && (l === "str" || r === "str")) return "str";
      if (op === "*" && (l === "list" || r === "list")) return "list";
      if ((op === "*" && (l === "bytes" || r === "bytes")) || (op === "+" && l === "bytes" && r === "bytes")) return "bytes";
      if (l === "num" && r === "num") return "num";
      if ((l === "num" || r === "num") && ["-", "/", "//", "**", "*", "%"].includes(op)) return "num";
      return "unknown";
    }
    case "boolean_operator": {
      const l = kind(c, n.childForFieldName("left")!), r = kind(c, n.childForFieldName("right")!);
      return l === r ? l : "unknown";
    }
    case "conditional_expression": {
      const [a, , b] = named(n);
      const ka = kind(c, a), kb = kind(c, b);
      return ka === kb ? ka : "unknown";
    }
    case "attribute": {
      const obj = n.childForFieldName("object")!;
      const attr = n.childForFieldName("attribute")!.text;
      if (c.selfName && obj.type === "identifier" && obj.text === c.selfName) return c.attrKind(attr, (v) => kind(c, v));
      if (attr === "args" || attr === "exceptions") return "list";
      if (attr === "argv" && obj.type === "identifier" && c.modules.get(obj.text) === "sys") return "list";
      if (attr === "__name__" || attr === "message") return "str";
      if (attr === "maxsize" || attr === "parties" || attr === "n_waiting" || attr === "returncode" || attr === "pid") return "num";
      if (attr === "broken") return "bool";
      return "unknown";
    }
    case "await": return "unknown";
    case "call": {
      const fn = n.childForFieldName("function")!;
      if (fn.type === "identifier") {
        const f = fn.text;
        if (c.classes.has(f)) return "obj";
        if (c.isBuiltin(f)) {
          if (["len", "int", "float", "sum", "abs", "round", "ord"].includes(f)) return "num";
          if (["str", "repr", "format", "chr"].includes(f)) return "str";
          if (["sorted", "list", "tuple", "range", "reversed", "enumerate", "zip"].includes(f)) return "list";
          if (["isinstance", "callable", "hasattr", "bool", "any", "all"].includes(f)) return "bool";
          if (f === "dict") return "dict";
          if (f === "bytes" || f === "bytearray") return "bytes";
          if (f === "set" || f === "frozenset") return "set";
          if (f === "type") return "obj";
        }
        if (/^[A-Z]/.test(f)) return "obj";
        return "unknown";
      }
      if (fn.type === "attribute") {
        const m = fn.childForFieldName("attribute")!.text;
        const obj = fn.childForFieldName("object")!;
        if (obj.type === "identifier" && c.lookup(obj.text) === null) {
          const mod = c.modules.get(obj.text);
          if (mod === "time") return "num";
          if (mod === "json" && m === "dumps") return "str";
          if (mod === "asyncio" && ["create_task", "ensure_future", "get_running_loop", "get_event_loop", "new_event_loop", "current_task", "timeout", "timeout_at", "shield", "Queue", "Lock", "Event", "Condition", "Semaphore", "BoundedSemaphore", "Barrier", "TaskGroup", "Runner", "Future", "create_eager_task_factory", "wrap_future"].includes(m)) return "obj";
          if (mod === "asyncio" && (m === "iscoroutine" || m === "iscoroutinefunction" || m === "isfuture")) return "bool";
          if (mod === "asyncio" && m === "all_tasks") return "set";
        }
        if (BOOL_METHODS.has(m)) return "bool";
        if (NUM_METHODS.has(m)) return "num";
        if (STR_METHODS.has(m) || (m === "get_name")) return "str";
        if (m === "split" && kind(c, obj) === "str") return "list";
        if (m === "encode") return "bytes";
        if (m === "copy") return kind(c, obj);
        if (m === "create_task" || m === "create_future" || m === "call_soon" || m === "call_later" || m === "call_at") return "obj";
        if (/^[A-Z]/.test(m)) return "obj";
      }
      return "unknown";
    }
  }
  return "unknown";
}
