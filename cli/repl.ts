// `asyncts repl`: an interactive prompt like `python -m asyncio`. One event loop runs for
// the whole session (run_forever; it hands control to Node whenever it waits, so the
// prompt reads input while tasks sleep); tasks created at one prompt keep running between
// prompts. Each input is compiled as DSL code (`asyncio`, `print` and `kw` are in scope)
// and run in one vm context, so declarations persist:
//   - an input without top-level await runs as a script in the context;
//   - an input with top-level await becomes a cell coroutine run as a task on the loop:
//       const t = await asyncio.sleep(1, 5);  →  var t;  async function $cell() { t = await asyncio.sleep(1, 5); }
//     (its plain variable declarations are hoisted to the context; functions declared in
//     such an input stay local to it).
// A last expression statement's value is echoed with repr() unless it is None, as Python does.
import { createInterface } from "node:readline";
import { createContext, runInContext, type Context as VmContext } from "node:vm";
import ts from "typescript";
import { codes } from "../compiler/diagnostics.js";

const PRELUDE = `import * as asyncio from "asyncts";\nimport { print, kw } from "asyncts";\n`;

interface Cell {
  code: string;
  /** the input ends with an expression whose value is echoed */
  echo: boolean;
  /** the code defines $cell, a coroutine function to run as a task */
  async: boolean;
}

/** Turns one input into a script for the context (see the header); throws on compile errors. */
export async function compileCell(input: string, imports: string[] = []): Promise<Cell | { error: string }> {
  const { compile, formatDiagnostics, hasErrors } = await import("../compiler/index.js");
  const sf = ts.createSourceFile("cell.ts", input, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const last = sf.statements[sf.statements.length - 1];
  const echo = !!last && ts.isExpressionStatement(last);
  let body = input;
  // `import { sleep } from "asyncts"` → bindings from the runtime in the context, made here
  // (the compiler drops unused imports); earlier inputs' imports are repeated before each
  // input so the compiler still knows what `sleep` is.
  const bindings: string[] = [];
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st)) continue;
    const spec = (st.moduleSpecifier as ts.StringLiteral).text;
    if (spec !== "asyncts") return { error: `only imports from "asyncts" work in the REPL (got "${spec}")` };
    const c = st.importClause;
    if (c?.name) bindings.push(`${c.name.text} = asyncio`);
    const nb = c?.namedBindings;
    if (nb && ts.isNamespaceImport(nb)) bindings.push(`${nb.name.text} = asyncio`);
    else if (nb && ts.isNamedImports(nb)) for (const el of nb.elements) bindings.push(`${el.name.text} = asyncio.${(el.propertyName ?? el.name).text}`);
    imports.push(st.getText());
  }
  // The cell's own imports are in `imports` now: blank them in the body (same length, so the
  // statement positions below stay right), or they would be declared twice.
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st)) body = body.slice(0, st.getStart()) + body.slice(st.getStart(), st.getEnd()).replace(/[^\n]/g, " ") + body.slice(st.getEnd());
  }
  const prior = imports.join("\n") + "\n";
  const first = (src: string) => compile(PRELUDE + prior + src, { fileName: "/repl/cell.ts", runtimeInternal: "asyncts/internal" });
  let r = first(body);
  let isAsync = false;
  if (r.diagnostics.some((d: any) => d.code === codes.topLevelAwait.code)) {
    // Top-level await: a cell coroutine; plain `const x = ...` become context variables.
    isAsync = true;
    const ms: [number, number, string][] = [];
    const hoisted: string[] = [];
    for (const st of sf.statements) {
      if (ts.isImportDeclaration(st)) ms.push([st.getStart(), st.getEnd(), ""]);
      else if (ts.isVariableStatement(st) && st.declarationList.declarations.every((d) => ts.isIdentifier(d.name))) {
        const names = st.declarationList.declarations.map((d) => (d.name as ts.Identifier).text);
        hoisted.push(...names);
        const parts = st.declarationList.declarations.map((d) => (d.initializer ? `${(d.name as ts.Identifier).text} = ${d.initializer.getText()}` : "void 0"));
        ms.push([st.getStart(), st.getEnd(), `${parts.join(", ")};`]);
      }
    }
    if (echo) ms.push([last.getStart(), last.getStart(), "return ("], [(last as ts.ExpressionStatement).expression.getEnd(), last.getEnd(), ");"]);
    ms.sort((a, b) => b[0] - a[0]);
    for (const [s, e, t] of ms) body = body.slice(0, s) + t + body.slice(e);
    body = `${hoisted.length ? `var ${hoisted.join(", ")};\n` : ""}async function $cell() {\n${body}\n}\n`;
    r = first(body);
  }
  if (hasErrors(r.diagnostics) || r.code === null) return { error: formatDiagnostics(r.diagnostics, { cwd: "/repl", color: false }).trimEnd() };
  // Every import line goes (the runtime is `asyncio` in the context, the helpers `$asyncts`).
  let code = r.code.replace(/^\s*import\s[^;]*?from\s+(["'])asyncts(\/internal)?\1;?/gm, "");
  if (bindings.length) code = `var ${bindings.join(", ")};\n${code}`;
  return { code, echo, async: isAsync };
}

/** A traceback without the REPL's own frames; errors of the vm context's realm
 * (ReferenceError, SyntaxError) are not instances of this realm's Error. */
function formatError(err: any, formatTraceback: (e: unknown) => string): string {
  if (!(err instanceof Error) && err && typeof err.name === "string") return `Traceback (most recent call last):\n  File "<stdin>", line 1, in <module>\n${err.name}: ${err.message}\n`;
  const lines = formatTraceback(err).split("\n");
  return lines.filter((l, i) => i === 0 || !/^ {2}File "(node:|async |[^"]*[\\/]dist[\\/])/.test(l)).join("\n");
}

