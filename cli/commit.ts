// A build's output switches in one step, however it is laid out (an outDir, or next to the
// sources as tsc does without one), by a write-ahead journal beside the tsconfig:
//   1. journal {state: "write", pairs}  — the temporaries this build is about to create;
//   2. every output written as a temporary beside its target (same folder: renames are atomic);
//   3. journal {state: "commit"}        — the one step: from here on the new build is the output;
//   4. each temporary renamed over its target, then the journal removed.
// Every build starts by finishing what a killed one left: a "commit" journal is rolled
// forward (its remaining renames done), a "write" journal rolled back (its temporaries
// removed), and stray temporaries beside this build's targets (ours, and the `.PID.tmp` of
// older asyncts versions) are deleted. So after any kill the next build, even a failing one,
// first restores an output that is entirely one build. A lock file keeps two builds of the
// same project from interleaving.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

interface Journal {
  state: "write" | "commit";
  pairs: [tmp: string, target: string][];
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
    if ((j.state === "write" || j.state === "commit") && Array.isArray(j.pairs) && j.pairs.every((p: unknown) => Array.isArray(p) && p.length === 2 && p.every((s) => typeof s === "string"))) return j;
  } catch {}
  return null;
}

const OUR_TMP = /\.asyncts-[0-9a-z]+-[0-9a-z]+\.tmp$/;

/** Finishes or undoes a killed build and removes stray temporaries beside `targets`. */
export function recover(journal: string, targets: string[]): void {
  const j = readJournal(journal);
  if (j) {
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
  for (const [dir, own] of names) {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of entries) {
      const old = /^(.*)\.\d+\.tmp$/.exec(name); // `a.js.1234.tmp` from older versions, and the journal's own
      if (OUR_TMP.test(name) || (old && own.has(old[1]))) rmSync(join(dir, name), { force: true });
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

/** Writes `outputs` (path → text) as one switch; see the header. */
export function commitOutputs(journal: string, outputs: [string, string][]): void {
  const id = `${process.pid.toString(36)}-${Date.now().toString(36)}`;
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
