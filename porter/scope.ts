// Python's scoping, read off the tree before anything is written: which names each function
// (or the module) assigns, where a name can be declared with `const`/`let` at its first
// assignment and where it must be hoisted to the top of the function (Python's function-wide
// scope against JavaScript's block scope), and what a name holds when that is evident.
import type { Node } from "./python.js";

export type Kind = "num" | "str" | "bool" | "none" | "list" | "dict" | "set" | "bytes" | "obj" | "unknown";

export interface Local {
  name: string;
  /** assignment sites: the target node of each */
  targets: Node[];
  /** the values assigned (when the site is `name = value`); null for a site whose value is not evident */
  values: (Node | null)[];
  /** assigned from a nested function through nonlocal/global */
  assignedInside: boolean;
  isFunction: boolean;
  isParam: boolean;
  /** assignment sites that are `for name in range(...)` (so the name holds an int) */
  rangeTargets: number;
}

export interface Scope {
  node: Node;
  type: "module" | "function" | "class" | "lambda";
  parent: Scope | null;
  locals: Map<string, Local>;
  globals: Set<string>;
  nonlocals: Set<string>;
  isAsync: boolean;
  isGenerator: boolean;
  /** names to declare at the top of the body (`let a, b;`) */
  hoisted: string[];
  /** names declared at a statement: target node id → const/let */
  declareAt: Map<number, "const" | "let">;
  /** names whose only assignment is a for-loop or with target, declared there */
  loopLocal: Set<string>;
}

const FUNCTION_TYPES = new Set(["function_definition", "lambda", "class_definition"]);

export function isScopeNode(n: Node): boolean {
  return FUNCTION_TYPES.has(n.type) || n.type === "module";
}

/** Identifier nodes a target pattern binds. */
export function targetNames(t: Node | null, out: Node[] = []): Node[] {
  if (!t) return out;
  switch (t.type) {
    case "identifier": out.push(t); break;
    case "pattern_list": case "tuple_pattern": case "list_pattern": case "tuple": case "list": case "expression_list":
      for (const c of t.namedChildren) if (c) targetNames(c, out);
      break;
    case "list_splat_pattern": case "parenthesized_expression": case "as_pattern_target":
      for (const c of t.namedChildren) if (c) targetNames(c, out);
      break;
  }
  return out;
}

export class ScopeAnalysis {
  readonly scopes = new Map<number, Scope>();

  constructor(root: Node) {
    this.build(root, null);
    for (const s of this.scopes.values()) this.place(s);
  }

  scopeOf(n: Node): Scope {
    return this.scopes.get(n.id)!;
  }

  private build(node: Node, parent: Scope | null): Scope {
    const type = node.type === "module" ? "module" : node.type === "class_definition" ? "class" : node.type === "lambda" ? "lambda" : "function";
    const scope: Scope = {
      node, type, parent, locals: new Map(), globals: new Set(), nonlocals: new Set(),
      isAsync: node.type === "function_definition" && node.children.some((c) => c?.type === "async"),
      isGenerator: false, hoisted: [], declareAt: new Map(), loopLocal: new Set(),
    };
    this.scopes.set(node.id, scope);
    if (type === "function" || type === "lambda") {
      const params = node.childForFieldName("parameters");
      for (const p of params?.namedChildren ?? []) {
        if (!p) continue;
        const id = p.type === "identifier" ? p : p.childForFieldName("name") ?? p.namedChildren.find((c) => c?.type === "identifier") ?? null;
        if (id) this.local(scope, id.text).isParam = true;
      }
    }
    const body = type === "lambda" ? node.childForFieldName("body") : type === "module" ? node : node.childForFieldName("body");
    if (body) this.walk(body, scope);
    return scope;
  }

  private local(scope: Scope, name: string): Local {
    let l = scope.locals.get(name);
    if (!l) {
      l = { name, targets: [], values: [], assignedInside: false, isFunction: false, isParam: false, rangeTargets: 0 };
      scope.locals.set(name, l);
    }
    return l;
  }

  private ownerOf(scope: Scope, name: string): Scope {
    let owner: Scope = scope;
    if (scope.globals.has(name)) while (owner.parent) owner = owner.parent;
    else if (scope.nonlocals.has(name)) {
      let o: Scope | null = scope.parent;
      while (o && !o.locals.has(name) && o.type !== "module") o = o.parent;
      if (o) owner = o;
    }
    return owner;
  }

