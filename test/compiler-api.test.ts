// compile() reads nothing behind the caller's back: other files (modules that re-export
// asyncts, package.json) come through options.files, and the caches forget them on reset().
import { test, expect } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { compile, reset, type FileAccess } from "../compiler/index.js";
import { ROOT } from "./util.js";

function memoryFiles(files: Record<string, string>): FileAccess & { reads: string[] } {
  const reads: string[] = [];
  return { reads, readFile: (p) => (reads.push(p), files[p]), fileExists: (p) => p in files };
}

const main = `import { go } from "./lib";\nasync function main() {}\ngo(main());\n`;

test("re-exports of asyncts are followed through options.files only", () => {
  reset();
  const files = memoryFiles({ "/app/lib.ts": `export { run as go } from "asyncts";\n` });
  const r = compile(main, { fileName: "/app/main.ts", files });
  expect(r.isDSL).toBe(true);
  expect(r.code).toContain("(await go(main()))");
  expect(files.reads).toEqual(["/app/lib.ts"]);
  // without file access the import is opaque: not a DSL file, nothing read
  reset();
  const plain = compile(main, { fileName: "/app/main.ts" });
  expect(plain.isDSL).toBe(false);
  expect(plain.code).not.toContain("await");
});

test("reset() forgets what the caches learnt from files", () => {
  reset();
  const contents: Record<string, string> = { "/b/lib.ts": `export const go = 1;\n` };
  const files = memoryFiles(contents);
  expect(compile(main, { fileName: "/b/main.ts", files }).isDSL).toBe(false);
  contents["/b/lib.ts"] = `export { run as go } from "asyncts";\n`;
  expect(compile(main, { fileName: "/b/main.ts", files }).isDSL).toBe(false); // cached
  reset();
  expect(compile(main, { fileName: "/b/main.ts", files }).isDSL).toBe(true);
});

test("package.json's type (module: Node16) is read through options.files", () => {
  reset();
  const src = `export const x = 1;\n`;
  const opts = { compilerOptions: { module: 100 /* Node16 */ } };
  const esm = memoryFiles({ "/p/package.json": `{"type":"module"}` });
  expect(compile(src, { fileName: "/p/src/a.ts", files: esm, ...opts }).code).toContain("export const x");
  reset();
  const cjs = memoryFiles({ "/q/package.json": `{}` });
  expect(compile(src, { fileName: "/q/src/a.ts", files: cjs, ...opts }).code).toContain("exports.x");
});

test("the compiler imports no file-system module", () => {
  const offenders: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ts$/.test(name) && /from "node:fs"|require\("fs"\)|from "fs"/.test(readFileSync(p, "utf8"))) offenders.push(p);
    }
  };
  walk(join(ROOT, "compiler"));
  expect(offenders).toEqual([]);
});
