// Python statements → TypeScript statements, one line of output at a time, comments and
// blank lines carried over. Shapes:
//   def f(a, b=1, *, c=2):        → function f(a, b = 1, { c = 2 }: any = {}) {
//   async with A() as a, B():     → { await using a = A(); await using _cm1 = B(); ... }
//   try/except T as e/else/finally → try { ... } catch (e) { if (e instanceof T) {...} else throw e; } (else via a flag)
//   for x in range(n):            → for (let x = 0; x < n; x++)
//   class K(Base): def __init__   → class K extends Base { constructor(...) { super(...); ... } }
import type { Node } from "./python.js";
import type { Context } from "./context.js";
import { targetNames, statementOf } from "./scope.js";
import { ex, P, parameters, name, ident } from "./expressions.js";
import { cond } from "./operators.js";
import { pattern, iterable } from "./comprehensions.js";
import { kind } from "./kinds.js";
import { args } from "./calls.js";
import { decodeEscapes } from "./literals.js";

function named(n: Node): Node[] {
  return n.namedChildren.filter((x): x is Node => !!x);
}

/** Writes the statements of a block (or the module), keeping comments and single blank lines. */
export function block(c: Context, body: Node | null, opts: { docstringAsComment?: boolean } = {}): void {
  if (!body) return;
  let prevEnd = -1;
  let first = true;
  for (const s of named(body)) {
    if (prevEnd >= 0 && s.startPosition.row > prevEnd + 1) c.line("");
    if (s.type === "comment") {
      if (prevEnd === s.startPosition.row && c.out.length) c.out[c.out.length - 1] += ` ${comment(s)}`;
      else c.line(comment(s));
    } else if (first && opts.docstringAsComment !== false && isDocstring(s)) {
      docComment(c, s);
    } else statement(c, s);
    prevEnd = s.endPosition.row;
    first = false;
  }
}

function comment(s: Node): string {
  return `//${s.text.slice(1)}`;
}

function isDocstring(s: Node): boolean {
  return s.type === "expression_statement" && named(s)[0]?.type === "string" && !named(s)[0].text.toLowerCase().startsWith("f");
}

function docComment(c: Context, s: Node): void {
  const text = decodeEscapes(named(named(s)[0]).filter((x) => x.type === "string_content").map((x) => x.text).join(""), false).trim();
  const lines = text.split("\n");
  if (lines.length === 1) c.line(`/** ${lines[0].replace(/\*\//g, "* /")} */`);
  else {
    c.line("/**");
    for (const l of lines) c.line(` * ${l.trim().replace(/\*\//g, "* /")}`.trimEnd());
    c.line(" */");
  }
}

export function hoist(c: Context): void {
  const names = c.scope.hoisted.filter((n) => !c.scope.locals.get(n)?.isParam);
  if (names.length) c.line(`let ${names.map(ident).join(", ")};`);
}

export function statement(c: Context, s: Node): void {
  switch (s.type) {
    case "expression_statement": return expressionStatement(c, s);
    case "import_statement": case "import_from_statement": case "future_import_statement": return importStatement(c, s);
    case "function_definition": return functionDef(c, s, []);
    case "decorated_definition": return decorated(c, s);
    case "class_definition": return classDef(c, s, []);
    case "return_statement": {
      const v = named(s)[0];
      c.line(v ? `return ${ex(c, v)};` : "return;");
      return;
    }
    case "pass_statement": return;
    case "break_statement": c.line("break;"); return;
    case "continue_statement": c.line("continue;"); return;
    case "global_statement": case "nonlocal_statement": return;
    case "if_statement": return ifStatement(c, s);
    case "while_statement": return whileStatement(c, s);
    case "for_statement": return forStatement(c, s);
    case "try_statement": return tryStatement(c, s);
    case "with_statement": return withStatement(c, s);
    case "raise_statement": return raiseStatement(c, s);
    case "assert_statement": {
      const [test, msg] = named(s);
      c.uses.add("py");
      c.line(`if (!${cond(c, test, P.unary)}) throw new py.AssertionError(${msg ? ex(c, msg, P.assign) : ""});`);
      return;
    }
    case "delete_statement": {
      for (const t of named(s)) {
        const targets = t.type === "expression_list" ? named(t) : [t];
        for (const x of targets) {
          if (x.type === "subscript") {
            c.uses.add("py");
            c.line(`py.delitem(${ex(c, x.childForFieldName("value")!, P.assign)}, ${ex(c, x.childForFieldName("subscript")!, P.assign)});`);
          } else if (x.type === "attribute") c.line(`delete ${ex(c, x, P.unary)};`);
          else c.line(`${name(c, x)} = undefined;`);
        }
      }
      return;
    }
    case "comment": c.line(comment(s)); return;
    case "match_statement": case "type_alias_statement": case "exec_statement": case "print_statement":
      c.line(`// ${c.diag(s, 4001, `Python '${s.type.replace(/_statement$/, "")}' statement is not translated`)}`);
      return;
  }
  c.line(`// ${c.diag(s, 4001, `Python construct '${s.type}' is not translated`)}`);
}