  private bind(scope: Scope, id: Node, value: Node | null, augmented = false): void {
    const name = id.text;
    let owner: Scope | null = scope;
    if (scope.globals.has(name)) {
      owner = scope;
      while (owner.parent) owner = owner.parent;
    } else if (scope.nonlocals.has(name)) {
      owner = scope.parent;
      while (owner && !owner.locals.has(name) && owner.type !== "module") owner = owner.parent;
    }
    if (!owner) return;
    const l = this.local(owner, name);
    l.targets.push(id);
    if (!augmented) l.values.push(value);
    if (owner !== scope) l.assignedInside = true;
  }

  private walk(n: Node, scope: Scope): void {
    switch (n.type) {
      case "function_definition": case "class_definition": {
        const name = n.childForFieldName("name");
        if (name) {
          this.bind(scope, name, null);
          this.local(scope, name.text).isFunction = true;
        }
        // Defaults and decorators belong to the enclosing scope.
        for (const p of n.childForFieldName("parameters")?.namedChildren ?? []) {
          const v = p?.childForFieldName("value");
          if (v) this.walk(v, scope);
        }
        this.build(n, scope);
        return;
      }
      case "lambda":
        this.build(n, scope);
        return;
      case "list_comprehension": case "set_comprehension": case "dictionary_comprehension": case "generator_expression":
        return; // their variables are their own
      case "global_statement":
        for (const c of n.namedChildren) if (c) scope.globals.add(c.text);
        return;
      case "nonlocal_statement":
        for (const c of n.namedChildren) if (c) scope.nonlocals.add(c.text);
        return;
      case "yield":
        scope.isGenerator = true;
        break;
      case "assignment": {
        const left = n.childForFieldName("left");
        const right = n.childForFieldName("right");
        const names = targetNames(left);
        for (const id of names) this.bind(scope, id, left?.type === "identifier" ? right : null);
        if (right) this.walk(right, scope);
        return;
      }
      case "augmented_assignment": {
        const left = n.childForFieldName("left");
        if (left?.type === "identifier") this.bind(scope, left, null, true);
        const right = n.childForFieldName("right");
        if (right) this.walk(right, scope);
        return;
      }
      case "named_expression": {
        const name = n.childForFieldName("name");
        if (name) this.bind(scope, name, n.childForFieldName("value"));
        break;
      }
      case "for_statement": {
        const left = n.childForFieldName("left");
        const right = n.childForFieldName("right");
        for (const id of targetNames(left)) {
          this.bind(scope, id, null);
          if (left?.type === "identifier" && isRangeCall(right)) this.local(this.ownerOf(scope, id.text), id.text).rangeTargets++;
        }
        break;
      }
      case "as_pattern": {
        const alias = n.childForFieldName("alias");
        for (const id of targetNames(alias)) this.bind(scope, id, null);
        break;
      }
      case "import_statement": case "import_from_statement":
        return; // imports are module-level declarations the translator writes itself
    }
    for (const c of n.namedChildren) if (c) this.walk(c, scope);
  }

