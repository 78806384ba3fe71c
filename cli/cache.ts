// The `run` cache. Where it lives and why it can be trusted:
// - a project's files (a node_modules above them) go to <project>/node_modules/.cache/asyncts,
//   so bare imports in the compiled files resolve from the project; anything else goes to one
//   folder per user ($ASYNCTS_CACHE_DIR, $XDG_CACHE_HOME/asyncts, ~/.cache/asyncts, then
//   $TMPDIR/asyncts-<uid>). Every cache folder is mode 0700, used only if it is a real folder
//   (lstat: never through a symlink) owned by this user; one that others could write is
//   emptied first. Files are created with O_EXCL ('wx') and renamed into place.
// - Layout: m/<entry>.json (a manifest per entry), g/<entry>-<content id>/ (an immutable
//   graph of compiled files, written as a temporary folder and renamed in one step; runs of
//   different entries never share output files), tmp/ (temporaries, swept by cold runs),
//   v8/ (the runtime bundle's V8 code cache, cli/code-cache.ts).
// - Freshness is keyed by content: the manifest holds each source's SHA-1 and each output's.
//   A warm run only stats: a source whose size, mtime, ctime and inode are all unchanged is
//   the same file (ctime cannot be set back by cp -p/rsync/tar; a write within RACY_MS of
//   the compile could hide inside a coarse timestamp, so such a file is hashed). Anything
//   else is hashed (node:crypto is loaded only then) and recompiled if it differs.
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, statSync, unlinkSync, chmodSync, writeFileSync, type Stats } from "node:fs";
import { dirname, isAbsolute, join, normalize, sep } from "node:path";
import { homedir, tmpdir } from "node:os";

const UID = typeof process.getuid === "function" ? process.getuid() : -1;
const POSIX = process.platform !== "win32";
/** A write this close (ms) before the stat that recorded it may share its timestamp. */
const RACY_MS = 3000;
/** Cold runs remove other graphs of the same entry and temporaries older than this. */
const SWEEP_AGE_MS = 60_000;

export interface CacheDir {
  root: string;
  /** sources under `base` keep their relative layout in a graph */
  base: string;
  /** the cache sits in the project's node_modules, so bare imports resolve from it */
  inNodeModules: boolean;
}

export interface Stamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export interface SourceRecord extends Stamp {
  path: string; // absolute path of the .ts file
  out: string; // its compiled file, relative to the graph folder
  hash: string;
  /** Date.now() just before the stat above */
  seen: number;
}

export interface OutputRecord extends Stamp {
  out: string; // relative to the graph folder
  hash: string;
}

export interface Manifest {
  format: 2;
  version: string;
  entry: string;
  runtimeRoot: string;
  /** mtime of runtimeRoot/package.json when compiled: a reinstalled asyncts invalidates */
  runtimeStamp: number;
  graph: string; // folder name under g/
  sources: SourceRecord[]; // sources[0] is the entry
  outputs: OutputRecord[];
  /** files whose appearance would change how an import resolves */
  absent: string[];
}

export function runtimeStampOf(runtimeRoot: string): number {
  try {
    return statSync(`${runtimeRoot}/package.json`).mtimeMs;
  } catch {
    return -1;
  }
}

/** FNV-1a, 2 × 32 bits: a short file name for an entry path (no node:crypto on the warm path). */
export function hashPath(text: string): string {
  let a = 0x811c9dc5, b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0");
}

type Crypto = typeof import("node:crypto");
let crypto: Crypto | null = null;
/** node:crypto costs milliseconds to load: only cold runs and changed files pay it. */
export async function loadHasher(): Promise<(data: string | Uint8Array) => string> {
  crypto ??= ((process as any).getBuiltinModule?.("node:crypto") as Crypto | undefined) ?? (await import("node:crypto"));
  const c = crypto;
  return (data) => c.createHash("sha1").update(data).digest("hex");
}

export function stampOf(st: Stats): Stamp {
  return { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino };
}