// ---- expressions as statements, assignments ----

function expressionStatement(c: Context, s: Node): void {
  const e = named(s)[0];
  if (!e) return;
  if (e.type === "assignment") return assignment(c, e);
  if (e.type === "augmented_assignment") return augmented(c, e);
  if (e.type === "string" && !e.text.toLowerCase().startsWith("f")) {
    docComment(c, s);
    return;
  }
  if (e.type === "subscript" && e.childForFieldName("subscript")?.type !== "slice") {
    // `xs[i]` alone is there to raise IndexError/KeyError: keep Python's check.
    c.uses.add("py");
    c.line(`py.getitem(${ex(c, e.childForFieldName("value")!, P.assign)}, ${ex(c, e.childForFieldName("subscript")!, P.assign)});`);
    return;
  }
  c.line(`${ex(c, e)};`);
}

function declKeyword(c: Context, target: Node): string {
  for (const id of targetNames(target)) {
    const d = c.scope.declareAt.get(id.id);
    if (d) return `${d} `;
  }
  return "";
}

function assignment(c: Context, e: Node): void {
  const left = e.childForFieldName("left")!;
  const right = e.childForFieldName("right");
  const typ = e.childForFieldName("type");
  if (!right) {
    if (typ && left.type === "identifier" && c.scope.declareAt.get(left.id)) c.line(`let ${name(c, left)};`);
    return;
  }
  // a = b = value
  if (right.type === "assignment") {
    const chain: Node[] = [left];
    let r: Node = right;
    while (r.type === "assignment" && r.childForFieldName("right")) {
      chain.push(r.childForFieldName("left")!);
      r = r.childForFieldName("right")!;
    }
    const tmp = c.temp("v");
    c.line(`const ${tmp} = ${ex(c, r, P.assign)};`);
    for (const t of chain) assignTo(c, t, tmp);
    return;
  }
  assignTo(c, left, ex(c, right, P.assign), right);
}

function assignTo(c: Context, left: Node, value: string, valueNode?: Node): void {
  switch (left.type) {
    case "identifier": {
      c.line(`${declKeyword(c, left)}${name(c, left)} = ${value};`);
      return;
    }
    case "pattern_list": case "tuple_pattern": case "list_pattern": case "tuple": case "list": case "expression_list": {
      const kw = declKeyword(c, left);
      const names = targetNames(left);
      const simple = names.length === countTargets(left);
      if (simple && (kw || names.every((n) => !c.scope.declareAt.get(n.id)))) {
        // Mixed declared/undeclared names in one pattern are split below.
        const allDeclaredHere = names.every((n) => c.scope.declareAt.get(n.id));
        if (kw && allDeclaredHere) {
          c.line(`${kw.includes("const") && names.every((n) => c.scope.declareAt.get(n.id) === "const") ? "const" : "let"} ${pattern(c, left)} = ${value};`);
          return;
        }
        if (!kw) {
          c.line(`${wrapPatternAssign(pattern(c, left))} = ${value};`);
          return;
        }
      }
      const tmp = c.temp("t");
      c.line(`const ${tmp} = ${value};`);
      named(left).forEach((t, i) => {
        if (t.type === "list_splat_pattern") assignTo(c, named(t)[0], `${tmp}.slice(${i})`);
        else assignTo(c, t, `${tmp}[${i}]`);
      });
      return;
    }
    case "attribute": c.line(`${ex(c, left, P.call)} = ${value};`); return;
    case "subscript": {
      const obj = left.childForFieldName("value")!;
      const sub = left.childForFieldName("subscript")!;
      const k = kind(c, obj);
      if (k === "list" && sub.type === "integer") c.line(`${ex(c, obj, P.call)}[${sub.text}] = ${value};`);
      else if (k === "dict") c.line(`${ex(c, obj, P.call)}.set(${ex(c, sub, P.assign)}, ${value});`);
      else {
        c.uses.add("py");
        c.line(`py.setitem(${ex(c, obj, P.assign)}, ${ex(c, sub, P.assign)}, ${value});`);
      }
      return;
    }
    case "parenthesized_expression": assignTo(c, named(left)[0], value, valueNode); return;
  }
  c.line(`// ${c.diag(left, 4001, `assignment to '${left.type}'`)}`);
}

