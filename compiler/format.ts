// Diagnostics printed as `tsc --pretty` prints them, byte for byte once colours are off:
// `file:line:col - error CODE: message`, the code frame (up to five lines, "..." between),
// related locations, and tsc's closing summary ("Found 2 errors in the same file, starting
// at: a.ts:3", the per-file table). Same algorithm as TypeScript's formatCodeSpan and
// getErrorSummaryText, so editors' `$tsc` problem matcher and people used to tsc read it.
// Colours come from Node's util.styleText; the caller decides whether to use them
// (cli/color.ts asks Node, which honours NO_COLOR / FORCE_COLOR and the TTY).
import ts from "typescript";
import { relative, isAbsolute } from "node:path";
import * as util from "node:util";
import type { Diagnostic } from "./diagnostic.js";

export interface FormatOptions {
  color?: boolean;
  /** paths are printed relative to this folder (tsc uses the current directory) */
  cwd?: string;
}

type Style = Parameters<typeof util.styleText>[0];

function painter(on: boolean): (style: Style, text: string) => string {
  const styleText = (util as { styleText?: typeof util.styleText }).styleText;
  if (!on || !styleText) return (_s, t) => t;
  return (s, t) => (t === "" ? t : styleText(s, t, { validateStream: false } as never));
}

const lineMaps = new Map<string, ts.SourceFileLike>();
function sourceLike(text: string): ts.SourceFileLike {
  // ts caches the line starts on the object (lineMap); keep one object per text.
  let sf = lineMaps.get(text);
  if (!sf) {
    if (lineMaps.size > 256) lineMaps.clear();
    sf = { text } as ts.SourceFileLike;
    lineMaps.set(text, sf);
  }
  return sf;
}

function pathOf(file: string, cwd: string | undefined): string {
  return cwd && isAbsolute(file) ? relative(cwd, file) || file : file;
}

function location(file: string, source: string, start: number, opts: FormatOptions, paint: ReturnType<typeof painter>): string {
  const { line, character } = ts.getLineAndCharacterOfPosition(sourceLike(source), start);
  return `${paint("cyanBright", pathOf(file, opts.cwd))}:${paint("yellowBright", String(line + 1))}:${paint("yellowBright", String(character + 1))}`;
}

/** TypeScript's formatCodeSpan: the lines of [start, start+length), squiggled. */
function codeSpan(source: string, start: number, length: number, indent: string, squiggle: Style, paint: ReturnType<typeof painter>): string {
  const sf = sourceLike(source);
  const first = ts.getLineAndCharacterOfPosition(sf, start);
  const last = ts.getLineAndCharacterOfPosition(sf, Math.min(start + length, source.length));
  const lastLineInFile = ts.getLineAndCharacterOfPosition(sf, source.length).line;
  const moreThanFive = last.line - first.line >= 4;
  let gutter = String(last.line + 1).length;
  if (moreThanFive) gutter = Math.max(3, gutter);
  let out = "";
  for (let i = first.line; i <= last.line; i++) {
    out += "\n";
    if (moreThanFive && first.line + 1 < i && i < last.line - 1) {
      out += `${indent}${paint("inverse", "...".padStart(gutter))} \n`;
      i = last.line - 1;
    }
    const lineStart = ts.getPositionOfLineAndCharacter(sf, i, 0);
    const lineEnd = i < lastLineInFile ? ts.getPositionOfLineAndCharacter(sf, i + 1, 0) : source.length;
    const content = source.slice(lineStart, lineEnd).trimEnd().replace(/\t/g, " ");
    out += `${indent}${paint("inverse", String(i + 1).padStart(gutter))} ${content}\n`;
    out += `${indent}${paint("inverse", "".padStart(gutter))} `;
    let marks: string;
    if (i === first.line) {
      marks = content.slice(0, first.character).replace(/\S/g, " ");
      const squiggles = content.slice(first.character, i === last.line ? last.character : undefined).replace(/./g, "~");
      out += marks + paint(squiggle, squiggles);
      continue;
    } else if (i === last.line) marks = content.slice(0, last.character).replace(/./g, "~");
    else marks = content.replace(/./g, "~");
    out += paint(squiggle, marks);
  }
  return out;
}

