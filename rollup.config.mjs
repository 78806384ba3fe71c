// Builds dist/: the runtime (asyncts), the compiler (asyncts/compiler), the CLI and the
// register hook. Module structure is preserved so each entry loads only what it needs
// (a warm `asyncts run` never loads the compiler or TypeScript).
import typescript from "@rollup/plugin-typescript";
import { chmodSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The CLI is the package's `bin`: it must be executable (npx runs it directly). */
const executableCli = {
  name: "executable-cli",
  writeBundle() {
    chmodSync("dist/cli/main.js", 0o755);
  },
};

/**
 * Node built-ins through `process.getBuiltinModule` (Node ≥ 20.16; createRequire before),
 * not `import`: Node 20 builds an ES module facade for each imported built-in by reading
 * every export, and reading node:fs's `ReadStream` loads all of Node's streams (about 10 ms
 * of every `asyncts run`). A bare `import 'node:x'` (left by rollup for an import whose
 * bindings went unused) is dropped: a built-in has no side effects to keep.
 */
const builtinsWithoutFacades = {
  name: "builtins-without-facades",
  renderChunk(code) {
    const lines = code.split("\n");
    let used = false;
    let changed = false;
    // Only the chunk's leading import statements (rollup writes each on one line).
    for (let i = 0; i < lines.length && /^(import |export [^;]* from '[^']+';$|#!|$)/.test(lines[i]); i++) {
      const m = /^import (?:(\{[^}]*\})|\* as ([\w$]+)|([\w$]+)) from '(node:[\w/]+)';$|^import '(node:[\w/]+)';$/.exec(lines[i]);
      if (!m) continue;
      const [, named, ns, def, id, bare] = m;
      changed = true;
      if (bare) {
        lines[i] = "";
        continue;
      }
      used = true;
      const binding = named ? named.replace(/([\w$]+) as ([\w$]+)/g, "$1: $2") : ns ?? def;
      lines[i] = `const ${binding} = __nodeBuiltin('${id}');`;
    }
    if (!changed) return null;
    if (used) {
      const at = lines[0].startsWith("#!") ? 1 : 0; // a #! line stays first
      lines.splice(at, 0, "import { createRequire as __createRequire } from 'node:module';",
        "const __nodeBuiltin = process.getBuiltinModule ?? __createRequire(import.meta.url);");
    }
    return { code: lines.join("\n"), map: null };
  },
};

/**
 * ts-blank-space (ESM, Apache-2.0, its notice kept in the chunk) is bundled, so that its
 * `import "typescript"` becomes the chunk's require above: importing TypeScript as an ES
 * module anywhere in the process costs the whole slow load again.
 */
const bundleTsBlankSpace = {
  name: "bundle-ts-blank-space",
  resolveId(id) {
    if (id === "ts-blank-space") return fileURLToPath(import.meta.resolve("ts-blank-space"));
    return null;
  },
};

/**
 * Every `import ts from "typescript"` (asyncts's and ts-blank-space's) is cli/ts-code-cache.ts,
 * which requires TypeScript (CommonJS: a require takes about half the time of an import, which
 * first compiles all 9 MB to detect the module format, then scans it for export names) with a
 * V8 code cache.
 */
const typescriptWithCodeCache = {
  name: "typescript-with-code-cache",
  resolveId(id) {
    if (id === "typescript") return fileURLToPath(new URL("cli/ts-code-cache.ts", import.meta.url));
    return null;
  },
};

export default {
  input: {
    "runtime/index": "runtime/index.ts",
    "runtime/internal": "runtime/internal.ts",
    "runtime/checked_events": "runtime/checked_events.ts", // the tests' checked loop (node --import it)
    "runtime/native_shim": "runtime/native_shim.ts",
    "compiler/index": "compiler/index.ts",
    "cli/main": "cli/main.ts",
    "cli/prepare": "cli/prepare.ts",
    "cli/register": "cli/register.ts",
    "cli/register-hooks": "cli/register-hooks.ts",
    "cli/rollup-plugin": "cli/rollup-plugin.ts",
    "porter/index": "porter/index.ts",
  },
  output: {
    dir: "dist",
    format: "es",
    sourcemap: false, // dist is readable as is; map files would be parsed at every `run` (source maps are on there)
    chunkFileNames: "chunks/[name]-[hash].js",
    entryFileNames: "[name].js",
  },
  external: (id) => /^(node:|web-tree-sitter|magic-string|@jridgewell\/|@rollup\/pluginutils)/.test(id),
  plugins: [executableCli, typescriptWithCodeCache, bundleTsBlankSpace, builtinsWithoutFacades, typescript({ tsconfig: "./tsconfig.json", module: "esnext", moduleResolution: "bundler", outDir: "dist", declaration: true, declarationMap: false, sourceMap: false, noEmitOnError: true })],
};