function countTargets(t: Node): number {
  return named(t).reduce((n, x) => n + (x.type === "identifier" ? 1 : x.type === "list_splat_pattern" ? 1 : ["pattern_list", "tuple_pattern", "list_pattern", "tuple", "list"].includes(x.type) ? countTargets(x) : 1000), 0);
}

function wrapPatternAssign(p: string): string {
  return p.startsWith("[") ? `;${p}`.slice(1) : p;
}

function augmented(c: Context, e: Node): void {
  const left = e.childForFieldName("left")!;
  const right = e.childForFieldName("right")!;
  const op = e.childForFieldName("operator")!.text.slice(0, -1);
  const lk = kind(c, left);
  const target = ex(c, left, P.call);
  const r = ex(c, right, P.assign);
  if (left.type === "subscript") {
    const obj = left.childForFieldName("value")!;
    const sub = left.childForFieldName("subscript")!;
    const k = kind(c, obj);
    c.uses.add("py");
    const o = ex(c, obj, P.assign), key = ex(c, sub, P.assign);
    const rk = kind(c, right);
    if (op === "+" && rk !== "num" && rk !== "str") {
      // The element's type is not evident: bytes and lists concatenate through py.add.
      c.line(`py.setitem(${o}, ${key}, py.add(py.getitem(${o}, ${key}), ${r}));`);
      return;
    }
    if (k === "dict") c.line(`${ex(c, obj, P.call)}.set(${key}, py.getitem(${o}, ${key}) ${op} ${wrapR(r)});`);
    else c.line(`py.setitem(${o}, ${key}, py.getitem(${o}, ${key}) ${op} ${wrapR(r)});`);
    return;
  }
  switch (op) {
    case "+":
      if (lk === "list" || kind(c, right) === "list") { c.uses.add("py"); c.line(`py.extend(${target}, ${r});`); return; }
      if (lk === "bytes" || kind(c, right) === "bytes") { c.uses.add("py"); c.line(`${target} = py.add(${target}, ${r});`); return; }
      c.line(`${target} += ${r};`);
      return;
    case "//": c.uses.add("py"); c.line(`${target} = py.floordiv(${target}, ${r});`); return;
    case "%": c.uses.add("py"); c.line(`${target} = py.mod(${target}, ${r});`); return;
    case "*":
      if (lk === "str" || lk === "list") { c.uses.add("py"); c.line(`${target} = py.mul(${target}, ${r});`); return; }
  }
  c.line(`${target} ${op}= ${r};`);
}

function wrapR(r: string): string {
  return /^[\w.$]+$/.test(r) ? r : `(${r})`;
}

// ---- imports ----

const ASYNC_MODULES = new Set(["asyncio", "contextvars", "contextlib"]);
/** Modules some of whose names translate (signal numbers, os.kill/getpid); the rest get a diagnostic at the use. */
const PARTIAL_MODULES = new Set(["signal", "os", "json"]);
const SILENT_MODULES = new Set(["time", "sys", "typing", "__future__", "collections.abc", "dataclasses", "abc"]);

function importStatement(c: Context, s: Node): void {
  if (s.type === "future_import_statement") return;
  if (s.type === "import_statement") {
    for (const item of named(s)) {
      const [mod, alias] = item.type === "aliased_import" ? [item.childForFieldName("name")!.text, item.childForFieldName("alias")!.text] : [item.text, item.text.split(".")[0]];
      if (mod === "asyncio") {
        c.modules.set(alias, "asyncio");
        c.ns = alias;
      } else if (ASYNC_MODULES.has(mod) || SILENT_MODULES.has(mod) || mod === "random" || mod === "asyncio.subprocess") c.modules.set(alias, mod);
      else if (PARTIAL_MODULES.has(mod)) c.modules.set(alias, mod); // what is not translated is flagged where it is used
      else {
        c.modules.set(alias, mod);
        c.line(`// ${c.diag(item, 4013, `module ${mod} is not translated`)}`);
      }
    }
    return;
  }
  const mod = s.childForFieldName("module_name")!.text;
  if (mod === "asyncio.subprocess") {
    // The DSL has these under asyncts' subprocess namespace: destructure them once.
    const items = named(s).slice(1).filter((x) => x.type !== "wildcard_import");
    const parts = items.map((item) => {
      const [orig, alias] = item.type === "aliased_import" ? [item.childForFieldName("name")!.text, item.childForFieldName("alias")!.text] : [item.text, item.text];
      c.named.set(alias, ["asyncio.subprocess", orig]);
      return orig === alias ? orig : `${orig}: ${alias}`;
    });
    if (parts.length) c.line(`const { ${parts.join(", ")} } = ${c.ns}.subprocess;`);
    return;
  }
  for (const item of named(s).slice(1)) {
    if (item.type === "wildcard_import") {
      c.line(`// ${c.diag(item, 4014, `from ${mod} import *`)}`);
      continue;
    }
    const [orig, alias] = item.type === "aliased_import" ? [item.childForFieldName("name")!.text, item.childForFieldName("alias")!.text] : [item.text, item.text];
    if (ASYNC_MODULES.has(mod) || mod === "asyncio.subprocess") c.named.set(alias, [mod === "asyncio.subprocess" ? "asyncio" : mod, orig]);
    else if (mod === "typing" || mod === "__future__" || mod === "collections.abc" || mod === "abc") c.named.set(alias, [mod, orig]);
    else {
      c.named.set(alias, [mod, orig]);
      c.line(`// ${c.diag(item, 4013, `from ${mod} import ${orig} is not translated`)}`);
    }
  }
}

