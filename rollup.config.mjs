// Builds dist/: the runtime (asyncts), the compiler (asyncts/compiler), the CLI and the
// register hook. Module structure is preserved so each entry loads only what it needs
// (a warm `asyncts run` never loads the compiler or TypeScript).
import typescript from "@rollup/plugin-typescript";
import { chmodSync } from "node:fs";

/** The CLI is the package's `bin`: it must be executable (npx runs it directly). */
const executableCli = {
  name: "executable-cli",
  writeBundle() {
    chmodSync("dist/cli/main.js", 0o755);
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
  external: (id) => /^(node:|ts-blank-space|web-tree-sitter|typescript|magic-string|@jridgewell\/|@rollup\/pluginutils)/.test(id),
  plugins: [executableCli, typescript({ tsconfig: "./tsconfig.json", module: "esnext", moduleResolution: "bundler", outDir: "dist", declaration: true, declarationMap: false, sourceMap: false, noEmitOnError: true })],
};