function sameStamp(st: Stats, s: Stamp): boolean {
  return st.size === s.size && st.mtimeMs === s.mtimeMs && st.ctimeMs === s.ctimeMs && st.ino === s.ino;
}

function ownedByUs(st: Stats): boolean {
  return !POSIX || UID < 0 || st.uid === UID;
}

// ---------------------------------------------------------------------------------------
// The cache folder

/** Makes `dir` a private folder of ours; returns why it cannot be used, or null. */
export function ensurePrivateDir(dir: string): string | null {
  let st: Stats | undefined;
  try {
    st = lstatSync(dir);
  } catch {
    try {
      mkdirSync(dirname(dir), { recursive: true, mode: 0o700 });
      mkdirSync(dir, { mode: 0o700 });
      st = lstatSync(dir);
    } catch (e: any) {
      return `cannot create it (${e.code ?? e.message})`;
    }
  }
  if (st.isSymbolicLink()) return "it is a symbolic link";
  if (!ownedByUs(st)) return `it is owned by uid ${st.uid}, not by you (uid ${UID})`;
  if (!st.isDirectory()) {
    // A file of ours where the cache should be: damage, not an attack. Replace it.
    try {
      unlinkSync(dir);
      mkdirSync(dir, { mode: 0o700 });
    } catch (e: any) {
      return `it is not a folder (${e.code ?? e.message})`;
    }
    return null;
  }
  if (POSIX && (st.mode & 0o077) !== 0) {
    chmodSync(dir, 0o700);
    // Others could write it: anything inside may be planted.
    if ((st.mode & 0o022) !== 0) emptyDir(dir);
  }
  return null;
}

export function emptyDir(dir: string): void {
  for (const name of readdirSync(dir)) rmSync(join(dir, name), { recursive: true, force: true });
}

