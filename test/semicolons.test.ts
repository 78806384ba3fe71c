// Property: code without semicolons means the same. Every optional semicolon is stripped
// from every fixture's main.ts; the compiled program must have the same syntax tree as the
// original's (empty statements aside), and a sample of them (all with SEMI_ALL=1) must
// still print CPython's expected.txt.
import { test, expect } from "vitest";
import ts from "typescript";
import { cpSync, mkdirSync, readFileSync, writeFileSync, mkdtempSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { compile } from "../compiler/index.js";
import { fixtures, runFixture, compare } from "./fixture-driver.mjs";
import { ROOT } from "./util.js";

/** The statement-ending `;` that ASI would put back: the next token is on a later line (or
 * is `}` or the end), and does not start with a character that continues an expression. */
export function stripSemicolons(text: string): { text: string; removed: number } {
  const sf = ts.createSourceFile("x.ts", text, ts.ScriptTarget.Latest, true);
  const cuts: number[] = [];
  const visit = (n: ts.Node): void => {
    if (
      (ts.isExpressionStatement(n) || ts.isVariableStatement(n) || ts.isReturnStatement(n) || ts.isThrowStatement(n) ||
        ts.isBreakOrContinueStatement(n) || ts.isImportDeclaration(n) || ts.isExportDeclaration(n) || ts.isExportAssignment(n) ||
        ts.isDoStatement(n) || ts.isDebuggerStatement(n) || ts.isTypeAliasDeclaration(n)) &&
      text[n.end - 1] === ";"
    ) {
      const next = ts.skipTrivia(text, n.end);
      const between = text.slice(n.end, next);
      const nextChar = text[next] ?? "";
      const onLaterLine = /[\n\r\u2028\u2029]/.test(between) || next >= text.length || nextChar === "}";
      if (onLaterLine && !/[([`+\-/*,.=<>?!%&|^]/.test(nextChar) && !text.startsWith("in", next) && !text.startsWith("instanceof", next)) cuts.push(n.end - 1);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  let out = text;
  for (const p of cuts.sort((a, b) => b - a)) out = out.slice(0, p) + out.slice(p + 1);
  return { text: out, removed: cuts.length };
}

/** The syntax tree of JavaScript as a string of node kinds and token texts, empty statements left out. */
function shape(js: string): string {
  const sf = ts.createSourceFile("x.js", js, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isEmptyStatement(n)) return;
    out.push(ts.SyntaxKind[n.kind]);
    if (ts.isIdentifier(n) || ts.isLiteralExpression(n) || ts.isPrivateIdentifier(n)) out.push(n.text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out.join(" ");
}

const list = fixtures();

test("stripping optional semicolons from every fixture leaves the compiled program's syntax tree unchanged", () => {
  let removed = 0;
  const changed: string[] = [];
  for (const fx of list) {
    const fileName = join(fx.dir, "main.ts");
    const original = readFileSync(fileName, "utf8");
    const stripped = stripSemicolons(original);
    removed += stripped.removed;
    const a = compile(original, { fileName }), b = compile(stripped.text, { fileName });
    expect(b.diagnostics.filter((d) => d.severity === "error"), fx.name).toEqual([]);
    if (shape(a.code!) !== shape(b.code!)) changed.push(fx.name);
  }
  expect(changed).toEqual([]);
  expect(removed).toBeGreaterThan(list.length * 5);
});

test("the shape comparison notices a line joined by ASI", () => {
  const src = `import * as asyncio from "asyncts";\nasync function f(g: any) {\n  const show = g;\n  await asyncio.sleep(0);\n}\n`;
  const joined = src.replace("const show = g;\n  await", "const show = g\n  (await");
  expect(shape(compile(src, { fileName: "/v/a.ts" }).code!)).not.toBe(shape(compile(joined.replace("sleep(0);", "sleep(0));"), { fileName: "/v/a.ts" }).code!));
  expect(stripSemicolons("a();\n(b)();\nc();\n").text).toBe("a();\n(b)()\nc()\n");
});

const sample = process.env.SEMI_ALL ? list : list.filter((_, i) => i % 16 === 0);
test.concurrent.each(sample.map((fx) => [fx.name, fx]))("without semicolons %s still prints CPython's output", async (_name, fx) => {
  mkdirSync(join(ROOT, "test", ".tmp"), { recursive: true });
  // At the fixture's own depth, beside a link to fixtures/tools: fixtures find shared files (test certificates) by relative paths.
  const base = mkdtempSync(join(ROOT, "test", ".tmp", "semi-"));
  symlinkSync(join(ROOT, "fixtures", "tools"), join(base, "tools"), "dir");
  const dir = join(base, fx.name);
  cpSync(fx.dir, dir, { recursive: true });
  writeFileSync(join(dir, "main.ts"), stripSemicolons(readFileSync(join(fx.dir, "main.ts"), "utf8")).text);
  const got = await runFixture({ ...fx, dir });
  expect(compare(fx, got).join("\n\n")).toBe("");
});