// ---- functions and classes ----

function decorated(c: Context, s: Node): void {
  const decorators = named(s).filter((x) => x.type === "decorator");
  const def = s.childForFieldName("definition")!;
  if (def.type === "class_definition") return classDef(c, def, decorators);
  return functionDef(c, def, decorators);
}

function funcKeyword(c: Context, def: Node): string {
  const scope = c.scopes.scopeOf(def);
  const isAsync = def.children.some((x) => x?.type === "async");
  return `${isAsync ? "async " : ""}function${scope.isGenerator ? "*" : ""}`;
}

export function functionDef(c: Context, def: Node, decorators: Node[]): void {
  const fname = def.childForFieldName("name")!.text;
  const saved = c.scope;
  const savedSelf = c.selfName;
  c.selfName = savedSelf && usesNameInNested(def, savedSelf) ? savedSelf : savedSelf;
  const inner = c.scopes.scopeOf(def);
  const params = parameters(c, def.childForFieldName("parameters")!);
  c.signatures.set(fname, params.sig);
  c.scope = inner;
  const head = `${funcKeyword(c, def)} ${ident(fname)}(${params.text})`;
  if (decorators.length) {
    c.scope = saved;
    const decos = decorators.map((d) => ex(c, named(d)[0], P.call));
    c.scope = inner;
    c.line(`const ${ident(fname)} = ${decos.map((d) => `${d}(`).join("")}${head} {`);
  } else c.line(`${head} {`);
  c.indent++;
  hoist(c);
  block(c, def.childForFieldName("body"));
  c.indent--;
  c.line(decorators.length ? `}${")".repeat(decorators.length)};` : "}");
  c.scope = saved;
  c.selfName = savedSelf;
}

function usesNameInNested(_def: Node, _name: string): boolean {
  return false;
}

function classDef(c: Context, def: Node, decorators: Node[]): void {
  const cname = def.childForFieldName("name")!.text;
  c.classes.add(cname);
  const supers = def.childForFieldName("superclasses");
  const bases = supers ? named(supers).filter((x) => x.type !== "keyword_argument") : [];
  if (supers && named(supers).some((x) => x.type === "keyword_argument")) c.line(`// ${c.diag(supers, 4015, "class keyword arguments (metaclass=...)")}`);
  if (bases.length > 1) c.line(`// ${c.diag(supers!, 4016, "multiple inheritance: only the first base class is kept")}`);
  const body = def.childForFieldName("body")!;
  const methods = named(body).map((m) => (m.type === "decorated_definition" ? m.childForFieldName("definition")! : m)).filter((m) => m.type === "function_definition");
  const hasAenter = methods.some((m) => ["__aenter__", "__aexit__"].includes(m.childForFieldName("name")!.text));
  let ext = bases.length ? ` extends ${ex(c, bases[0], P.call)}` : hasAenter ? ` extends ${c.ns}.AsyncContextManager` : "";
  if (bases[0]?.type === "identifier" && bases[0].text === "object") ext = "";
  // attribute kinds for self.x
  for (const m of methods) collectSelfAttrs(c, m);
  if (decorators.length) c.line(`// ${c.diag(decorators[0], 4017, "class decorators")}`);
  c.line(`class ${ident(cname)}${ext} {`);
  c.indent++;
  // Attributes set through self.x are declared (for the type checker; `declare` emits nothing,
  // so an inherited accessor such as an exception's `name` keeps working).
  const declared = new Set<string>();
  for (const m of named(body)) {
    const d = m.type === "decorated_definition" ? m.childForFieldName("definition")! : m;
    if (d.type === "function_definition") declared.add(d.childForFieldName("name")!.text);
    if (d.type === "expression_statement" && named(d)[0]?.type === "assignment") declared.add(named(d)[0].childForFieldName("left")!.text);
  }
  const attrs = selfAttrs(methods).filter((a) => !declared.has(a));
  if (attrs.length) c.line(`declare ${attrs.map(ident).join(": any;\ndeclare ")}: any;`.replace(/\n/g, "\n" + "  ".repeat(c.indent)));
  const saved = c.scope;
  c.scope = c.scopes.scopeOf(def);
  let prevEnd = -1;
  let first = true;
  for (const m of named(body)) {
    if (prevEnd >= 0 && m.startPosition.row > prevEnd + 1) c.line("");
    prevEnd = m.endPosition.row;
    if (m.type === "comment") { c.line(comment(m)); continue; }
    if (first && isDocstring(m)) { docComment(c, m); first = false; continue; }
    first = false;
    if (m.type === "pass_statement") continue;
    if (m.type === "function_definition" || m.type === "decorated_definition") {
      const decos = m.type === "decorated_definition" ? named(m).filter((x) => x.type === "decorator") : [];
      method(c, m.type === "decorated_definition" ? m.childForFieldName("definition")! : m, decos, cname, ext !== "");
      continue;
    }
    if (m.type === "expression_statement" && named(m)[0]?.type === "assignment") {
      const a = named(m)[0];
      const left = a.childForFieldName("left")!;
      const right = a.childForFieldName("right");
      if (left.type === "identifier") {
        // Read through the class (K.x) → static; through instances (self.x) → a field.
        const viaClass = new RegExp(`\\b${cname}\\.${left.text}\\b`).test(c.source);
        c.line(`${viaClass ? "static " : ""}${ident(left.text)}${right ? ` = ${ex(c, right, P.assign)}` : ""};`);
        continue;
      }
    }
    c.line(`// ${c.diag(m, 4018, `class body statement '${m.type}'`)}`);
  }
  c.scope = saved;
  c.indent--;
  if (c.out[c.out.length - 1].endsWith(" {")) c.out[c.out.length - 1] += "}";
  else c.line("}");
}

function selfAttrs(methods: Node[]): string[] {
  const names: string[] = [];
  for (const m of methods) {
    const params = named(m.childForFieldName("parameters")!);
    const self = params[0]?.type === "identifier" ? params[0].text : null;
    if (!self) continue;
    const stack: Node[] = [m.childForFieldName("body")!];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.type === "assignment" || n.type === "augmented_assignment") {
        for (const left of [n.childForFieldName("left")]) {
          const targets = left && (left.type === "pattern_list" || left.type === "tuple") ? named(left) : [left];
          for (const tg of targets) {
            if (tg?.type === "attribute" && tg.childForFieldName("object")?.text === self) {
              const a = tg.childForFieldName("attribute")!.text;
              if (!names.includes(a)) names.push(a);
            }
          }
        }
      }
      for (const ch of n.namedChildren) if (ch) stack.push(ch);
    }
  }
  return names;
}