/** The folders FILE's compiled graph may go to, best first. */
function candidates(file: string): CacheDir[] {
  const out: CacheDir[] = [];
  for (let dir = dirname(file); ; ) {
    let found = false;
    try {
      found = statSync(join(dir, "node_modules")).isDirectory();
    } catch {}
    if (found) {
      out.push({ root: join(dir, "node_modules", ".cache", "asyncts"), base: dir, inNodeModules: true });
      break;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const base = dirname(file).split(sep)[0] + sep;
  if (process.env.ASYNCTS_CACHE_DIR) {
    out.push({ root: normalize(process.env.ASYNCTS_CACHE_DIR), base, inNodeModules: false });
    return out;
  }
  const xdg = process.env.XDG_CACHE_HOME;
  let home = "";
  try {
    home = homedir();
  } catch {}
  if (xdg && isAbsolute(xdg)) out.push({ root: join(xdg, "asyncts"), base, inNodeModules: false });
  else if (home) out.push({ root: join(home, ".cache", "asyncts"), base, inNodeModules: false });
  out.push({ root: join(tmpdir(), `asyncts-${UID >= 0 ? UID : "user"}`), base, inNodeModules: false });
  return out;
}

/** The first usable cache folder for FILE; refusals for security reasons are reported. */
export function cacheDirFor(file: string, quiet = false): CacheDir | { error: string } {
  const tried: string[] = [];
  for (const c of candidates(file)) {
    const why = ensurePrivateDir(c.root);
    if (why === null) return c;
    tried.push(`${c.root}: ${why}`);
    if (!quiet && !why.startsWith("cannot create")) process.stderr.write(`asyncts: warning: not using the cache folder ${c.root}: ${why}.\n`);
  }
  return { error: `no usable cache folder (${tried.join("; ")}). Set ASYNCTS_CACHE_DIR to a folder of yours.` };
}

// ---------------------------------------------------------------------------------------
// Manifests

export function manifestPath(cache: CacheDir, entry: string): string {
  return join(cache.root, "m", `${hashPath(entry)}.json`);
}

export function graphDir(cache: CacheDir, graph: string): string {
  return join(cache.root, "g", graph);
}

/** Reads a file of ours without following a symlink; null if it is anything else. */
function readOwnFile(path: string): string | null;
function readOwnFile(path: string, binary: true): Buffer | null;
function readOwnFile(path: string, binary?: true): string | Buffer | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch {
    return null;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || !ownedByUs(st) || (POSIX && (st.mode & 0o022) !== 0)) return null;
    return binary ? readFileSync(fd) : readFileSync(fd, "utf8");
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** A file of ours (see readOwnFile) as bytes: the V8 code cache (ts-code-cache.ts) is code. */
export function readOwnBytes(path: string): Buffer | null {
  return readOwnFile(path, true);
}

const isNum = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);
const isStr = (x: unknown): x is string => typeof x === "string";
const isStamp = (x: any) => x && isNum(x.size) && isNum(x.mtimeMs) && isNum(x.ctimeMs) && isNum(x.ino) && isStr(x.hash);
/** A path inside the graph folder: relative, normalised, no `..`. */
const isInside = (p: unknown): p is string => isStr(p) && p.length > 0 && !isAbsolute(p) && normalize(p) === p && !p.split(/[\\/]/).includes("..");

function isManifest(m: any, entry: string, version: string): m is Manifest {
  return !!m && typeof m === "object" && m.format === 2 && m.version === version && m.entry === entry &&
    isStr(m.runtimeRoot) && isAbsolute(m.runtimeRoot) && isNum(m.runtimeStamp) &&
    isStr(m.graph) && /^[0-9a-f]{16}-[0-9a-f]{20}$/.test(m.graph) &&
    Array.isArray(m.sources) && m.sources.length > 0 && m.sources[0]?.path === entry &&
    m.sources.every((s: any) => isStamp(s) && isStr(s.path) && isAbsolute(s.path) && isInside(s.out) && isNum(s.seen)) &&
    Array.isArray(m.outputs) && m.outputs.every((o: any) => isStamp(o) && isInside(o.out)) &&
    m.outputs.some((o: any) => o.out === m.sources[0].out) &&
    Array.isArray(m.absent) && m.absent.every((p: any) => isStr(p) && isAbsolute(p));
}

function isFileAt(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The entry's manifest if its graph is still what the sources compile to; else null.
 * Stats only, unless a file's stat changed or is too recent to prove anything: then its
 * content is hashed, and a match refreshes the record (so the next run only stats again).
 */
export async function readFreshManifest(cache: CacheDir, entry: string, version: string): Promise<Manifest | null> {
  const path = manifestPath(cache, entry);
  const text = readOwnFile(path);
  if (text === null) return null;
  let m: Manifest;
  try {
    m = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isManifest(m, entry, version) || runtimeStampOf(m.runtimeRoot) !== m.runtimeStamp) return null;
  const toHash: [SourceRecord | OutputRecord, string, Stats, boolean][] = [];
  for (const s of m.sources) {
    let st: Stats;
    try {
      st = statSync(s.path);
    } catch {
      return null;
    }
    if (!st.isFile()) return null;
    const racy = s.mtimeMs > s.seen - RACY_MS || s.ctimeMs > s.seen - RACY_MS;
    if (racy || !sameStamp(st, s)) toHash.push([s, s.path, st, true]);
  }
  for (const p of m.absent) if (isFileAt(p)) return null;
  const dir = graphDir(cache, m.graph);
  for (const o of m.outputs) {
    const file = join(dir, o.out);
    let st: Stats;
    try {
      st = lstatSync(file);
    } catch {
      return null;
    }
    if (!st.isFile() || !ownedByUs(st)) return null;
    if (!sameStamp(st, o)) toHash.push([o, file, st, false]);
  }
  if (toHash.length === 0) return m;
  const hash = await loadHasher();
  const now = Date.now();
  for (const [rec, file, st, isSource] of toHash) {
    let data: Buffer;
    try {
      data = readFileSync(file);
    } catch {
      return null;
    }
    if (data.length !== st.size || hash(data) !== rec.hash) return null;
    Object.assign(rec, stampOf(st));
    if (isSource) (rec as SourceRecord).seen = now;
  }
  try {
    writeAtomic(cache, path, JSON.stringify(m));
  } catch {}
  return m;
}

// ---------------------------------------------------------------------------------------
// Writing

let tmpCounter = 0;
export function tmpName(cache: CacheDir, what: string): string {
  return join(cache.root, "tmp", `${what}-${process.pid}-${Date.now().toString(36)}-${tmpCounter++}`);
}

/** Writes a new file (never through an existing name or symlink), as 0600. */
export function writeNew(path: string, data: string | Uint8Array): void {
  writeFileSync(path, data, { flag: "wx", mode: 0o600 });
}

/** Writes via a new temporary file in tmp/ and a rename, so readers never see half a file. */
export function writeAtomic(cache: CacheDir, path: string, text: string | Uint8Array): void {
  mkdirSync(join(cache.root, "tmp"), { recursive: true, mode: 0o700 });
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = tmpName(cache, "file");
  writeNew(tmp, text);
  renameSync(tmp, path);
}

/**
 * Puts a finished graph folder (`staged`, in tmp/) at g/<graph>. If a folder is already
 * there (a concurrent run of the same program, or an old one), it is used only if every
 * file in it is ours and has the expected content; otherwise it is moved away first.
 */
export function installGraph(cache: CacheDir, staged: string, graph: string, files: Map<string, string>, hash: (d: string | Uint8Array) => string): void {
  const target = graphDir(cache, graph);
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
  for (let attempt = 0; ; attempt++) {
    try {
      renameSync(staged, target);
      return;
    } catch (e: any) {
      if (attempt > 2 || !["EEXIST", "ENOTEMPTY", "ENOTDIR", "EISDIR", "EPERM"].includes(e.code)) throw e;
    }
    if (graphMatches(target, files, hash)) {
      rmSync(staged, { recursive: true, force: true });
      return;
    }
    const trash = tmpName(cache, "trash");
    try {
      renameSync(target, trash);
    } catch {
      rmSync(target, { recursive: true, force: true });
    }
    rmSync(trash, { recursive: true, force: true });
  }
}

function graphMatches(dir: string, files: Map<string, string>, hash: (d: string | Uint8Array) => string): boolean {
  try {
    const st = lstatSync(dir);
    if (!st.isDirectory() || !ownedByUs(st)) return false;
    for (const [rel, text] of files) {
      const f = join(dir, rel);
      const fst = lstatSync(f);
      if (!fst.isFile() || !ownedByUs(fst) || hash(readFileSync(f)) !== hash(text)) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/** Cold runs tidy up: other graphs of this entry and temporaries that are old, and anything that is not ours. */
export function sweep(cache: CacheDir, entryKey: string, keep: string): void {
  const now = Date.now();
  const old = (p: string) => {
    try {
      return now - lstatSync(p).mtimeMs > SWEEP_AGE_MS;
    } catch {
      return false;
    }
  };
  try {
    for (const name of readdirSync(cache.root)) {
      // (v8/ is the runtime's code cache, cli/code-cache.ts: it outlives every program's compile)
      if (name !== "m" && name !== "g" && name !== "tmp" && name !== "v8") rmSync(join(cache.root, name), { recursive: true, force: true });
    }
    for (const name of readdirSync(join(cache.root, "g"))) {
      const p = join(cache.root, "g", name);
      if (name.startsWith(`${entryKey}-`) && name !== keep && old(p)) rmSync(p, { recursive: true, force: true });
    }
    for (const name of readdirSync(join(cache.root, "tmp"))) {
      const p = join(cache.root, "tmp", name);
      if (old(p)) rmSync(p, { recursive: true, force: true });
    }
  } catch {}
}
