// Which tsconfig `-p` names (tsc's rule: a folder means its tsconfig.json), without loading
// TypeScript: `check` starts the project's TypeScript 7 on it first (check-tsc.ts).
import { existsSync } from "node:fs";
import { resolve } from "node:path";

export function tsconfigPath(project: string | undefined): string {
  const configPath = resolve(project ?? "tsconfig.json");
  return existsSync(configPath) && !configPath.endsWith(".json") ? resolve(configPath, "tsconfig.json") : configPath;
}
