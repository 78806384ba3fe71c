// Operators: arithmetic (`//`, `%` and `*` through py.* unless the operands are evident
// numbers), `and`/`or` with Python's truthiness, conditions, comparisons (`==` on containers,
// `in`, `is None`).
import type { Node } from "./python.js";
import type { Context } from "./context.js";
import type { Kind } from "./scope.js";
import { P, out, wrap, ex, named } from "./expressions.js";
import type { Out } from "./expressions.js";
import { kind } from "./kinds.js";

// ---- operators ----

export function binary(c: Context, n: Node): Out {
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

export function isNonNegLiteral(n: Node): boolean {
  return n.type === "integer";
}

export function boolean(c: Context, n: Node): Out {
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

export function comparison(c: Context, n: Node): Out {
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

export function isPrimitiveLiteral(n: Node): boolean {
  return ["integer", "float", "string", "true", "false", "concatenated_string"].includes(n.type) || (n.type === "unary_operator" && isPrimitiveLiteral(named(n)[0]));
}

export function compare(c: Context, a: Node, op: string, b: Node): Out {
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
