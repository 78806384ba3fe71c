// Calls: arguments, keyword arguments (to an asyncio API's options object or kw({...}) per
// SPEC §2, to a user function's positions), construction with `new`, super().
import type { Node } from "./python.js";
import type { Context, Param } from "./context.js";
import { BUILTIN_EXCEPTIONS, GENERIC_CLASSES, KW_STAR_ARGS, POSITIONAL } from "./apis.js";
import { P, out, ex, named } from "./expressions.js";
import type { Out } from "./expressions.js";
import { objectLiteral } from "./literals.js";
import { comprehension } from "./comprehensions.js";
import { builtinCall, methodCall } from "./builtin_calls.js";

// ---- calls ----

export interface Args {
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

export function optionsObject(kws: [string, string][]): string {
  return `{ ${kws.map(([k, v]) => (k === "..." ? `...${v}` : k === v ? k : `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${v}`)).join(", ")} }`;
}

/** Arguments for an asyncio API: keywords become an options object, or kw({...}) for *args functions. */
export function apiArgs(c: Context, api: string, a: Args): string {
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
export function userArgs(c: Context, sig: Param[], a: Args): string {
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

export function isClassName(c: Context, fn: Node): boolean {
  const last = fn.type === "attribute" ? fn.childForFieldName("attribute")!.text : fn.type === "identifier" ? fn.text : "";
  if (!last) return false;
  if (fn.type === "identifier" && c.classes.has(last)) return true;
  if (fn.type === "identifier" && c.isBuiltin(last) && last in BUILTIN_EXCEPTIONS) return true;
  return /^[A-Z]/.test(last) && !/^[A-Z0-9_]+$/.test(last);
}

/** The asyncio API a callee names (`asyncio.sleep`, an imported `sleep`), if any. */
export function apiOf(c: Context, fn: Node): string | null {
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

export function call(c: Context, n: Node): Out {
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

export function isApiNamespace(c: Context, fn: Node): boolean {
  const obj = fn.childForFieldName("object");
  return !!obj && obj.type === "identifier" && c.modules.has(obj.text) && c.lookup(obj.text) === null;
}

/** The argument nodes of a call: `f(x for x in y)` has the generator as its one argument. */
export function argNodes(argList: Node): Node[] {
  return argList.type === "generator_expression" ? [argList] : named(argList).filter((x) => x.type !== "keyword_argument");
}
