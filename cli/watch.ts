// `build --watch` and `run --watch`, on node:fs.watch (no dependency): one watcher per
// folder of the project for builds (new folders are picked up as they appear), and on the
// folders of the program's files for `run`. Events are debounced; a burst of saves is one
// rebuild.
import { watch as fsWatch, readdirSync, existsSync, type FSWatcher } from "node:fs";
import { dirname, join, resolve, basename, sep } from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
// Static, not `await import`: rollup's tree-shaking drops the `state` argument's uses in
// build.ts when its only visible caller passes none.
import { buildOnce, newWatchState, type BuildOptions } from "./build.js";
import { clearBindingCache } from "../compiler/index.js";

const DEBOUNCE_MS = 30;
/** After SIGINT (which cancels the main task, so `finally` blocks run), how long before SIGKILL. */
const GRACE_MS = Number(process.env.ASYNCTS_WATCH_GRACE_MS ?? 3000);

function stamp(): string {
  return new Date().toLocaleTimeString("en-US");
}

/** tsc -w's status lines: "12:00:00 PM - Found 0 errors. Watching for file changes." */
function status(message: string): void {
  process.stdout.write(`${stamp()} - ${message}\n\n`);
}

export async function watchBuild(opts: BuildOptions): Promise<number> {
  const state = newWatchState();
  // ASYNCTS_WATCH_TIMING=1: each build's wall and CPU time on stderr (the bench's watch row)
  const timing = !!process.env.ASYNCTS_WATCH_TIMING;
  const once = () => {
    const t0 = performance.now(), c0 = timing ? process.cpuUsage() : null;
    buildOnce(opts, state);
    const n = state.errors;
    status(`Found ${n} error${n === 1 ? "" : "s"}. Watching for file changes.`);
    if (c0) {
      const c = process.cpuUsage(c0);
      process.stderr.write(`asyncts watch: wall ${(performance.now() - t0).toFixed(1)} ms, CPU ${((c.user + c.system) / 1000).toFixed(1)} ms\n`);
    }
  };
  status("Starting compilation in watch mode...");
  once();
  const root = dirname(state.configPath ?? resolve(opts.project ?? "tsconfig.json"));
  let timer: NodeJS.Timeout | null = null;
  let configChanged = false;
  const onEvent = (dir: string, name: string) => {
    const file = join(dir, name);
    if (state.outputs.has(file)) return;
    const isConfig = /\.json$/.test(file) && !/\.asyncts-build/.test(file);
    const isSource = /\.(ts|tsx|mts|cts)$/.test(file);
    if (!isConfig && !isSource) {
      // Maybe a new folder: watch it (and whatever it holds) too, and build what is in it.
      if (/\.(js|jsx|mjs|cjs|map|tmp|lock)$/.test(name) || !scan(file)) return;
    }
    if (isConfig) configChanged = true;
    if (isSource) {
      state.touched.add(file);
      // a file that came or went changes the tsconfig's file list
      if (existsSync(file) !== !!state.sources?.includes(file)) state.projectStale = true;
    } else state.projectStale = true;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      // buildOnce compiles what changed and what reads it (build.ts: invalidate); a tsconfig
      // or package.json edit can change everything
      if (configChanged) {
        state.projectStale = true;
        state.compiled.clear();
        clearBindingCache();
      }
      configChanged = false;
      status("File change detected. Starting incremental compilation...");
      once();
      scan(root);
    }, DEBOUNCE_MS);
  };
  // One watcher a folder (not fs.watch's `recursive`: on Linux, Node 20 builds that from
  // per-file watchers that stop when files are renamed away under them, as every build does).
  const watchers = new Map<string, FSWatcher>();
  /** Watches `dir` and the folders below it that are not watched yet; true if it was new. */
  const scan = (dir: string): boolean => {
    if (watchers.has(dir) || /(^|[\\/])(node_modules|\.git)$/.test(dir)) return false;
    if (state.outDir && (dir === state.outDir || dir.startsWith(state.outDir + sep))) return false;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return false;
    }
    try {
      const w = fsWatch(dir, (_event, name) => name && onEvent(dir, name.toString()));
      w.on("error", () => {
        w.close();
        watchers.delete(dir);
      });
      watchers.set(dir, w);
    } catch {
      return false;
    }
    for (const e of entries) if (e.isDirectory() && !e.name.startsWith(".")) scan(join(dir, e.name));
    return true;
  };
  scan(root);
  return new Promise<number>((resolveExit) => {
    process.once("SIGINT", () => {
      for (const w of watchers.values()) w.close();
      resolveExit(130);
    });
  });
}

export interface RunWatchOptions {
  file: string;
  args: string[];
  clock?: "real" | "virtual";
}

/**
 * Runs FILE in a child process and restarts it when one of its files changes (or a file
 * appears that would change how its imports resolve). The old run gets SIGINT first — the
 * runner cancels its main task as Ctrl-C does — and SIGKILL after GRACE_MS.
 */
export async function watchRun(opts: RunWatchOptions): Promise<number> {
  const { prepare } = await import("./run.js");
  const cli = process.argv[1];
  let child: ChildProcess | null = null;
  let watchers: FSWatcher[] = [];
  let stopping = false;
  const stopChild = () => new Promise<void>((done) => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return done();
    const kill = setTimeout(() => c.kill("SIGKILL"), GRACE_MS);
    c.once("exit", () => {
      clearTimeout(kill);
      done();
    });
    c.kill("SIGINT");
  });
  const start = async (): Promise<void> => {
    for (const w of watchers) w.close();
    watchers = [];
    const manifest = await prepare(opts.file);
    const names = new Map<string, Set<string>>();
    const add = (p: string) => {
      const set = names.get(dirname(p)) ?? new Set<string>();
      set.add(basename(p));
      names.set(dirname(p), set);
    };
    if (manifest) {
      for (const s of manifest.sources) add(s.path);
      for (const p of manifest.absent) add(p);
    } else add(resolve(opts.file));
    let timer: NodeJS.Timeout | null = null;
    for (const [dir, own] of names) {
      try {
        watchers.push(fsWatch(dir, (_e, name) => {
          if (!name || !own.has(name.toString())) return;
          if (timer) clearTimeout(timer);
          timer = setTimeout(restart, DEBOUNCE_MS);
        }));
      } catch {}
    }
    if (!manifest) {
      process.stderr.write(`asyncts: waiting for changes to ${opts.file}...\n`);
      return;
    }
    const args = [cli, "run", ...(opts.clock ? ["--clock", opts.clock] : []), opts.file, ...opts.args];
    const c = spawn(process.execPath, args, { stdio: "inherit" });
    child = c;
    c.on("exit", (code, signal) => {
      if (child !== c || stopping || restarting) return;
      process.stderr.write(`asyncts: ${opts.file} exited (${signal ?? `status ${code}`}); waiting for changes...\n`);
    });
  };
  let restarting = false;
  const restart = async () => {
    if (restarting || stopping) return;
    restarting = true;
    process.stderr.write(`asyncts: change detected, restarting ${opts.file}\n`);
    await stopChild();
    restarting = false;
    clearBindingCache();
    await start();
  };
  await start();
  return new Promise<number>((resolveExit) => {
    process.on("SIGINT", async () => {
      // The terminal sends Ctrl-C to the child too; give it the same grace.
      stopping = true;
      for (const w of watchers) w.close();
      await stopChild();
      resolveExit(130);
    });
  });
}
