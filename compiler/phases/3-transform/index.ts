// Phase 3: rewrite. Applies the analysis to the source text with magic-string, at token
// boundaries, so the output keeps a source map back to the DSL file. Shapes (input → output):
//
//   async function f(a) { BODY }      → function f(a) { return $asyncts.$coro(function* () { BODY }.call(this), "f"); }
//   async (a) => EXPR                 → (a) => $asyncts.$coro(function* () { return EXPR; }.call(this), "<lambda>")
//   async m() { BODY }  (any method)  → m() { return $asyncts.$coro(function* () { BODY }.call(this), "m"); }
//   async function* g() { BODY }      → function g() { return $asyncts.$agen(function* () { BODY }.call(this), "g"); }
//   await X                           → (yield X)
//   yield V        (async generator)  → (yield $asyncts.$agenYield(V))
//   for await (HEAD of X) S           → for (let $it = $asyncts.$aiter(X), $r; !($r = (yield $asyncts.$anext($it))).done; ) { HEAD = $r.value; S }
//   await using x = E; REST           → const x = E; yield $asyncts.$aenter(x); let $exc = $noExc;
//                                       try { REST } catch ($e) { $exc = $e; if (!(yield $aexit(x, $e))) throw $e; }
//                                       finally { if ($exc === $noExc) yield $aexit(x, null); }
//   asyncio.run(...)  (module level)  → (await asyncio.run(...))
//   arguments / new.target / super.m(...) inside a coroutine → $arguments / $newTarget / $super.m.call(this, ...),
//                                       passed into the generator by its wrapper: `.call(this, arguments, ...)`.
// Inserts that meet at one position nest properly: closers innermost first, then openers outermost first.
import MagicString from "magic-string";
type MagicStringT = MagicString;
import type { Analysis, Capture } from "../2-analyze/index.js";
import { helperRef, HELPERS_NS, RUNTIME_INTERNAL } from "../../helpers.js";

interface Insert {
  pos: number;
  text: string;
  /** closers sort before openers at one position */ close: boolean;
  /** the construct the insert belongs to, for nesting order */ start: number; end: number;
}

const CAPTURE_ORDER: Capture[] = ["arguments", "super", "newTarget"];
const CAPTURE_PARAM: Record<Capture, string> = { arguments: "$arguments", super: "$super", newTarget: "$newTarget" };
const CAPTURE_ARG: Record<Capture, string> = {
  arguments: "arguments",
  super: `${helperRef("superProxy")}((k) => super[k], (k, v) => { super[k] = v; })`,
  newTarget: "new.target",
};

export interface TransformOptions {
  /** Maps an import specifier to the one to emit (null keeps it). */
  rewriteSpecifier?: (spec: string) => string | null;
  /** Where emitted code imports the runtime helpers from. */
  runtimeInternal?: string;
  /** Ranges of imports used only as types, to delete (the fast emit path elides them here). */
  elideTypeOnlyImports?: { start: number; end: number }[];
  /** Fast emit path: write parameter properties' assignments (TypeScript's emit would). */
  assignParameterProperties?: boolean;
}

