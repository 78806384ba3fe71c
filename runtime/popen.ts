// subprocess.Popen for asyncio's subprocess transport, over node:child_process.spawn
// (base_subprocess.ts drives it): the stdio options, spawn errors as CPython's OSErrors,
// exit statuses as Python's return codes. The child and its stdio handles are unref'd:
// while the loop runs it keeps Node alive itself, and a child still running when
// asyncio.run() returns never holds the program (CPython exits and leaves it running too).
import type { ChildProcess, StdioOptions } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { constants as osConstants } from "node:os";
import type { Readable, Writable } from "node:stream";
import { OSError, ValueError, NotImplementedError } from "./py/exceptions.js";
import { _os_error, STRERROR } from "./unix_pipes.js";
import { lazyBuiltin } from "./host.js";

const childProcess = lazyBuiltin<typeof import("node:child_process")>("node:child_process");

function unref(stream: unknown): void {
  (stream as { unref?: () => void })?.unref?.();
}

/** subprocess.PIPE / STDOUT / DEVNULL (the same numbers as Python's). */
export const PIPE = -1;
export const STDOUT = -2;
export const DEVNULL = -3;

export type StdioSpec = number | null | undefined | { fd: number } | Readable | Writable;

export interface PopenOptions {
  cwd?: string | URL | null;
  env?: Record<string, string | undefined> | null;
  start_new_session?: boolean;
  pass_fds?: Iterable<number>;
  close_fds?: boolean;
  executable?: string | null;
  user?: number | null;
  group?: number | null;
  [key: string]: unknown;
}

const KNOWN_POPEN = new Set(["cwd", "env", "start_new_session", "pass_fds", "close_fds", "executable", "user", "group"]);
// Popen options child_process.spawn cannot honour: it has no hook between fork and exec.
const NOT_ON_NODE = new Set(["preexec_fn", "process_group", "umask", "restore_signals", "extra_groups", "pipesize", "startupinfo", "creationflags"]);

/** execvp's search: the file that `program` names, or null. */
function findProgram(program: string, env: Record<string, string | undefined>): string | null {
  if (program.includes("/")) return existsSync(program) ? program : null;
  for (const dir of (env.PATH ?? "/usr/local/bin:/usr/bin:/bin").split(delimiter)) {
    const p = join(dir || ".", program);
    try {
      if (statSync(p).isFile()) return p;
    } catch {}
  }
  return null;
}

type StdioEntry = Exclude<StdioOptions, string>[number];

function stdioOf(spec: StdioSpec, which: number): StdioEntry {
  if (spec === PIPE) return "pipe";
  if (spec === DEVNULL) return "ignore";
  if (spec == null) return "inherit";
  if (spec === STDOUT) {
    if (which !== 2) throw new ValueError("STDOUT can only be used for stderr");
    return "ignore"; // the 2>&1 wrapper points fd 2 at fd 1 (see popen)
  }
  if (typeof spec === "number") {
    if (spec < 0) throw new ValueError(`invalid file descriptor ${spec}`);
    return spec;
  }
  if (typeof (spec as any).fd === "number") return (spec as any).fd;
  return spec as any;
}

/** A started child: the Node ChildProcess, or the error spawning it raised (known once Node reports it). */
export interface Popen {
  proc: ChildProcess;
  pid: number | undefined;
  /** Settles after spawn: null on success, the OSError otherwise (FileNotFoundError for a missing program). */
  started: Promise<Error | null>;
}

/**
 * subprocess.Popen over child_process.spawn. `args` is the program and its arguments, or
 * (shell) one command line run with /bin/sh -c. stderr=STDOUT has no Node equivalent (one
 * pipe on two fds), so the child is started through `/bin/sh -c 'exec "$@" 2>&1'`, which
 * makes fd 2 the stdout pipe and then execs the program itself.
 */
