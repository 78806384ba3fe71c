// What an expression evidently is (num, str, bytes, list, dict, ...): the translation uses
// plain JavaScript only where the kind makes it agree with Python.
import type { Node } from "./python.js";
import type { Context } from "./context.js";
import type { Kind } from "./scope.js";
import { BOOL_METHODS, NUM_METHODS, STR_METHODS } from "./apis.js";
import { named } from "./expressions.js";

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