export function transform(source: string, a: Analysis, fileName: string, opts: TransformOptions = {}): MagicStringT {
  const s = new MagicString(source, { filename: fileName });
  const inserts: Insert[] = [];
  const open = (pos: number, text: string, start: number, end: number) => inserts.push({ pos, text, close: false, start, end });
  const close = (pos: number, text: string, start: number, end: number) => inserts.push({ pos, text, close: true, start, end });

  const elided = opts.elideTypeOnlyImports ?? [];
  for (const r of elided) s.remove(r.start, r.end);
  for (const sp of a.specifiers) {
    if (elided.some((r) => sp.start >= r.start && sp.end <= r.end)) continue;
    const to = opts.rewriteSpecifier?.(sp.text);
    if (to != null && to !== sp.text) s.overwrite(sp.start, sp.end, to);
  }
  if (opts.assignParameterProperties) {
    for (const pp of a.parameterProperties) s.appendLeft(pp.insertAt, ` ${pp.names.map((n) => `this.${n} = ${n};`).join(" ")}`);
  }
  if (!a.isDSL) return s;

  for (const f of a.functions) {
    // iscoroutinefunction(): tag the function object once per creation (see FunctionLike's `mark`).
    const mark = helperRef("markCoroutineFunction");
    if (f.mark?.kind === "wrap") {
      open(f.asyncStart, `${mark}(`, f.asyncStart, f.nodeEnd);
      close(f.nodeEnd, ")", f.asyncStart, f.nodeEnd);
    } else if (f.mark?.kind === "binding") {
      s.appendLeft(f.nodeEnd, ` ${mark}(${f.mark.name});`);
    } else if (f.mark?.kind === "member") {
      const target = f.isStatic ? "this" : "this.prototype";
      s.appendLeft(f.nodeEnd, ` static { ${mark}(${target}[${JSON.stringify(f.mark.name)}]); }`);
    }
    s.remove(f.asyncStart, f.asyncEnd);
    if (f.star) s.remove(f.star.start, f.star.end);
    const caps = CAPTURE_ORDER.filter((c) => f.captures.has(c));
    const make = helperRef(f.asyncGenerator ? "agen" : "coro");
    const name = JSON.stringify(f.name);
    // Named so stack traces say which coroutine a frame is (the runtime's traceback drops the `$…`).
    const base = f.name.replace(/[^A-Za-z0-9_$]/g, "") || "coroutine";
    if (f.placement === "closure") {
      const params = caps.map((c) => CAPTURE_PARAM[c]).join(", ");
      const args = caps.map((c) => `, ${CAPTURE_ARG[c]}`).join("");
      const genName = `${base}$`;
      if (f.concise) {
        open(f.bodyStart, `${make}(function* ${genName}(${params}) { return `, f.bodyStart, f.bodyEnd);
        close(f.bodyEnd, `; }.call(this${args}), ${name})`, f.bodyStart, f.bodyEnd);
      } else {
        open(f.bodyStart, ` return ${make}(function* ${genName}(${params}) {`, f.bodyStart, f.bodyEnd);
        close(f.bodyEnd, `}.call(this${args}), ${name}); `, f.bodyStart, f.bodyEnd);
      }
      continue;
    }
    // Hoisted: the body moves into a generator made once per scope (or class), and the
    // function passes it the values its parameters bound. A generator closure made per
    // call costs ~500 bytes more per coroutine in V8 (each gets its own prototype object).
    const genParams = [...f.paramNames, ...caps.map((c) => CAPTURE_PARAM[c])].join(", ");
    const genArgs = [...f.paramNames, ...caps.map((c) => CAPTURE_ARG[c])].map((x) => `, ${x}`).join("");
    const genName = f.placement === "method" ? `#${base}$${f.id}` : `${base}$${f.id}`;
    const callee = f.placement === "method" ? `this.${genName}` : genName;
    // (An empty body has nothing to move; magic-string's move of an empty range would drop the inserts at nodeEnd.)
    if (f.bodyStart < f.bodyEnd) s.move(f.bodyStart, f.bodyEnd, f.nodeEnd);
    open(f.bodyStart, ` return ${make}(${callee}.call(this${genArgs}), ${name}); `, f.bodyStart, f.bodyStart);
    const head = f.placement === "method" ? `${f.isStatic ? "static " : ""}*${genName}` : `function* ${genName}`;
    s.appendLeft(f.nodeEnd, ` ${head}(${genParams}) {`);
    s.prependRight(f.nodeEnd, "}");
  }

  for (const c of a.captures) {
    s.overwrite(c.start, c.end, CAPTURE_PARAM[c.kind]);
    if (c.call) {
      open(c.call.calleeEnd, ".call", c.call.calleeEnd, c.call.calleeEnd);
      open(c.call.argsPos, c.call.hasArgs ? "this, " : "this", c.call.argsPos, c.call.argsPos);
    }
  }

  for (const w of a.awaits) {
    s.overwrite(w.start, w.keywordEnd, "(yield");
    close(w.end, ")", w.start, w.end);
  }

  for (const y of a.agenYields) {
    if (y.hasOperand) {
      s.overwrite(y.start, y.keywordEnd, `(yield ${helperRef("agenYield")}(`);
      close(y.end, "))", y.start, y.end);
    } else {
      s.overwrite(y.start, y.keywordEnd, `(yield ${helperRef("agenYield")}(undefined))`);
    }
  }

  for (const f of a.forAwaits) {
    const it = `$it${f.id}`, r = `$r${f.id}`;
    const kw = f.mode;
    if (!f.temporary) {
      s.overwrite(f.start, f.exprStart, `for (let ${it} = ${helperRef("aiter")}(`);
      s.overwrite(f.exprEnd, f.bodyStart, `), ${r}; !(${r} = (${kw} ${helperRef("anext")}(${it}))).done; ) { ${f.head} = ${r}.value; `);
      close(f.bodyEnd, " }", f.start, f.bodyEnd);
      continue;
    }
    // A temporary iterable left early (break, return, throw) is finalised right away, as
    // CPython's refcounting does; exhaustion clears $it so nothing is finalised then.
    open(f.outerStart, `{ let ${it} = ${helperRef("aiter")}(`, f.outerStart, f.outerEnd);
    s.overwrite(f.start, f.exprStart, "");
    s.overwrite(f.exprEnd, f.bodyStart, `), ${r}; try { for (; !((${r} = (${kw} ${helperRef("anext")}(${it}))).done && ((${it} = null), true)); ) { ${f.head} = ${r}.value; `);
    close(f.bodyEnd, ` } } finally { if (${it} !== null) ${helperRef("afinalize")}(${it}); } }`, f.outerStart, f.outerEnd);
  }

  for (const u of a.awaitUsings) {
    const exc = `$exc${u.id}`, e = `$e${u.id}`, kw = u.mode, x = u.name;
    const enter = ` ${kw} ${helperRef("aenter")}(${x}); let ${exc} = ${helperRef("noExc")}; try {`;
    if (u.start < u.keywordsEnd) s.overwrite(u.start, u.keywordsEnd, "const ");
    if (u.nextDeclarator) s.overwrite(u.nextDeclarator.start, u.nextDeclarator.end, `;${enter} const `);
    else open(u.stmtEnd, enter, u.start, u.scopeEnd);
    close(
      u.scopeEnd,
      `} catch (${e}) { ${exc} = ${e}; if (!(${kw} ${helperRef("aexit")}(${x}, ${e}))) throw ${e}; } finally { if (${exc} === ${helperRef("noExc")}) ${kw} ${helperRef("aexit")}(${x}, null); }`,
      u.start,
      u.scopeEnd,
    );
  }

  for (const r of a.runCalls) {
    open(r.start, "(await ", r.start, r.end);
    close(r.end, ")", r.start, r.end);
  }

  inserts.sort((x, y) => {
    if (x.pos !== y.pos) return x.pos - y.pos;
    if (x.close !== y.close) return x.close ? -1 : 1;
    if (x.close) return y.start - x.start || x.end - y.end; // innermost (latest start) first
    return y.end - x.end || x.start - y.start; // outermost (latest end) first
  });
  for (const ins of inserts) s.appendLeft(ins.pos, ins.text);

  const usesHelpers = a.functions.length || a.forAwaits.length || a.awaitUsings.length;
  if (usesHelpers) {
    // Imports hoist: appending at the end keeps every original line where it was.
    const internal = opts.runtimeInternal ?? RUNTIME_INTERNAL;
    const spec = opts.rewriteSpecifier?.(internal) ?? internal;
    s.append(`\nimport * as ${HELPERS_NS} from ${JSON.stringify(spec)};\n`);
  }
  return s;
}
