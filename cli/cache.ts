// The `run` cache: compiled files plus a manifest of what they were compiled from. A warm
// run only stats the sources listed in the manifest; it never loads the compiler.
import { readFileSync, writeFileSync, mkdirSync, renameSync, statSync } from "node:fs";
import { dirname } from "node:path";
import type { GraphFile } from "./graph.js";

export interface Manifest {
  version: string;
  entry: string;
  runtimeRoot: string;
  /** mtime of runtimeRoot/package.json when compiled: a reinstalled asyncts invalidates */
  runtimeStamp: number;
  files: GraphFile[];
}

export function runtimeStampOf(runtimeRoot: string): number {
  try {
    return statSync(`${runtimeRoot}/package.json`).mtimeMs;
  } catch {
    return -1;
  }
}

/** FNV-1a, 2 × 32 bits: a file name for the entry's manifest (node:crypto costs start-up time). */
function hashPath(text: string): string {
  let a = 0x811c9dc5, b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0");
}

export function manifestPath(cacheRoot: string, entry: string): string {
  return `${cacheRoot}/manifests/${hashPath(entry)}.json`;
}

/** The manifest if every source it lists is unchanged (same mtime and size), else null. */
export function readFreshManifest(path: string, version: string): Manifest | null {
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return null;
  }
  if (m.version !== version || runtimeStampOf(m.runtimeRoot) !== m.runtimeStamp) return null;
  for (const f of m.files) {
    try {
      const st = statSync(f.source);
      if (st.mtimeMs !== f.mtimeMs || st.size !== f.size) return null;
      statSync(f.output);
    } catch {
      return null;
    }
  }
  return m;
}

/** Writes via a temporary file and rename, so readers never see half a file. */
export function writeAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}