  /** Decides where each local is declared. */
  private place(s: Scope): void {
    if (s.type === "class" || s.type === "lambda") return;
    const body = s.type === "module" ? s.node : s.node.childForFieldName("body");
    if (!body) return;
    const topLevel = new Set<number>();
    for (const c of body.namedChildren) if (c) topLevel.add(c.id);
    for (const l of s.locals.values()) {
      if (l.isParam || l.isFunction) continue;
      const first = l.targets[0];
      if (!first) continue;
      const stmt = statementOf(first);
      const kind = stmt?.type;
      // except targets are the catch parameter.
      if (!l.assignedInside && l.targets.every((t) => isExceptTarget(t))) {
        s.loopLocal.add(l.name);
        continue;
      }
      // for / with / except targets used only inside their construct are declared there.
      if (l.targets.length === 1 && !l.assignedInside && stmt && (kind === "for_statement" || isWithTarget(first) || isExceptTarget(first))) {
        const region = kind === "for_statement" ? stmt : isWithTarget(first) ? withBodyOf(first) : exceptClauseOf(first);
        if (region && !usedOutside(s, l.name, region)) {
          s.loopLocal.add(l.name);
          continue;
        }
      }
      const isAssign = stmt !== null && kind === "expression_statement" && stmt.namedChildren[0]?.type === "assignment";
      const atTop = isAssign && topLevel.has(stmt!.id) && !usedBefore(s, l.name, stmt!.startIndex);
      // Or at its first assignment in a nested block, when the name lives only in that block.
      const blockOf = stmt?.parent ?? null;
      const inBlock = isAssign && !atTop && blockOf !== null && blockOf.type === "block" && !l.assignedInside
        && !usedBefore(s, l.name, stmt!.startIndex) && !usedOutside(s, l.name, blockOf)
        && l.targets.every((tg) => tg.startIndex >= blockOf.startIndex && tg.endIndex <= blockOf.endIndex && !isWithTarget(tg) && !isExceptTarget(tg) && statementOf(tg)?.parent?.id === blockOf.id && statementOf(tg)?.type === "expression_statement");
      if (atTop || inBlock) {
        const once = l.targets.length === 1 && !l.assignedInside;
        s.declareAt.set(first.id, once ? "const" : "let");
      } else {
        s.hoisted.push(l.name);
      }
    }
  }
}

/** `range(...)` with Python's built-in range (a call the porter turns into numbers). */
export function isRangeCall(n: Node | null): boolean {
  return !!n && n.type === "call" && n.childForFieldName("function")?.type === "identifier" && n.childForFieldName("function")!.text === "range";
}

/** The statement a target sits in (the child of a block). */
export function statementOf(n: Node): Node | null {
  let cur: Node | null = n;
  while (cur && cur.parent && cur.parent.type !== "block" && cur.parent.type !== "module") cur = cur.parent;
  return cur;
}

function isWithTarget(id: Node): boolean {
  let cur: Node | null = id.parent;
  while (cur && (cur.type === "as_pattern_target" || cur.type === "tuple" || cur.type === "pattern_list")) cur = cur.parent;
  return cur?.type === "as_pattern" && cur.parent?.type === "with_item";
}

function withBodyOf(id: Node): Node | null {
  let cur: Node | null = id;
  while (cur && cur.type !== "with_statement") cur = cur.parent;
  return cur;
}

function isExceptTarget(id: Node): boolean {
  let cur: Node | null = id.parent;
  while (cur && cur.type === "as_pattern_target") cur = cur.parent;
  return cur?.type === "as_pattern" && (cur.parent?.type === "except_clause" || cur.parent?.type === "except_group_clause");
}

function exceptClauseOf(id: Node): Node | null {
  let cur: Node | null = id;
  while (cur && cur.type !== "except_clause" && cur.type !== "except_group_clause") cur = cur.parent;
  return cur;
}

/** Identifier references of `name` in scope s (not in nested scopes that rebind it). */
function* refs(s: Scope, name: string): Generator<Node> {
  const stack: Node[] = [s.type === "module" ? s.node : s.node.childForFieldName("body")!];
  while (stack.length) {
    const n = stack.pop()!;
    if ((n.type === "list_comprehension" || n.type === "set_comprehension" || n.type === "dictionary_comprehension" || n.type === "generator_expression") && n.namedChildren.some((cl) => cl?.type === "for_in_clause" && targetNames(cl.childForFieldName("left")).some((id) => id.text === name))) continue;
    if (n.type === "identifier" && n.text === name) {
      const p = n.parent;
      if (!(p?.type === "attribute" && p.childForFieldName("attribute")?.id === n.id) && !(p?.type === "keyword_argument" && p.childForFieldName("name")?.id === n.id)) yield n;
      continue;
    }
    for (const c of n.namedChildren) if (c) stack.push(c);
  }
}

function usedBefore(s: Scope, name: string, pos: number): boolean {
  for (const r of refs(s, name)) if (r.startIndex < pos) return true;
  return false;
}

function usedOutside(s: Scope, name: string, region: Node): boolean {
  for (const r of refs(s, name)) if (r.startIndex < region.startIndex || r.endIndex > region.endIndex) return true;
  return false;
}
