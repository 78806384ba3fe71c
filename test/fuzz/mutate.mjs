// Seeded mutations of DSL programs for the compiler fuzzer: token deletion, insertion and
// duplication, truncation, line swaps, odd whitespace and line terminators, missing
// semicolons, deep nesting. The same seed gives the same mutants.
import ts from "typescript";

/** mulberry32: a small, fast, seedable PRNG. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (n) => Math.floor(next() * n);
  next.pick = (xs) => xs[Math.floor(next() * xs.length)];
  return next;
}

/** The file's tokens as [start, end) ranges (a plain scan: regexes and templates approximate). */
export function tokens(text) {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  const out = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    out.push({ start: scanner.getTokenStart(), end: scanner.getTokenEnd(), kind });
    if (out.length > 200_000) break;
  }
  return out;
}

const SPECIAL = ["await", "async", "}", "{", "(", ")", ";", "=>", "yield", "*", "using", ",", "\n", "return", "function", "await using", "for await", "super", "arguments", "new.target", "this", "=", "`", "'", "/", "<", "#x", "static", "class", "let", "const", "var", "export", "import", "?.", "...", "!"];
const ODD_SPACE = ["", " ", "\u2028", "\u2029", "\u0085", "\u00a0", "\ufeff", "\t", "\v", "\f", "\r", "\r\n", "/*\n*/", "/**/", "// c\n", "\n\n"];

function splice(text, start, end, insert) {
  return text.slice(0, start) + insert + text.slice(end);
}

export function deepNesting(r) {
  const n = r.pick([300, 1000, 2500, 5000, 10000, 20000]);
  switch (r.int(6)) {
    case 0: return `const deep = ${"(".repeat(n)}1${")".repeat(n)};\n`;
    case 1: return `const deep = ${Array.from({ length: Math.min(n, 5000) }, (_, i) => `"p${i}"`).join(" + ")};\n`;
    case 2: return `const deep = ${"async () => ".repeat(n)}0;\n`;
    case 3: return `${"{ ".repeat(n)}print(1);${" }".repeat(n)}\n`;
    case 4: return `const deep = ${"[".repeat(n)}${"]".repeat(n)};\n`;
    default: return `async function deep() { ${"await ".repeat(n)}asyncio.sleep(0); }\n`;
  }
}

/** One mutant of `text`: 1–3 random mutations. */
export function mutate(text, r) {
  const count = 1 + r.int(3);
  let toks = null;
  for (let m = 0; m < count; m++) {
    toks = m === 0 || toks === null ? tokens(text) : tokens(text);
    const tok = toks.length ? r.pick(toks) : { start: 0, end: 0 };
    switch (r.int(10)) {
      case 0: case 1: // delete a token
        text = splice(text, tok.start, tok.end, "");
        break;
      case 2: case 3: { // insert a token (from the file or a special one)
        const from = r() < 0.5 && toks.length ? r.pick(toks) : null;
        const ins = from ? text.slice(from.start, from.end) : r.pick(SPECIAL);
        const at = r() < 0.5 ? tok.start : tok.end;
        text = splice(text, at, at, r.pick(["", " ", "\n"]) + ins + r.pick(["", " ", "\n"]));
        break;
      }
      case 4: // duplicate a token
        text = splice(text, tok.end, tok.end, text.slice(tok.start, tok.end));
        break;
      case 5: // truncate
        text = text.slice(0, r.int(text.length + 1));
        break;
      case 6: { // swap two lines
        const lines = text.split("\n");
        const i = r.int(lines.length), j = r.int(lines.length);
        [lines[i], lines[j]] = [lines[j], lines[i]];
        text = lines.join("\n");
        break;
      }
      case 7: { // odd whitespace between two tokens, or none
        const i = toks.length > 1 ? r.int(toks.length - 1) : 0;
        if (toks.length > 1) text = splice(text, toks[i].end, toks[i + 1].start, r.pick(ODD_SPACE));
        break;
      }
      case 8: // no semicolons at all
        for (const t of [...toks].reverse()) if (t.kind === ts.SyntaxKind.SemicolonToken) text = splice(text, t.start, t.end, r() < 0.7 ? "" : "\n");
        break;
      default: { // deep nesting, at the end or at a line start
        const lines = text.split("\n");
        lines.splice(r.int(lines.length + 1), 0, deepNesting(r));
        text = lines.join("\n");
      }
    }
  }
  return text;
}

/** A DSL program of about `bytes` bytes (many small coroutine functions). */
export function bigProgram(bytes) {
  const parts = ['import * as asyncio from "asyncts";\nimport { print } from "asyncts";\n'];
  let size = parts[0].length;
  for (let i = 0; size < bytes; i++) {
    const p = `async function f${i}(x: number) {\n  await asyncio.sleep(0);\n  for await (const v of gen${i % 7}()) print(v, x);\n  return x + ${i};\n}\n`;
    parts.push(p);
    size += p.length;
  }
  for (let k = 0; k < 7; k++) parts.push(`async function* gen${k}() { yield ${k}; }\n`);
  parts.push("async function main() { print(await f0(1)); }\nasyncio.run(main());\n");
  return parts.join("");
}