function collectSelfAttrs(c: Context, m: Node): void {
  const params = named(m.childForFieldName("parameters")!);
  const self = params[0]?.type === "identifier" ? params[0].text : null;
  if (!self) return;
  const stack: Node[] = [m.childForFieldName("body")!];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === "assignment") {
      const left = n.childForFieldName("left");
      const right = n.childForFieldName("right");
      if (left?.type === "attribute" && left.childForFieldName("object")?.text === self && right) {
        const attr = left.childForFieldName("attribute")!.text;
        if (!c.attrValues.has(attr)) c.attrValues.set(attr, []);
        c.attrValues.get(attr)!.push(right);
      }
    }
    for (const ch of n.namedChildren) if (ch) stack.push(ch);
  }
}

function method(c: Context, def: Node, decorators: Node[], cname: string, hasBase: boolean): void {
  const mname = def.childForFieldName("name")!.text;
  const decoNames = decorators.map((d) => named(d)[0].text);
  const isStatic = decoNames.includes("staticmethod");
  const isClass = decoNames.includes("classmethod");
  const isProp = decoNames.includes("property");
  const isSetter = decoNames.some((d) => d.endsWith(".setter"));
  const other = decoNames.filter((d) => !["staticmethod", "classmethod", "property"].includes(d) && !d.endsWith(".setter"));
  if (other.length) c.line(`// ${c.diag(decorators[0], 4017, `method decorator @${other[0]}`)}`);
  const inner = c.scopes.scopeOf(def);
  const paramsNode = def.childForFieldName("parameters")!;
  const first = named(paramsNode)[0];
  const selfName = !isStatic && first ? (first.type === "identifier" ? first.text : first.childForFieldName("name")?.text ?? null) : null;
  const saved = c.scope;
  const savedSelf = c.selfName;
  c.scope = inner;
  c.selfName = selfName;
  const params = parameters(c, paramsNode, !isStatic);
  c.signatures.set(mname === "__init__" ? `${cname}.__init__` : mname, params.sig);
  const isAsync = def.children.some((x) => x?.type === "async");
  const star = inner.isGenerator ? "*" : "";
  const body = def.childForFieldName("body")!;
  if (mname === "__init__") {
    c.line(`constructor(${params.text}) {`);
    c.indent++;
    const callsSuper = /\bsuper\(\)\.__init__\(/.test(body.text);
    if (hasBase && !callsSuper) c.line("super();");
    hoist(c);
    block(c, body);
    c.indent--;
    c.line("}");
  } else if (mname === "__aexit__" && named(paramsNode).length === 4) {
    // Python's __aexit__(exc_type, exc, tb) is __aexit__(exc) in the DSL (SPEC §2.1).
    const ps = named(paramsNode).slice(1).map((p) => p.text);
    c.line(`${isAsync ? "async " : ""}__aexit__(${ident(ps[1])}: any) {`);
    c.indent++;
    c.line(`const ${ident(ps[0])} = ${ident(ps[1])} == null ? null : ${ident(ps[1])}.constructor;`);
    hoist(c);
    block(c, body);
    c.indent--;
    c.line("}");
  } else {
    const prefix = `${isStatic || isClass ? "static " : ""}${isProp ? "get " : isSetter ? "set " : ""}${isAsync ? "async " : ""}${star}`;
    c.line(`${prefix}${mname}(${params.text}) {`);
    c.indent++;
    hoist(c);
    block(c, body);
    c.indent--;
    c.line("}");
  }
  c.scope = saved;
  c.selfName = savedSelf;
}

// ---- control flow ----

function ifStatement(c: Context, s: Node): void {
  // `if __name__ == "__main__":` at module level: its body is the module's tail.
  const test = s.childForFieldName("condition")!;
  if (c.scope.type === "module" && /^__name__\s*==\s*['"]__main__['"]$/.test(test.text) && !named(s).some((x) => x.type === "elif_clause" || x.type === "else_clause")) {
    c.line(`// if __name__ == "__main__":`);
    block(c, s.childForFieldName("consequence"));
    return;
  }
  c.line(`if (${cond(c, test, P.seq)}) {`);
  c.indent++;
  block(c, s.childForFieldName("consequence"));
  c.indent--;
  for (const alt of named(s).filter((x) => x.type === "elif_clause" || x.type === "else_clause")) {
    if (alt.type === "elif_clause") {
      c.line(`} else if (${cond(c, alt.childForFieldName("condition")!, P.seq)}) {`);
      c.indent++;
      block(c, alt.childForFieldName("consequence"));
    } else {
      c.line("} else {");
      c.indent++;
      block(c, alt.childForFieldName("body"));
    }
    c.indent--;
  }
  c.line("}");
}

function loopElse(c: Context, s: Node, head: string, body: () => void): void {
  const elseClause = named(s).find((x) => x.type === "else_clause");
  if (!elseClause) {
    c.line(`${head} {`);
    c.indent++;
    body();
    c.indent--;
    c.line("}");
    return;
  }
  // for/while ... else: the else block runs when the loop was not left by `break`.
  const flag = c.temp("completed");
  c.line(`let ${flag} = true;`);
  c.line(`${head} {`);
  c.indent++;
  const start = c.out.length;
  body();
  for (let i = start; i < c.out.length; i++) c.out[i] = c.out[i].replace(/^(\s*)break;$/, `$1${flag} = false;\n$1break;`);
  c.indent--;
  c.line("}");
  c.line(`if (${flag}) {`);
  c.indent++;
  block(c, elseClause.childForFieldName("body"));
  c.indent--;
  c.line("}");
}

function whileStatement(c: Context, s: Node): void {
  const test = s.childForFieldName("condition")!;
  const t = test.type === "true" || (test.type === "integer" && test.text !== "0") ? "true" : cond(c, test, P.seq);
  loopElse(c, s, `while (${t})`, () => block(c, s.childForFieldName("body")));
}

function forStatement(c: Context, s: Node): void {
  const left = s.childForFieldName("left")!;
  const right = s.childForFieldName("right")!;
  const isAsync = s.children.some((x) => x?.type === "async");
  const names = targetNames(left);
  const local = names.every((n) => c.scope.loopLocal.has(n.text));
  const decl = local ? "const " : "";
  // A target mixing loop-only names with names used elsewhere: the loop-only ones are declared here.
  const loopOnly = local ? [] : names.filter((n) => c.scope.loopLocal.has(n.text));
  if (loopOnly.length) c.line(`let ${loopOnly.map((n) => name(c, n)).join(", ")};`);
  let head: string;
  const fn = right.type === "call" ? right.childForFieldName("function") : null;
  if (!isAsync && left.type === "identifier" && fn?.type === "identifier" && fn.text === "range" && c.isBuiltin("range") && !args(c, right.childForFieldName("arguments")!).keywords.length) {
    const a = args(c, right.childForFieldName("arguments")!).positional;
    const [start, stop, step] = a.length === 1 ? ["0", a[0], "1"] : a.length === 2 ? [a[0], a[1], "1"] : a;
    const v = name(c, left);
    const neg = step.trim().startsWith("-");
    const stopVar = /^[\w.]+$/.test(stop) ? stop : null;
    const inc = step === "1" ? `${v}++` : `${v} += ${step}`;
    if (local && stopVar) head = `for (let ${v} = ${start}; ${v} ${neg ? ">" : "<"} ${stop}; ${inc})`;
    else {
      c.uses.add("py");
      head = `for (${decl}${v} of py.range(${a.join(", ")}))`;
    }
  } else {
    head = `for ${isAsync ? "await " : ""}(${decl}${pattern(c, left)} of ${isAsync ? ex(c, right, P.assign) : iterable(c, right, false)})`;
  }
  loopElse(c, s, head, () => block(c, s.childForFieldName("body")));
}

function raiseStatement(c: Context, s: Node): void {
  const parts = named(s);
  const cause = s.childForFieldName("cause");
  const exc = parts.find((p) => p !== cause);
  if (!exc) {
    const v = c.catchVars[c.catchVars.length - 1];
    c.line(v ? `throw ${v};` : `throw ${c.diag(s, 4019, "bare raise outside an except block")}undefined;`);
    return;
  }
  let e = ex(c, exc, P.assign);
  if (exc.type === "identifier" || exc.type === "attribute") {
    // `raise ValueError` raises an instance of the class.
    if (/^[A-Z]/.test(exc.text.split(".").pop()!) && !c.catchVars.includes(exc.text) && c.lookup(exc.text) === null) e = `new ${ex(c, exc, P.call)}()`;
  }
  if (cause) {
    c.uses.add("py");
    c.line(`throw py.withCause(${e}, ${ex(c, cause, P.assign)});`);
    return;
  }
  c.line(`throw ${e};`);
}

function exceptTypes(c: Context, clause: Node): { types: Node[]; alias: string | null; all: boolean } {
  const v = clause.childForFieldName("value") ?? named(clause).find((x) => x.type !== "block" && x.type !== "comment") ?? null;
  if (!v || v.type === "block") return { types: [], alias: null, all: true };
  let typeNode = v;
  let alias: string | null = null;
  if (v.type === "as_pattern") {
    typeNode = named(v)[0];
    alias = v.childForFieldName("alias")?.text ?? null;
  }
  const alias2 = clause.childForFieldName("alias")?.text ?? alias;
  const types = typeNode.type === "tuple" || typeNode.type === "parenthesized_expression" && named(typeNode)[0]?.type === "tuple" ? named(typeNode.type === "tuple" ? typeNode : named(typeNode)[0]) : [typeNode];
  const all = types.some((t) => t.type === "identifier" && t.text === "BaseException" && c.isBuiltin("BaseException"));
  return { types, alias: alias2, all };
}

function tryStatement(c: Context, s: Node): void {
  const body = s.childForFieldName("body")!;
  const handlers = named(s).filter((x) => x.type === "except_clause" || x.type === "except_group_clause");
  const elseClause = named(s).find((x) => x.type === "else_clause");
  const finallyClause = named(s).find((x) => x.type === "finally_clause");
  const isGroup = handlers.some((h) => h.type === "except_group_clause" || h.children.some((x) => x?.type === "*"));
  const okFlag = elseClause ? c.temp("ok") : null;
  const wrapped = okFlag !== null && (finallyClause !== undefined);
  if (okFlag) {
    if (wrapped) {
      c.line("try {");
      c.indent++;
    } else {
      c.line("{");
      c.indent++;
    }
    c.line(`let ${okFlag} = true;`);
  }
  c.line("try {");
  c.indent++;
  block(c, body, { docstringAsComment: false });
  c.indent--;
  if (handlers.length) {
    const aliases = handlers.map((h) => exceptTypes(c, h).alias).filter((a): a is string => !!a);
    const v = aliases.length && aliases.every((a) => a === aliases[0]) ? ident(aliases[0]) : "e";
    c.line(`} catch (${v}: any) {`);
    c.indent++;
    if (okFlag) c.line(`${okFlag} = false;`);
    c.catchVars.push(v);
    if (isGroup) exceptGroup(c, handlers, v);
    else exceptChain(c, handlers, v);
    c.catchVars.pop();
    c.indent--;
  }
  if (finallyClause && !okFlag) {
    c.line("} finally {");
    c.indent++;
    block(c, named(finallyClause).find((x) => x.type === "block") ?? null, { docstringAsComment: false });
    c.indent--;
  }
  c.line("}");
  if (okFlag) {
    c.line(`if (${okFlag}) {`);
    c.indent++;
    block(c, elseClause!.childForFieldName("body"), { docstringAsComment: false });
    c.indent--;
    c.line("}");
    c.indent--;
    if (wrapped) {
      c.line("} finally {");
      c.indent++;
      block(c, named(finallyClause!).find((x) => x.type === "block") ?? null, { docstringAsComment: false });
      c.indent--;
    }
    c.line("}");
  }
}

function handlerBody(h: Node): Node | null {
  return named(h).find((x) => x.type === "block") ?? null;
}

function exceptChain(c: Context, handlers: Node[], v: string): void {
  let opened = false;
  let catchAll = false;
  handlers.forEach((h, i) => {
    const { types, alias, all } = exceptTypes(c, h);
    const aliasLine = () => { if (alias && ident(alias) !== v) c.line(`const ${ident(alias)} = ${v};`); };
    if (all || types.length === 0) {
      if (opened) {
        c.line("} else {");
        c.indent++;
      }
      aliasLine();
      block(c, handlerBody(h), { docstringAsComment: false });
      if (opened) c.indent--;
      catchAll = true;
      return;
    }
    const test = types.map((t) => `${v} instanceof ${ex(c, t, P.rel + 1)}`).join(" || ");
    c.line(`${i === 0 ? "if" : "} else if"} (${test}) {`);
    opened = true;
    c.indent++;
    aliasLine();
    block(c, handlerBody(h), { docstringAsComment: false });
    c.indent--;
  });
  if (opened) {
    if (!catchAll) {
      c.line("} else {");
      c.line(`  throw ${v};`);
    }
    c.line("}");
  }
}

function exceptGroup(c: Context, handlers: Node[], v: string): void {
  // except*: split the group by each handler's types; what no handler matched is re-raised.
  const rest = c.temp("rest");
  c.line(`let ${rest}: any = ${v} instanceof ${c.ns}.BaseExceptionGroup ? ${v} : new ${c.ns}.ExceptionGroup("", [${v}]);`);
  for (const h of handlers) {
    const { types, alias } = exceptTypes(c, h);
    const m = c.temp("match");
    const pred = `(x: any) => ${types.map((t) => `x instanceof ${ex(c, t, P.rel + 1)}`).join(" || ")}`;
    c.line(`if (${rest} !== null) {`);
    c.indent++;
    c.line(`const [${m}, r] = ${rest}.split(${pred});`);
    c.line(`${rest} = r;`);
    c.line(`if (${m} !== null) {`);
    c.indent++;
    if (alias) c.line(`const ${ident(alias)} = ${m};`);
    block(c, handlerBody(h), { docstringAsComment: false });
    c.indent--;
    c.line("}");
    c.indent--;
    c.line("}");
  }
  c.line(`if (${rest} !== null) throw ${rest};`);
}

function withStatement(c: Context, s: Node): void {
  const isAsync = s.children.some((x) => x?.type === "async");
  const clause = named(s).find((x) => x.type === "with_clause")!;
  const items = named(clause).filter((x) => x.type === "with_item");
  c.line("{");
  c.indent++;
  for (const item of items) {
    const v = item.childForFieldName("value")!;
    let valueNode = v;
    let target: Node | null = null;
    if (v.type === "as_pattern") {
      valueNode = named(v)[0];
      target = v.childForFieldName("alias");
    }
    const value = ex(c, valueNode, P.assign);
    const using = isAsync ? "await using" : "using";
    const ids = target ? targetNames(target) : [];
    if (ids.length === 1 && target && named(target)[0]?.type === "identifier") {
      const id = ids[0];
      if (c.scope.loopLocal.has(id.text)) c.line(`${using} ${name(c, id)} = ${value};`);
      else {
        const tmp = c.temp("cm");
        c.line(`${using} ${tmp} = ${value};`);
        c.line(`${name(c, id)} = ${tmp};`);
      }
    } else if (target) {
      const tmp = c.temp("cm");
      c.line(`${using} ${tmp} = ${value};`);
      c.line(`${pattern(c, target)} = ${tmp};`);
    } else c.line(`${using} ${c.temp("_cm")} = ${value};`);
  }
  block(c, s.childForFieldName("body"), { docstringAsComment: false });
  c.indent--;
  c.line("}");
}

export { statementOf };
