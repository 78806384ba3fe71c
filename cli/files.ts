// The real file system as the compiler's FileAccess (compile() reads nothing by itself).
import { readFileSync, statSync } from "node:fs";
import type { FileAccess } from "../compiler/index.js";

export const nodeFiles: FileAccess = {
  readFile(path) {
    try {
      return readFileSync(path, "utf8");
    } catch {
      return undefined;
    }
  },
  fileExists(path) {
    try {
      return statSync(path).isFile();
    } catch {
      return false;
    }
  },
};
