// Python's built-in functions (len, sorted, isinstance, ...) and the methods of str, bytes,
// list and dict, and the module functions that map to JavaScript (time, os, sys, json).
import type { Node } from "./python.js";
import type { Context } from "./context.js";
import { P, out, wrap, ex, named } from "./expressions.js";
import type { Out } from "./expressions.js";
import { iterable } from "./comprehensions.js";
import { args, optionsObject, argNodes } from "./calls.js";
import { kind } from "./kinds.js";

export function builtinCall(c: Context, f: string, argList: Node, n: Node): Out | null {
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

export const STR_ONLY: Record<string, string> = { upper: "toUpperCase", lower: "toLowerCase", startswith: "startsWith", endswith: "endsWith", lstrip: "trimStart", rstrip: "trimEnd" };

export function methodCall(c: Context, fn: Node, argList: Node, n: Node): Out | null {
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
