// `check` on a project that has TypeScript 7 (the native compiler) installed: its own
// `tsc --noEmit --pretty` gives the type errors — exactly the tsc the user has, at native
// speed — while this process, on the other core, runs asyncts's analysis and the asyncio
// lints (syntactically, as `build` does: TypeScript 7's checker has no stable JS API).
// tsc's printed diagnostics are kept as it wrote them; asyncts's are put among them in
// file and position order and the summary counts both.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Diagnostic } from "../compiler/diagnostics.js";
import { tsconfigPath } from "./config-path.js";

export interface ProjectTsc {
  version: string;
  /** the command that runs it: the native executable, or node + its bin script */
  command: string;
  args: string[];
}

/** The project's own TypeScript when it is version 7 or later (resolved from the tsconfig's
 * folder as the project's tools would); null otherwise, or with ASYNCTS_TSC=builtin. */
export async function projectTsc7(configPath: string): Promise<ProjectTsc | null> {
  if (process.env.ASYNCTS_TSC === "builtin") return null;
  let pkgPath: string;
  try {
    pkgPath = createRequire(join(dirname(configPath), "tsconfig.json")).resolve("typescript/package.json");
  } catch {
    return null;
  }
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8"));
  if (!(Number(String(pkg.version).split(".")[0]) >= 7)) return null;
  const root = dirname(pkgPath);
  try {
    // the executable itself: one process fewer than its bin script on Node < 22.15
    const { default: getExePath } = await import(pathToFileURL(join(root, "lib", "getExePath.js")).href);
    return { version: pkg.version, command: getExePath(), args: [] };
  } catch {
    return { version: pkg.version, command: process.execPath, args: [join(root, "bin", "tsc")] };
  }
}

export type TscRun = Promise<{ status: number | null; stdout: string; error?: Error }> & { kill(): void };

export function runTsc(tsc: ProjectTsc, configPath: string): TscRun {
  let child: ReturnType<typeof spawn>;
  const run = new Promise((done) => {
    child = spawn(tsc.command, [...tsc.args, "-p", configPath, "--noEmit", "--pretty"], { stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout!.setEncoding("utf8").on("data", (d) => (stdout += d));
    child.on("error", (error) => done({ status: null, stdout, error }));
    child.on("close", (status) => done({ status, stdout }));
  }) as TscRun;
  run.kill = () => child.kill();
  return run;
}

/** The project's TypeScript 7 started on the tsconfig `readProject` will read, before this
 * process loads TypeScript 6 (~9 MB of JavaScript, a few hundred ms): tsc's run is the
 * longer one, so it starts first. check() kills it if the tsconfig turns out unusable. */
export interface EarlyTsc {
  tsc: ProjectTsc;
  configPath: string;
  running: TscRun;
}

export async function startProjectTsc(project: string | undefined): Promise<EarlyTsc | null> {
  const configPath = tsconfigPath(project);
  if (!existsSync(configPath)) return null;
  const tsc = await projectTsc7(configPath);
  return tsc ? { tsc, configPath, running: runTsc(tsc, configPath) } : null;
}

const ANSI = /\x1b\[[0-9;]*m/g;
const HEAD = /^(?:(.+?):(\d+):(\d+) - )?(error|warning|message) (TS\d+): (.*)$/;

/** One diagnostic as tsc printed it, and enough of it to sort, count and report as JSON. */
export interface PrintedDiagnostic {
  text: string;
  diagnostic: Diagnostic;
  line?: number;
  column?: number;
}

/** Splits `tsc --pretty` output into its diagnostics (each up to the next one or the summary). */
export function splitPretty(output: string, cwd: string): PrintedDiagnostic[] {
  const lines = output.split("\n");
  const out: PrintedDiagnostic[] = [];
  let current: { start: number; head: RegExpExecArray } | null = null;
  const close = (end: number) => {
    if (!current) return;
    const [, file, line, col, severity, code, first] = current.head;
    const body = lines.slice(current.start, end);
    // the message goes on until the first blank line (chained messages are indented)
    const rest = body.slice(1).map((l) => l.replace(ANSI, ""));
    const blank = rest.indexOf("");
    const message = [first, ...rest.slice(0, blank < 0 ? rest.length : blank)].join("\n");
    const path = file !== undefined ? resolve(cwd, file) : undefined;
    let start: number | undefined, source: string | undefined;
    if (path !== undefined) {
      try {
        source = readFileSync(path, "utf8");
      } catch {}
      if (source !== undefined) start = positionOf(source, Number(line), Number(col));
    }
    out.push({
      text: body.join("\n").replace(/\n+$/, "") + "\n\n",
      diagnostic: { file: path, start, length: 0, source, code: code as Diagnostic["code"], severity: severity === "message" ? "warning" : (severity as "error" | "warning"), message } as Diagnostic,
      line: line !== undefined ? Number(line) : undefined,
      column: col !== undefined ? Number(col) : undefined,
    });
    current = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const plain = lines[i].replace(ANSI, "");
    if (/^Found \d+ errors?/.test(plain)) {
      close(i);
      break;
    }
    const head = HEAD.exec(plain);
    if (head && !/^\s/.test(plain)) {
      close(i);
      current = { start: i, head };
    }
  }
  close(lines.length);
  return out;
}

function positionOf(source: string, line: number, column: number): number {
  let pos = 0;
  for (let l = 1; l < line; l++) {
    const nl = source.indexOf("\n", pos);
    if (nl < 0) break;
    pos = nl + 1;
  }
  return pos + column - 1;
}
