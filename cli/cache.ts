// The `run` cache: compiled files plus a manifest of what they were compiled from. A warm
// run only stats the sources listed in the manifest; it never loads the compiler.
import { readFileSync, writeFileSync, mkdirSync, renameSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { createHash } from "node:crypto";
import type { GraphFile } from "./graph.js";

export interface Manifest {
  version: string;
  entry: string;
  runtimeRoot: string;
  files: GraphFile[];
}

export function manifestPath(cacheRoot: string, entry: string): string {
  const key = createHash("sha1").update(entry).digest("hex").slice(0, 16);
  return `${cacheRoot}/manifests/${key}.json`;
}

/** The manifest if every source it lists is unchanged (same mtime and size), else null. */
export function readFreshManifest(path: string, version: string, runtimeRoot: string): Manifest | null {
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return null;
  }
  if (m.version !== version || m.runtimeRoot !== runtimeRoot) return null;
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
