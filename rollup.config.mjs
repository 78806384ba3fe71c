// Builds dist/: the runtime (asyncts), the compiler (asyncts/compiler), the CLI and the
// register hook. Module structure is preserved so each entry loads only what it needs
// (a warm `asyncts run` never loads the compiler or TypeScript).
import typescript from "@rollup/plugin-typescript";

export default {
  input: {
    "runtime/index": "runtime/index.ts",
    "runtime/internal": "runtime/internal.ts",
    "compiler/index": "compiler/index.ts",
    "cli/main": "cli/main.ts",
    "cli/prepare": "cli/prepare.ts",
    "cli/register": "cli/register.ts",
    "cli/register-hooks": "cli/register-hooks.ts",
    "cli/rollup-plugin": "cli/rollup-plugin.ts",
  },
  output: {
    dir: "dist",
    format: "es",
    sourcemap: true,
    preserveModules: true,
    entryFileNames: "[name].js",
  },
  external: (id) => /^(node:|ts-morph|magic-string|@jridgewell\/)/.test(id),
  plugins: [typescript({ tsconfig: "./tsconfig.json", module: "esnext", moduleResolution: "bundler", outDir: "dist", declaration: true, declarationMap: false, sourceMap: true, noEmitOnError: true })],
  onwarn(warning, warn) {
    if (warning.code === "CIRCULAR_DEPENDENCY") return;
    warn(warning);
  },
};
