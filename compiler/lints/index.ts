// asyncio lints: warnings for the mistakes this model makes silent (flake8-async's
// rules.rst and ruff's RUF006 as the model). Each rule is one file with a `visit(node, ctx)`;
// this file does the one walk they share over a DSL file, tracks the enclosing function
// (is it a coroutine?), and drops what a `// asyncts-ignore ASY31xx` comment silences.
// Rules read the analysis (bindings, isDSL) and the syntax tree; with a type checker
// (`check`) they also ask types, without one (`build`) they stay syntactic.
import ts from "typescript";
import type { Analysis, FileAccess } from "../phases/2-analyze/index.js";
import { diag, codes, type Diagnostic } from "../diagnostics.js";
import { makeOracle } from "./oracle.js";
import { isAsync, type LintContext, type LintRule } from "./rule.js";
export { isAsync, isDiscarded, callText, type LintKey, type LintContext, type LintRule } from "./rule.js";
import { rule as unawaitedCoroutine } from "./unawaited-coroutine.js";
import { rule as asyncCallback } from "./async-callback.js";
import { rule as droppedTask } from "./dropped-task.js";
import { rule as swallowedCancel } from "./swallowed-cancel.js";
import { rule as blockingCall } from "./blocking-call.js";
import { rule as promiseCombinator } from "./promise-combinator.js";
import { rule as nativeTimer } from "./native-timer.js";
import { rule as runInCoroutine } from "./run-in-coroutine.js";
import { rule as moduleRunValue } from "./module-run-value.js";

export const rules: LintRule[] = [
  unawaitedCoroutine, asyncCallback, droppedTask, swallowedCancel, blockingCall, promiseCombinator, nativeTimer,
  runInCoroutine, moduleRunValue,
];

export interface LintOptions {
  /** a type checker whose program holds `sf` (check); without it the rules are syntactic */
  checker?: ts.TypeChecker;
  /** how to read the relative modules a file imports (cli/ passes the real file system) */
  files?: FileAccess;
}

/** Runs every rule over one file; nothing for files that don't import asyncts. */
export function lint(sf: ts.SourceFile, analysis: Analysis, opts: LintOptions = {}): Diagnostic[] {
  if (!analysis.isDSL) return [];
  const out: Diagnostic[] = [];
  const ctx: LintContext = {
    sf, analysis, oracle: makeOracle(sf, analysis, opts.checker, opts.files), fn: null, inCoroutine: false,
    report(key, node, ...args) {
      const start = node.getStart(sf);
      out.push(diag(key, { file: sf.fileName, start, length: node.getEnd() - start, source: sf.text }, ...(args as [never])));
    },
  };
  const visit = (node: ts.Node): void => {
    for (const r of rules) r.visit(node, ctx);
    if (ts.isFunctionLike(node) && node.kind !== ts.SyntaxKind.CallSignature) {
      const saved = [ctx.fn, ctx.inCoroutine] as const;
      ctx.fn = node;
      ctx.inCoroutine = isAsync(node);
      ts.forEachChild(node, visit);
      [ctx.fn, ctx.inCoroutine] = saved;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out.length ? suppressed(sf, out) : out;
}

/** `// asyncts-ignore <code>` at the end of a line, or alone on the line before, silences that code there
 * (several codes may follow; none silences every lint on the line). */
function suppressed(sf: ts.SourceFile, list: Diagnostic[]): Diagnostic[] {
  const ignores = new Map<number, Set<string> | "all">();
  for (const m of sf.text.matchAll(/\/\/\s*asyncts-ignore\b([^\n]*)/g)) {
    const { line, character } = sf.getLineAndCharacterOfPosition(m.index!);
    const found = m[1].match(/ASY\d{4}/g);
    // a comment alone on its line covers the next line; a trailing one its own line
    const alone = sf.text.slice(m.index! - character, m.index!).trim() === "";
    ignores.set(alone ? line + 1 : line, found ? new Set(found) : "all");
  }
  if (!ignores.size) return list;
  const lintCodes = new Set(Object.values(codes).map((c) => c.code));
  return list.filter((d) => {
    if (!lintCodes.has(d.code as never) || d.start === undefined) return true;
    const line = sf.getLineAndCharacterOfPosition(d.start).line;
    const ig = ignores.get(line);
    return !(ig === "all" || ig?.has(d.code));
  });
}