export function popen(args: string[] | string, shell: boolean, stdin: StdioSpec, stdout: StdioSpec, stderr: StdioSpec, opts: PopenOptions): Popen {
  for (const key of Object.keys(opts)) {
    if (opts[key] === undefined || KNOWN_POPEN.has(key)) continue;
    if (NOT_ON_NODE.has(key)) throw new NotImplementedError(`${key} is not supported on Node: child_process.spawn runs nothing between fork and exec`);
    throw new TypeError(`Popen.__init__() got an unexpected keyword argument '${key}'`);
  }
  if (opts.close_fds === false) throw new NotImplementedError("close_fds=False is not supported on Node: child_process.spawn closes every other descriptor (pass_fds keeps some open)");
  const env = (opts.env ?? process.env) as Record<string, string | undefined>;
  const cwd = opts.cwd == null ? undefined : String(opts.cwd instanceof URL ? opts.cwd.pathname : opts.cwd);
  const stdio: StdioEntry[] = [stdioOf(stdin, 0), stdioOf(stdout, 1), stdioOf(stderr, 2)];
  const merge = stderr === STDOUT;
  if (merge) stdio[2] = "ignore"; // the 2>&1 wrapper points fd 2 at fd 1
  for (const fd of opts.pass_fds ?? []) {
    while (stdio.length < fd) stdio.push("ignore");
    stdio[fd] = fd;
  }
  let file: string;
  let argv: string[];
  let filename: string;
  if (shell) {
    file = "/bin/sh";
    argv = ["-c", merge ? `exec 2>&1\n${args as string}` : (args as string)];
    filename = "/bin/sh";
  } else {
    const list = args as string[];
    for (const a of list) {
      if (typeof a !== "string") throw new TypeError(`expected str, bytes or os.PathLike object, not ${a === null ? "NoneType" : typeof a === "number" ? (Number.isInteger(a) ? "int" : "float") : typeof a}`);
      if (a.includes("\0")) throw new ValueError("embedded null byte");
    }
    file = opts.executable ?? list[0];
    argv = list.slice(1);
    filename = list[0];
    if (merge) {
      if (findProgram(file, env) === null) return failed(new OSError(2, STRERROR.ENOENT, filename));
      argv = ["-c", 'exec "$0" "$@" 2>&1', file, ...argv];
      file = "/bin/sh";
    }
  }
  let proc: ChildProcess;
  try {
    proc = childProcess().spawn(file, argv, {
      cwd,
      env: env as NodeJS.ProcessEnv,
      stdio,
      detached: !!opts.start_new_session,
      uid: opts.user ?? undefined,
      gid: opts.group ?? undefined,
      argv0: opts.executable != null && !shell ? (args as string[])[0] : undefined,
    });
  } catch (e) {
    return failed(_os_error(e, filename));
  }
  const pid = proc.pid;
  const started = new Promise<Error | null>((resolve) => {
    if (pid !== undefined) {
      resolve(null);
      return;
    }
    proc.once("error", (e: any) => {
      // Node says "spawn X ENOENT" for a missing cwd too; Python names the directory then.
      const name = e?.code === "ENOENT" && cwd !== undefined && !existsSync(cwd) ? cwd : filename;
      resolve(_os_error(e, name));
    });
  });
  if (pid !== undefined) {
    proc.on("error", () => {}); // kill() on an exited child: nothing to report
    unref(proc);
    for (const s of [proc.stdin, proc.stdout, proc.stderr]) unref(s);
  }
  return { proc, pid, started };
}

function failed(err: Error): Popen {
  return { proc: null as unknown as ChildProcess, pid: undefined, started: Promise.resolve(err) };
}

/** Python's returncode for Node's exit: the code, or -N for signal N. */
export function returncodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  const n = signal ? (osConstants.signals as Record<string, number>)[signal] : undefined;
  return n === undefined ? 255 : -n;
}

/** Signal number → Node's name (kill() takes either). */
export function signalName(sig: number | string): NodeJS.Signals | number {
  if (typeof sig === "string") return sig as NodeJS.Signals;
  for (const [name, n] of Object.entries(osConstants.signals)) if (n === sig) return name as NodeJS.Signals;
  return sig;
}
