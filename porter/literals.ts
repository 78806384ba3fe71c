// Literals: numbers' limits, str and bytes literals with Python's escapes, f-strings with
// format specs (through py.format, Python's mini-language), dicts (Maps) and object literals.
import type { Node } from "./python.js";
import type { Context } from "./context.js";
import { P, out, ex, named } from "./expressions.js";
import type { Out } from "./expressions.js";
import { kind } from "./kinds.js";

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

export function stringParts(n: Node): { prefix: string; parts: (string | Node)[] } {
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

export function stringLiteral(c: Context, n: Node): string {
  const { prefix, parts } = stringParts(n);
  if (prefix.includes("b")) {
    c.uses.add("py");
    return `py.bytes(${JSON.stringify(parts.join(""))})`;
  }
  if (!prefix.includes("f")) return jsString(parts.join(""));
  return template(c, parts);
}

export function jsString(s: string): string {
  return JSON.stringify(s).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

export function template(c: Context, parts: (string | Node)[]): string {
  let s = "`";
  for (const p of parts) {
    if (typeof p === "string") s += JSON.stringify(p).slice(1, -1).replace(/\\"/g, '"').replace(/`/g, "\\`").replace(/\$\{/g, "\\${");
    else if (p.type === "format_expression") s += "${" + ex(c, p.childForFieldName("expression")!, P.assign) + "}";
    else s += "${" + interpolation(c, p) + "}";
  }
  return s + "`";
}

export function interpolation(c: Context, n: Node): string {
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

export function concatString(c: Context, n: Node): Out {
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

export function objectLiteral(c: Context, n: Node): string {
  const items = named(n).filter((p) => p.type === "pair").map((p) => {
    const k = p.childForFieldName("key")!;
    const key = k.type === "string" ? ex(c, k, P.assign) : `[${ex(c, k, P.assign)}]`;
    return `${key}: ${ex(c, p.childForFieldName("value")!, P.assign)}`;
  });
  return `{ ${items.join(", ")} }`;
}

export function dict(c: Context, n: Node): Out {
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
