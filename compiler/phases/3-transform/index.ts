// Phase 3: rewrite. Applies the analysis to the source text with magic-string, so the output
// keeps a source map back to the DSL file. Shapes (input → output):
//
//   async function f(a) { BODY }      → function f(a) { return $asyncts.$coro(f$0.call(this, a), "f"); } function* f$0(a) { BODY } $asyncts.$markCoroutineFunction(f, f$0);
//   async m(a) { BODY }  (class)      → m(a) { return $asyncts.$coro(this.#m.call(this, a), "m"); } *#m(a) { BODY } static { $asyncts.$markCoroutineFunction(this.prototype["m"]); }
//   async (a) => { BODY }             → $asyncts.$markCoroutineFunction((a) => { return $asyncts.$coro(function* f() { BODY }.call(this), "f"); })
//   async (a) => EXPR                 → $asyncts.$markCoroutineFunction((a) => $asyncts.$coro(function* f() { return EXPR; }.call(this), "f"))
//   async function () {}, { async m() {} }  → the same closure shape (object methods are not marked)
//   async function* g() { BODY }      → function g() { return $asyncts.$agen(g$1.call(this), "g"); } function* g$1() { BODY }
//   await X                           → (yield X)      — `;(yield X)` when it starts a statement (ASI),
//                                                        `(yield (⏎X))` when a line break follows `await`
//   yield V        (async generator)  → (yield $asyncts.$agenYield(V))
//   for await (HEAD of X) S           → for (let $it = $asyncts.$aiter(X), $r; !($r = (yield $asyncts.$anext($it))).done; ) { HEAD = $r.value; S }
//   for await (HEAD of g()) S         → { let $it = $aiter(g()), $r; try { for (...) { HEAD = $r.value; S } } finally { if ($it !== null) $afinalize($it); } }
//   await using x = E; REST           → const $cm0 = E; const x = (yield $asyncts.$aenter($cm0)); let $exc0 = $noExc;
//                                       try { REST } catch ($e0) { $exc0 = $e0; if (!(yield $aexit($cm0, $e0))) throw $e0; }
//                                       finally { if ($exc0 === $noExc) yield $aexit($cm0, null); }
//   gather(...xs, y)  (asyncts's)      → $asyncts.$gatherArgs([...xs, y])
//   asyncio.run(...)  (module level)  → (await asyncio.run(...))   (`await using` there: `await` for `yield`)
//   arguments / new.target / super.m(...) inside a coroutine → $arguments / $newTarget / $super.m.call(this, ...),
//                                       passed into the generator by its wrapper: `.call(this, arguments, ...)`.
// The generator of a declaration or class method is hoisted beside it (made once per scope or
// class; a closure per call costs ~500 bytes in V8) and takes the function's name for stack
// traces: `$markCoroutineFunction(f, f$0)` names `f$0` "f", a method's is `#m` when that name is
// free, a closure's generator is named as its function unless the body uses that name.
//
// Every edit must be valid whatever tokens surround it: text is replaced with `update` (which
// keeps what neighbouring edits inserted) and never moved; inserts that meet at one position
// nest properly — closers innermost first, then point inserts, then openers outermost first
// (an opener's construct starts where it is inserted, except a function body's, which starts
// half a position earlier so that it encloses what begins at the same place).
import MagicString from "magic-string";
type MagicStringT = MagicString;
import type { Analysis, Capture } from "../2-analyze/index.js";
import { helperRef, HELPERS_NS, RUNTIME_INTERNAL } from "../../helpers.js";

interface Insert {
  pos: number;
  text: string;
  kind: 0 | 1 | 2; // 0 closer, 1 point, 2 opener
  /** the construct the insert belongs to, for nesting order */ start: number; end: number;
  seq: number;
}

const CAPTURE_ORDER: Capture[] = ["arguments", "super", "newTarget"];
const CAPTURE_PARAM: Record<Capture, string> = { arguments: "$arguments", super: "$super", newTarget: "$newTarget" };
const CAPTURE_ARG: Record<Capture, string> = {
  arguments: "arguments",
  super: `${helperRef("superProxy")}((k) => super[k], (k, v) => { super[k] = v; })`,
  newTarget: "new.target",
};