/** Brackets still open in `text` (strings and comments ignored roughly): the input continues. */
function incomplete(text: string): boolean {
  let depth = 0;
  const stripped = text.replace(/\/\/.*$/gm, "").replace(/(["'`])(?:\\.|(?!\1)[^\\])*\1/g, "");
  for (const ch of stripped) {
    if ("([{".includes(ch)) depth++;
    else if (")]}".includes(ch)) depth--;
  }
  return depth > 0;
}

export async function repl(): Promise<number> {
  const asyncio: any = await import("../runtime/index.js");
  const internal: any = await import("../runtime/internal.js");
  const { formatTraceback } = await import("../runtime/py/traceback.js");
  const { flushStdout } = await import("../runtime/host.js");
  const loop = asyncio.new_event_loop();
  asyncio.set_event_loop(loop);
  const running = loop.run_forever();
  const context: VmContext = createContext({ asyncio, print: asyncio.print, kw: asyncio.kw, $asyncts: internal, console, process, setTimeout, setImmediate, Promise });
  const out = (s: string) => {
    flushStdout();
    process.stdout.write(s);
  };
  process.stderr.write(`asyncio REPL (asyncts 0.1.0, CPython 3.12 asyncio semantics)\nUse "await" directly instead of "asyncio.run()".\n`);
  // Prompts and the banner go to stderr, as Python's REPL does when stdin is not a terminal,
  // so stdout holds just the session's output.
  const rl = createInterface({ input: process.stdin, output: process.stderr, prompt: ">>> ", terminal: !!process.stdin.isTTY });
  const imports: string[] = [];
  let buffer = "";
  const prompt = () => {
    flushStdout();
    rl.setPrompt(buffer ? "... " : ">>> ");
    rl.prompt();
  };
  const runCell = async (input: string) => {
    const cell = await compileCell(input, imports);
    if ("error" in cell) {
      out(`${cell.error}\n`);
      return;
    }
    try {
      let value = runInContext(cell.code, context, { filename: "<stdin>" });
      if (cell.async) value = await loop.create_task(runInContext("$cell()", context));
      if (cell.echo && value !== undefined && value !== null) out(`${asyncio.repr(value)}\n`);
    } catch (err) {
      flushStdout();
      process.stderr.write(formatError(err, formatTraceback));
    }
  };
  // Lines are handled one at a time, in order, even when they arrive at once (piped stdin).
  let chain = Promise.resolve();
  rl.on("line", (line) => {
    chain = chain.then(async () => {
      buffer = buffer ? `${buffer}\n${line}` : line;
      if (incomplete(buffer)) return prompt();
      const input = buffer;
      buffer = "";
      if (input.trim() === "exit" || input.trim() === "exit()") return rl.close();
      if (input.trim()) await runCell(input);
      prompt();
    });
  });
  prompt();
  await new Promise<void>((resolve) => rl.on("close", () => resolve()));
  await chain;
  flushStdout();
  process.stderr.write("\nexiting asyncio REPL...\n");
  loop.stop();
  await running.catch(() => {});
  loop.close();
  return 0;
}
