// The translation's shared state: the output being written, the imports it needs, what the
// scope analysis found, and the diagnostics. Statements and expressions (statements.ts,
// expressions.ts) write through it.
import type { Node } from "./python.js";
import { ScopeAnalysis, type Scope, type Kind } from "./scope.js";

export interface PortDiagnostic {
  start: number;
  length: number;
  code: number;
  message: string;
}

export interface Param {
  name: string;
  hasDefault: boolean;
  kind: "positional" | "star" | "kwonly" | "dstar";
}

/** Protocol callbacks whose parameter at this index (self counted) is bytes. */
const PROTOCOL_DATA: Record<string, number> = { data_received: 1, datagram_received: 1, pipe_data_received: 2, buffer_updated: -1 };

export class Context {
  readonly out: string[] = [];
  indent = 0;
  readonly diagnostics: PortDiagnostic[] = [];
  /** helpers the output uses from asyncts: print, kw, py */
  readonly uses = new Set<string>();
  /** Python module alias → module name (`import asyncio as aio` → aio: asyncio) */
  readonly modules = new Map<string, string>();
  /** `from M import x as y` → y: [M, x] */
  readonly named = new Map<string, [string, string]>();
  /** the namespace asyncts is imported as */
  ns = "asyncio";
  readonly scopes: ScopeAnalysis;
  scope: Scope;
  /** user functions and methods by name, for keyword arguments at call sites */
  readonly signatures = new Map<string, Param[]>();
  /** evident kinds of the arguments passed to each user function's positional parameters */
  readonly argKinds = new Map<string, Kind[]>();
  /** user classes defined in the module */
  readonly classes = new Set<string>();
  /** kinds of `self.x` attributes, by name */
  readonly attrValues = new Map<string, Node[]>();
  /** the name `self`/`cls` has in the method being written, mapped to `this` */
  selfName: string | null = null;
  /** a `catch` variable per enclosing except handler, for a bare `raise` */
  readonly catchVars: string[] = [];
  /** kinds of comprehension variables in scope (innermost last) */
  readonly comprehensionKinds: Map<string, Kind>[] = [];
  /** Node modules the output imports from (the host layer's names: `constants` of node:os) */
  readonly hostImports = new Map<string, Set<string>>();
  private tempCounter = 0;

  hostImport(module: string, name: string): void {
    if (!this.hostImports.has(module)) this.hostImports.set(module, new Set());
    this.hostImports.get(module)!.add(name);
  }
  private kindGuard = new Set<number>();

  constructor(readonly source: string, root: Node) {
    this.scopes = new ScopeAnalysis(root);
    this.scope = this.scopes.scopeOf(root);
  }

  line(text: string): void {
    this.out.push(text === "" ? "" : "  ".repeat(this.indent) + text);
  }

  temp(base: string): string {
    return `${base}${++this.tempCounter}`;
  }

  diag(n: Node, code: number, message: string): string {
    this.diagnostics.push({ start: n.startIndex, length: Math.max(1, n.endIndex - n.startIndex), code, message });
    return `/* TODO(asyncts port): ${message.replace(/\*\//g, "* /")} */`;
  }

  /** The scope that declares `name` as seen from the current scope (null: a global/builtin). */
  lookup(name: string): Scope | null {
    for (let s: Scope | null = this.scope; s; s = s.parent) {
      if (s.type === "class" && s !== this.scope) continue;
      if (s.globals.has(name)) {
        let m = s;
        while (m.parent) m = m.parent;
        return m.locals.has(name) ? m : null;
      }
      if (s.locals.has(name)) return s;
    }
    return null;
  }

  /** Is `name` Python's built-in of that name here (not shadowed by the program)? */
  isBuiltin(name: string): boolean {
    return this.lookup(name) === null && !this.named.has(name) && !this.modules.has(name);
  }

  /** What a name evidently holds, from all its assignments. */
  kindOfName(name: string, exprKind: (n: Node) => Kind): Kind {
    const s = this.lookup(name);
    if (!s) return "unknown";
    const l = s.locals.get(name)!;
    if (l.isFunction) return "obj";
    if (l.isParam) {
      // A parameter of a module function that every call passes an evident value of one kind.
      const fn = s.node.type === "function_definition" ? s.node.childForFieldName("name")?.text : undefined;
      const params = s.node.childForFieldName("parameters")?.namedChildren ?? [];
      const idx = params.findIndex((p) => p?.type === "identifier" && p.text === name);
      // asyncio's protocol callbacks receive bytes (SPEC: data_received(data), ...).
      const bytesAt = fn !== undefined ? PROTOCOL_DATA[fn] : undefined;
      if (bytesAt !== undefined && idx === bytesAt && l.targets.length === 0) return "bytes";
      const kinds = fn !== undefined && idx >= 0 && l.targets.length === 0 ? this.argKinds.get(fn) : undefined;
      return kinds?.[idx] ?? "unknown";
    }
    if (l.rangeTargets > 0 && l.rangeTargets === l.targets.length) return "num";
    if (l.values.length === 0 || l.values.some((v) => v === null)) return "unknown";
    let k: Kind | null = null;
    for (const v of l.values) {
      if (this.kindGuard.has(v!.id)) return "unknown";
      this.kindGuard.add(v!.id);
      const vk = exprKind(v!);
      this.kindGuard.delete(v!.id);
      if (k === null) k = vk;
      else if (k !== vk) return "unknown";
    }
    return k ?? "unknown";
  }

  attrKind(name: string, exprKind: (n: Node) => Kind): Kind {
    const vals = this.attrValues.get(name);
    if (!vals?.length) return "unknown";
    let k: Kind | null = null;
    for (const v of vals) {
      if (this.kindGuard.has(v.id)) return "unknown";
      this.kindGuard.add(v.id);
      const vk = exprKind(v);
      this.kindGuard.delete(v.id);
      if (k === null) k = vk;
      else if (k !== vk) return "unknown";
    }
    return k ?? "unknown";
  }
}