/** One diagnostic as tsc --pretty prints it (without the blank line tsc's reporter adds). */
export function formatDiagnostic(d: Diagnostic, opts: FormatOptions = {}): string {
  const paint = painter(opts.color ?? false);
  const squiggle: Style = d.severity === "error" ? "redBright" : "yellowBright";
  let out = "";
  const framed = d.file !== undefined && d.start !== undefined && d.source !== undefined;
  if (framed) out += `${location(d.file!, d.source!, d.start!, opts, paint)} - `;
  else if (d.file) out += `${paint("cyanBright", pathOf(d.file, opts.cwd))} - `;
  out += `${paint(squiggle, d.severity)}${paint("gray", ` ${d.code}: `)}${d.message}`;
  if (framed) out += "\n" + codeSpan(d.source!, d.start!, d.length ?? 0, "", squiggle, paint);
  if (d.related?.length) {
    out += "\n";
    for (const r of d.related) {
      if (r.file !== undefined && r.start !== undefined && r.source !== undefined) {
        out += `\n  ${location(r.file, r.source, r.start, opts, paint)}`;
        out += codeSpan(r.source, r.start, r.length ?? 0, "    ", "cyanBright", paint);
      }
      out += `\n    ${r.message}`;
    }
  }
  return out + "\n";
}

/** All diagnostics, each followed by a blank line as tsc --pretty does, then tsc's summary. */
export function formatDiagnostics(list: Diagnostic[], opts: FormatOptions = {}): string {
  return formatSummary(list, list.map((d) => formatDiagnostic(d, opts) + "\n").join(""), opts);
}

/** `printed` (the diagnostics of `list` as text) followed by tsc's summary of `list`. */
export function formatSummary(list: Diagnostic[], printed: string, opts: FormatOptions = {}): string {
  let out = printed + errorSummary(list, opts);
  const warnings = list.filter((d) => d.severity === "warning").length;
  if (warnings) out += `${out.endsWith("\n\n") || out === "" ? "" : "\n"}Found ${warnings} warning${warnings === 1 ? "" : "s"}.\n`;
  return out;
}

/** TypeScript's getErrorSummaryText (the line after the last diagnostic). */
function errorSummary(list: Diagnostic[], opts: FormatOptions): string {
  const paint = painter(opts.color ?? false);
  const errors = list.filter((d) => d.severity === "error");
  if (!errors.length) return "";
  const inFile = errors.map((e) => {
    if (e.file === undefined) return undefined;
    // the line of the first error in that file, as tsc reports it
    const firstOfFile = errors.find((d) => d.file === e.file)!;
    const line = firstOfFile.start !== undefined && firstOfFile.source !== undefined
      ? ts.getLineAndCharacterOfPosition(sourceLike(firstOfFile.source), firstOfFile.start).line + 1 : 1;
    return { file: e.file, line };
  });
  const files = inFile.filter((f): f is { file: string; line: number } => f !== undefined);
  const distinct = [...new Set(files.map((f) => `${f.file}:${f.line}`))];
  const ref = (f: { file: string; line: number }) => pathOf(f.file, opts.cwd) + paint("gray", `:${f.line}`);
  let message: string;
  if (errors.length === 1) message = inFile[0] !== undefined ? `Found 1 error in ${ref(files[0])}` : "Found 1 error.";
  else if (distinct.length === 0) message = `Found ${errors.length} errors.`;
  else if (distinct.length === 1) message = `Found ${errors.length} errors in the same file, starting at: ${ref(files[0])}`;
  else message = `Found ${errors.length} errors in ${distinct.length} files.`;
  let table = "";
  if (distinct.length > 1) {
    const unique = files.filter((f, i) => files.findIndex((g) => g.file === f.file) === i);
    const counts = unique.map((f) => [f, files.filter((g) => g.file === f.file).length] as const);
    const digits = (n: number) => Math.log(n) * Math.LOG10E + 1;
    const max = Math.max(...counts.map((c) => c[1]));
    const goal = Math.max("Errors".length, digits(max));
    table += " ".repeat(Math.max(digits(max) - "Errors".length, 0)) + "Errors  Files\n";
    for (const [f, n] of counts) {
      const len = digits(n) | 0;
      table += `${len < goal ? " ".repeat(goal - len) : ""}${n}  ${ref(f)}\n`;
    }
  }
  return `\n${message}\n\n${table}`;
}
