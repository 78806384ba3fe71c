// A build's output switches in one step, however it is laid out, by a write-ahead journal
// beside the tsconfig.
// With an outDir that holds every output, the switch is a directory rename:
//   1. journal {state: "write", dirs: [[next, outDir, old]]};
//   2. `next`, a sibling of outDir, gets a hard link of every file outDir has (what the user
//      put there stays), then this build's outputs (unlinked first: a link shares the old file);
//   3. journal {state: "commit"}, then outDir → old and next → outDir: a reader sees the old
//      tree or the new one (or, for the instant between the two renames, none), never a mix.
// Next to the sources (no outDir, as tsc does without one) there is no folder to switch:
//   1. journal {state: "write", pairs}  — the temporaries this build is about to create;
//   2. every output written as a temporary beside its target (same folder: renames are atomic);
//   3. journal {state: "commit"}        — from here on the new build is the output;
//   4. each temporary renamed over its target, then the journal removed.
// Every build starts by finishing what a killed one left: a "commit" journal is rolled
// forward (its remaining renames done), a "write" journal rolled back (its temporaries
// removed), and stray temporaries beside this build's targets (ours, and the `.PID.tmp` of
// older asyncts versions) are deleted. So after any kill the next build, even a failing one,
// first restores an output that is entirely one build. A lock file keeps two builds of the
// same project from interleaving.
import { existsSync, linkSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";

interface Journal {
  state: "write" | "commit";
  pairs: [tmp: string, target: string][];
  dirs?: [next: string, target: string, old: string][];
}

export function journalPathFor(configPath: string): string {
  return join(dirname(configPath), `.${basename(configPath)}.asyncts-build`);
}

function writeJournal(path: string, j: Journal): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(j));
  renameSync(tmp, path);
}

function readJournal(path: string): Journal | null {
  try {
    const j = JSON.parse(readFileSync(path, "utf8"));
    const strings = (n: number) => (p: unknown) => Array.isArray(p) && p.length === n && p.every((s) => typeof s === "string");
    if ((j.state === "write" || j.state === "commit") && Array.isArray(j.pairs) && j.pairs.every(strings(2)) && (j.dirs === undefined || (Array.isArray(j.dirs) && j.dirs.every(strings(3))))) return j;
  } catch {}
  return null;
}

const OUR_TMP = /\.asyncts-[0-9a-z]+-[0-9a-z]+(-old)?\.tmp$/;

/** The folder switch's last steps (also a killed build's, from wherever it stopped). */
function switchDirectory(next: string, target: string, old: string): void {
  if (existsSync(next)) {
    if (existsSync(target)) renameSync(target, old);
    renameSync(next, target);
  }
  rmSync(old, { recursive: true, force: true });
}

/** Finishes or undoes a killed build and removes stray temporaries beside `targets`. */
export function recover(journal: string, targets: string[], outDir: string | null = null): void {
  const j = readJournal(journal);
  if (j) {
    for (const [next, target, old] of j.dirs ?? []) {
      if (j.state === "commit") switchDirectory(next, target, old);
      else rmSync(next, { recursive: true, force: true });
    }
    for (const [tmp, target] of j.pairs) {
      if (!existsSync(tmp)) continue;
      if (j.state === "commit") renameSync(tmp, target);
      else unlinkSync(tmp);
    }
  }
  rmSync(journal, { force: true });
  const names = new Map<string, Set<string>>();
  for (const t of targets) {
    const set = names.get(dirname(t)) ?? new Set<string>();
    set.add(basename(t));
    names.set(dirname(t), set);
  }
  names.set(dirname(journal), new Set([basename(journal)]));
  if (outDir && !names.has(dirname(outDir))) names.set(dirname(outDir), new Set()); // the folder switch's leftovers
  for (const [dir, own] of names) {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of entries) {
      const old = /^(.*)\.\d+\.tmp$/.exec(name); // `a.js.1234.tmp` from older versions, and the journal's own
      if (OUR_TMP.test(name) || (old && own.has(old[1]))) rmSync(join(dir, name), { recursive: true, force: true });
    }
  }
}

/** Holds `journal`.lock while `fn` runs; a lock left by a dead process is taken over. */
export function withLock<T>(journal: string, fn: () => T): T {
  const lock = `${journal}.lock`;
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: "wx" });
      break;
    } catch (e: any) {
      if (e.code !== "EEXIST" || attempt > 50) throw e;
      const pid = Number(readFileSync(lock, "utf8"));
      let alive = false;
      try {
        alive = pid > 0 && pid !== process.pid && (process.kill(pid, 0), true);
      } catch {}
      if (!alive) rmSync(lock, { force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

/**
 * Whether `outDir` can switch as one folder: a real folder (not a symlink) that holds neither
 * the project (tsconfig, journal) nor any source, and will hold every output.
 */
export function canSwitchFolder(outDir: string, journal: string, sources: string[], outputs: string[]): boolean {
  const inside = (p: string) => p.startsWith(outDir + sep);
  try {
    if (lstatSync(outDir).isSymbolicLink()) return false;
  } catch {}
  return !inside(journal) && !sources.some(inside) && outputs.length > 0 && outputs.every(inside);
}

/** Writes `outputs` (path → text) as one switch; see the header. With `outDir` (see canSwitchFolder), the folder switches. */
export function commitOutputs(journal: string, outputs: [string, string][], outDir: string | null = null): void {
  const id = `${process.pid.toString(36)}-${Date.now().toString(36)}`;
  if (outDir) return commitDirectory(journal, outputs, outDir, id);
  const pairs: [string, string][] = outputs.map(([path]) => [`${path}.asyncts-${id}.tmp`, path]);
  writeJournal(journal, { state: "write", pairs });
  outputs.forEach(([path, text], i) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(pairs[i][0], text);
  });
  writeJournal(journal, { state: "commit", pairs });
  for (const [tmp, target] of pairs) renameSync(tmp, target);
  unlinkSync(journal);
}

function commitDirectory(journal: string, outputs: [string, string][], outDir: string, id: string): void {
  const next = `${outDir}.asyncts-${id}.tmp`;
  const old = `${outDir}.asyncts-${id}-old.tmp`;
  const dirs: [string, string, string][] = [[next, outDir, old]];
  writeJournal(journal, { state: "write", pairs: [], dirs });
  mkdirSync(next, { recursive: true });
  if (existsSync(outDir)) linkTree(outDir, next);
  for (const [path, text] of outputs) {
    const inNext = join(next, relative(outDir, path));
    mkdirSync(dirname(inNext), { recursive: true });
    rmSync(inNext, { force: true });
    writeFileSync(inNext, text);
  }
  writeJournal(journal, { state: "commit", pairs: [], dirs });
  switchDirectory(next, outDir, old);
  unlinkSync(journal);
}

/** Recreates the tree `from` in `to` with hard links (cheap: no file's bytes are copied). */
function linkTree(from: string, to: string): void {
  for (const name of readdirSync(from)) {
    const src = join(from, name);
    const dst = join(to, name);
    const st = lstatSync(src);
    if (st.isDirectory()) {
      mkdirSync(dst);
      linkTree(src, dst);
    } else if (st.isSymbolicLink()) symlinkSync(readlinkSync(src), dst);
    else linkSync(src, dst);
  }
}