/** Names a generator function expression cannot take in strict code. */
const RESERVED = new Set(("break case catch class const continue debugger default delete do else enum export extends false finally for " +
  "function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static " +
  "implements interface package private protected public await arguments eval").split(" "));

export interface TransformOptions {
  /** Maps an import specifier to the one to emit (null keeps it). */
  rewriteSpecifier?: (spec: string) => string | null;
  /** Where emitted code imports the runtime helpers from. */
  runtimeInternal?: string;
  /** Delete imports used only as types (the fast emit path; TypeScript's emit does it otherwise). */
  elideTypeOnlyImports?: boolean;
  /** Fast emit path: write parameter properties' assignments (TypeScript's emit would). */
  assignParameterProperties?: boolean;
}

export function transform(source: string, a: Analysis, fileName: string, opts: TransformOptions = {}): MagicStringT {
  // The fast emit path edits the type-blanked text (same positions, already JavaScript).
  const base = a.blankedText ?? source;
  const s = new MagicString(base, { filename: fileName });
  const updates: { start: number; end: number; text: string }[] = [];
  const inserts: Insert[] = [];
  const add = (kind: 0 | 1 | 2, pos: number, text: string, start: number, end: number) => inserts.push({ pos, text, kind, start, end, seq: inserts.length });
  const open = (pos: number, text: string, start: number, end: number) => add(2, pos, text, start, end);
  const close = (pos: number, text: string, start: number, end: number) => add(0, pos, text, start, end);
  const point = (pos: number, text: string) => add(1, pos, text, pos, pos);
  /** `;` before a `(` that starts a statement, so it cannot continue the previous line:
   * before every opener of the statement, after those of an enclosing function body. */
  const guard = (pos: number) => add(2, pos, ";", pos - 0.25, Infinity);
  /** Replacements are collected and applied in position order (magic-string finds the chunk
   * to split by walking from the last one it split: in order, that is linear). */
  const replace = (start: number, end: number, text: string) => {
    if (start < end) updates.push({ start, end, text });
    else if (text) point(start, text);
  };

  // Import elision first: whole ranges, nothing inserted inside.
  const elided = opts.elideTypeOnlyImports ? a.typeOnlyImports ?? [] : [];
  const inElided = (p: number, q: number) => elided.some((r) => p < r.end && q > r.start);
  for (const r of elided) replace(r.start, r.end, "");
  for (const p of a.nelPositions ?? []) if (base[p] === "\u0085" && !inElided(p, p + 1)) replace(p, p + 1, " ");
  for (const sp of a.specifiers) {
    if (inElided(sp.start, sp.end)) continue;
    const to = opts.rewriteSpecifier?.(sp.text);
    if (to != null && to !== sp.text) replace(sp.start, sp.end, to);
  }
  if (opts.assignParameterProperties) {
    // after `super()` without its `;` (ASI), the assignment must not continue that line's statement
    for (const pp of a.parameterProperties) point(pp.insertAt, `${pp.afterStatement && base[pp.insertAt - 1] !== ";" ? ";" : ""} ${pp.names.map((n) => `this.${n} = ${n};`).join(" ")}`);
  }

  if (a.isDSL) rewriteDSL();

  updates.sort((x, y) => x.start - y.start);
  for (const u of updates) s.update(u.start, u.end, u.text);
  inserts.sort((x, y) => {
    if (x.pos !== y.pos) return x.pos - y.pos;
    if (x.kind !== y.kind) return x.kind - y.kind;
    if (x.kind === 0) return y.start - x.start || x.end - y.end || x.seq - y.seq; // innermost (latest start) first
    if (x.kind === 2) return x.start - y.start || y.end - x.end || x.seq - y.seq; // outermost (latest end) first
    return x.seq - y.seq;
  });
  for (const ins of inserts) s.appendLeft(ins.pos, ins.text);

  const usesHelpers = a.isDSL && (a.functions.length || a.forAwaits.length || a.awaitUsings.length || a.spreadCalls.length);
  if (usesHelpers) {
    // Imports hoist: appending at the end keeps every original line where it was.
    const internal = opts.runtimeInternal ?? RUNTIME_INTERNAL;
    const spec = opts.rewriteSpecifier?.(internal) ?? internal;
    s.append(`\nimport * as ${HELPERS_NS} from ${JSON.stringify(spec)};\n`);
  }
  return s;

  function rewriteDSL(): void {
    const mark = helperRef("markCoroutineFunction");
    for (const f of a.functions) {
      replace(f.asyncStart, f.asyncEnd, "");
      if (f.star) replace(f.star.start, f.star.end, " ");
      const caps = CAPTURE_ORDER.filter((c) => f.captures.has(c));
      const make = helperRef(f.asyncGenerator ? "agen" : "coro");
      const name = JSON.stringify(f.name);
      let base = f.name.replace(/[^A-Za-z0-9_$]/g, "") || "coroutine";
      if (/^[0-9]/.test(base)) base = `_${base}`;
      if (f.mark?.kind === "wrap") {
        open(f.asyncStart, `${mark}(`, f.asyncStart, f.nodeEnd);
        close(f.nodeEnd, ")", f.asyncStart, f.nodeEnd);
      } else if (f.mark?.kind === "member") {
        const target = f.isStatic ? "this" : "this.prototype";
        close(f.nodeEnd, ` static { ${mark}(${target}[${JSON.stringify(f.mark.name)}]); }`, f.asyncStart, f.nodeEnd);
      }
      if (f.placement === "closure") {
        const params = caps.map((c) => CAPTURE_PARAM[c]).join(", ");
        const args = caps.map((c) => `, ${CAPTURE_ARG[c]}`).join("");
        const genName = !f.nameUsed && /^[A-Za-z_$][\w$]*$/.test(f.name) && !RESERVED.has(f.name) ? f.name : `${base}$`;
        const [head, tail] = f.concise
          ? [`${make}(function* ${genName}(${params}) { return `, `; }.call(this${args}), ${name})`]
          : [` return ${make}(function* ${genName}(${params}) {`, `}.call(this${args}), ${name}); `];
        // The body's construct encloses everything in it, also what starts or ends exactly
        // where it does (`async () => async () => 0`, `async () => await x`).
        if (f.bodyStart === f.bodyEnd) point(f.bodyStart, head + tail);
        else {
          open(f.bodyStart, head, f.bodyStart - 0.5, f.bodyEnd + 0.5);
          close(f.bodyEnd, tail, f.bodyStart - 0.5, f.bodyEnd + 0.5);
        }
        continue;
      }
      // Hoisted: the body, braces and all, stays where it is and becomes the generator's;
      // the wrapper's body goes in front of it and passes on what the parameters bound.
      const genParams = [...f.paramNames, ...caps.map((c) => CAPTURE_PARAM[c])].join(", ");
      const genArgs = [...f.paramNames, ...caps.map((c) => CAPTURE_ARG[c])].map((x) => `, ${x}`).join("");
      const isMethod = f.placement === "method";
      const genName = isMethod ? (f.privateNameFree && !RESERVED.has(base) ? `#${base}` : `#${base}$${f.id}`) : `${base}$${f.id}`;
      const callee = isMethod ? `this.${genName}` : genName;
      const head = isMethod ? `${f.isStatic ? "static " : ""}*${genName}` : `function* ${genName}`;
      point(f.bodyStart - 1, ` { return ${make}(${callee}.call(this${genArgs}), ${name}); } ${head}(${genParams}) `);
      if (f.mark?.kind === "binding") close(f.nodeEnd, ` ${mark}(${f.mark.name}, ${genName});`, f.asyncStart, f.nodeEnd);
    }

    for (const c of a.captures) {
      replace(c.start, c.end, CAPTURE_PARAM[c.kind]);
      if (c.call) {
        point(c.call.calleeEnd, ".call");
        point(c.call.argsPos, c.call.hasArgs ? "this, " : "this");
      }
    }

    for (const w of a.awaits) {
      // `yield` takes no operand across a line break: parenthesise it then.
      const broken = w.operandStart !== undefined && /[\n\r\u2028\u2029]/.test(source.slice(w.keywordEnd, w.operandStart));
      if (w.statementStart) guard(w.start);
      replace(w.start, w.keywordEnd, broken ? "(yield (" : "(yield");
      close(w.end, broken ? "))" : ")", w.start, w.end);
    }

    for (const y of a.agenYields) {
      if (y.statementStart) guard(y.start);
      if (y.hasOperand) {
        replace(y.start, y.keywordEnd, `(yield ${helperRef("agenYield")}(`);
        close(y.end, "))", y.start, y.end);
      } else {
        replace(y.start, y.keywordEnd, `(yield ${helperRef("agenYield")}(undefined))`);
      }
    }

    for (const f of a.forAwaits) {
      const it = `$it${f.id}`, r = `$r${f.id}`;
      const kw = f.mode;
      if (!f.temporary) {
        replace(f.start, f.exprStart, `for (let ${it} = ${helperRef("aiter")}(`);
        replace(f.exprEnd, f.bodyStart, `), ${r}; !(${r} = (${kw} ${helperRef("anext")}(${it}))).done; ) { ${f.head} = ${r}.value; `);
        close(f.bodyEnd, " }", f.start, f.bodyEnd);
        continue;
      }
      // A temporary iterable left early (break, return, throw) is finalised right away, as
      // CPython's refcounting does; exhaustion clears $it so nothing is finalised then.
      open(f.outerStart, `{ let ${it} = ${helperRef("aiter")}(`, f.outerStart, f.outerEnd);
      replace(f.start, f.exprStart, "");
      replace(f.exprEnd, f.bodyStart, `), ${r}; try { for (; !((${r} = (${kw} ${helperRef("anext")}(${it}))).done && ((${it} = null), true)); ) { ${f.head} = ${r}.value; `);
      close(f.bodyEnd, ` } } finally { if (${it} !== null) ${helperRef("afinalize")}(${it}); } }`, f.outerStart, f.outerEnd);
    }

    for (const u of a.awaitUsings) {
      // x is what __aenter__() returns (Python's `async with E as x`); the manager keeps a
      // hidden name for __aexit__.
      const cm = `$cm${u.id}`, exc = `$exc${u.id}`, e = `$e${u.id}`, kw = u.mode, x = u.name;
      const enter = ` const ${x} = (${kw} ${helperRef("aenter")}(${cm})); let ${exc} = ${helperRef("noExc")}; try {`;
      if (u.start < u.keywordsEnd) replace(u.start, u.keywordsEnd, "const ");
      if (u.nameStart !== undefined && u.nameEnd !== undefined) replace(u.nameStart, u.nameEnd, cm);
      const exit = `${u.scopeEnd === source.length ? "\n" : ""}} catch (${e}) { ${exc} = ${e}; if (!(${kw} ${helperRef("aexit")}(${cm}, ${e}))) throw ${e}; } finally { if (${exc} === ${helperRef("noExc")}) ${kw} ${helperRef("aexit")}(${cm}, null); }`;
      const semi = source[u.stmtEnd - 1] === ";" ? "" : ";";
      if (u.nextDeclarator) replace(u.nextDeclarator.start, u.nextDeclarator.end, `;${enter} const `);
      else if (u.stmtEnd === u.scopeEnd) {
        // the last statement of its scope, with nothing after it (`{await using x = y;}`, the
        // file's end): the try block is empty, so entering and exiting are one closer, which
        // nests inside the closers of earlier `await using`s that end at the same place
        close(u.scopeEnd, semi + enter + exit, u.start, u.scopeEnd);
        continue;
      } else point(u.stmtEnd, semi + enter);
      close(u.scopeEnd, exit, u.start, u.scopeEnd);
    }

    // gather(...xs) → $gatherArgs([...xs]): an array literal spreads any length
    for (const c of a.spreadCalls) {
      replace(c.calleeStart, c.calleeEnd, helperRef(c.helper));
      open(c.argsStart, "[", c.argsStart, c.argsEnd);
      close(c.argsEnd, "]", c.argsStart, c.argsEnd);
    }

    for (const r of a.runCalls) {
      if (r.statementStart) guard(r.start);
      open(r.start, "(await ", r.start, r.end);
      close(r.end, ")", r.start, r.end);
    }
  }
}
