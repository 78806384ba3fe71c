// Builds dist/: the runtime (asyncts), the compiler (asyncts/compiler), the CLI and the
// register hook. Module structure is preserved so each entry loads only what it needs
// (a warm `asyncts run` never loads the compiler or TypeScript).
import typescript from "@rollup/plugin-typescript";
import { chmodSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { rollup } from "rollup";

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

const tsOptions = { tsconfig: "./tsconfig.json", module: "esnext", moduleResolution: "bundler", outDir: "dist", sourceMap: false };
const RUNTIME = fileURLToPath(new URL("./runtime/", import.meta.url));
const BUNDLE = `${RUNTIME}bundle.ts`;
/** Runtime files that are entries of the ES build: the facades, and two ES modules of their own. */
const FACADES = { [`${RUNTIME}index.ts`]: "index", [`${RUNTIME}internal.ts`]: "internal" };
const OWN_ENTRIES = new Set(["checked_events.ts", "native_shim.ts"].map((f) => RUNTIME + f));
const FACADE_NAMES = { index: true, internal: true };
const RUN_PATH = new Set(["run.ts", "cache.ts", "ps.ts", "code-cache.ts"].map((f) => fileURLToPath(new URL(`./cli/${f}`, import.meta.url))));
const RT = "\0asyncts-runtime"; // the module that requires the bundle
const RT_MODULE = "\0asyncts-runtime:"; // + a runtime file: its namespace in the bundle

/**
 * The runtime is built once more, as one CommonJS file (runtime/bundle.ts says why), emitted
 * as dist/runtime/asyncts.cjs. In the ES build, runtime/index.js and internal.js become
 * facades that require it and export each name (`export const { … } = …`: the same objects,
 * as ES-module named exports), and an import of any other runtime module from outside the
 * runtime reads that module's namespace in the bundle (rollup's syntheticNamedExports turns
 * `formatTraceback` into a property read of it). Type declarations are emitted as before.
 */
/**
 * TypeScript to JavaScript file by file, without a type check (a second full program would
 * double the build's time). Comments are dropped: every run reads the bundle (runtime/*.ts is
 * the source to read), a quarter less text, and ASCII only (the comments' dashes and arrows
 * made it a two-byte string).
 */
const transpileOnly = {
  name: "transpile-only",
  resolveId(source, importer) {
    if (!importer || !source.startsWith(".") || !source.endsWith(".js")) return null;
    const ts = join(dirname(importer), source.replace(/\.js$/, ".ts"));
    return existsSync(ts) ? ts : null;
  },
  async transform(code, id) {
    if (!id.endsWith(".ts")) return null;
    const ts = (await import("typescript")).default;
    const out = ts.transpileModule(code, { fileName: id, compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: false, sourceMap: false, removeComments: true } });
    return { code: out.outputText, map: null };
  },
};

/** The names a runtime module exports, its `export *` followed (rollup's ModuleInfo lists those as "*"). */
function namesOf(ctx, id) {
  const bindings = ctx.getModuleInfo(id).exportedBindings;
  const own = new Set(Object.entries(bindings).flatMap(([, list]) => list.filter((n) => n !== "*")));
  const out = new Set(own);
  for (const [source, list] of Object.entries(bindings)) {
    if (!list.includes("*")) continue;
    for (const m of namesOf(ctx, join(dirname(id), source.replace(/\.js$/, ".ts")))) {
      if (m === "default" || own.has(m)) continue; // a module's own export hides a star's
      if (out.has(m)) ctx.error(`runtime bundle: ${id} gets ${m} from two export * (ambiguous)`);
      out.add(m);
    }
  }
  return [...out];
}

function runtimeBundle() {
  let ref;
  const names = {}; // facade → its export names
  let shared; // runtime file → its namespace's name in the bundle
  return {
    name: "runtime-bundle",
    async buildStart() {
      const build = await rollup({
        input: BUNDLE, // namespaces only: flat names would make rollup rename the clashing function (anext -> anext$1)
        external: (id) => id.startsWith("node:"),
        onwarn: (w) => this.error(`runtime bundle: ${w.message}`),
        plugins: [
          transpileOnly, // the main build's typescript() type-checks the same files
          {
            name: "export-names",
            generateBundle() {
              names.index = namesOf(this, `${RUNTIME}api.ts`);
              names.internal = namesOf(this, `${RUNTIME}internal.ts`);
            },
          },
        ],
      });
      const { output } = await build.generate({
        format: "cjs",
        exports: "named",
        interop: "esModule", // a namespace import of a built-in is the module itself (a copy would read every getter)
        generatedCode: { preset: "es2015", symbols: false }, // namespaces as the ES build makes them (no Symbol.toStringTag)
        sourcemap: false,
      });
      await build.close();
      const [chunk] = output;
      // One scope for the whole runtime: rollup renames a function whose name a later module
      // also uses (asyncgen's anext is api's `anext` too: anext$1). A name can show (repr,
      // .name), so each renamed function gets its own back; a renamed class fails the build.
      const renamed = [...chunk.code.matchAll(/^(?:async )?(function\*?|class) ([A-Za-z_][\w]*)\$\d+\b/gm)];
      const cls = renamed.find((m) => m[1] === "class");
      if (cls) this.error(`runtime bundle: class ${cls[2]} is renamed ${cls[0].split(" ").pop()} (two runtime modules declare it)`);
      const restore = renamed.map((m) => `Object.defineProperty(${m[0].split(" ").pop()}, "name", { value: ${JSON.stringify(m[2])} });`).join("\n");
      shared = new Map(chunk.exports.filter((n) => n.startsWith("$m_")).map((n) => [`${RUNTIME}${n.slice(3).replace(/\$/g, "/")}.ts`, n]));
      ref = this.emitFile({ type: "asset", fileName: "runtime/asyncts.cjs", source: `${chunk.code}${restore}\n` });
    },
    async resolveId(source, importer) {
      if (source === RT || source.startsWith(RT_MODULE)) return source; // (the facades are entries)
      if (!importer || importer.startsWith("\0") || !source.startsWith(".")) return null;
      const r = await this.resolve(source, importer, { skipSelf: true });
      if (!r || !r.id.startsWith(RUNTIME) || OWN_ENTRIES.has(r.id)) return null;
      if (r.id in FACADES) return `${RT_MODULE}${FACADES[r.id]}`;
      if (!shared.has(r.id)) this.error(`${importer} imports ${r.id}: add it to runtime/bundle.ts`);
      return { id: `${RT_MODULE}${r.id}`, syntheticNamedExports: "__ns" };
    },
    load(id) {
      if (id === RT) return `import { createRequire } from "node:module";\nimport { fileURLToPath } from "node:url";\nexport const rt = createRequire(import.meta.url)(fileURLToPath(import.meta.ROLLUP_FILE_URL_${ref}));\n// the bundle's import(): see hostImport in runtime/host.ts\nrt.$m_host._set_host_importer((url) => import(url));\n`;
      if (!id.startsWith(RT_MODULE)) return null;
      const what = id.slice(RT_MODULE.length);
      if (what in names) {
        const list = names[what];
        const ns = what === "index" ? "rt.$api" : "rt.$internal";
        return `import { rt } from ${JSON.stringify(RT)};\nexport const {\n  ${list.join(",\n  ")},\n} = ${ns};\n${what === "index" ? `export default ${ns};\n` : ""}`;
      }
      return `import { rt } from ${JSON.stringify(RT)};\nexport const __ns = rt.${shared.get(what)};\n`;
    },
    generateBundle: {
      order: "post", // after typescript() emitted the declarations
      handler(_options, bundle) {
        delete bundle["runtime/bundle.d.ts"]; // an internal entry: not part of the published types
      },
    },
  };
}

export default {
  input: {
    "runtime/index": `${RT_MODULE}index`, // facades of dist/runtime/asyncts.cjs (runtimeBundle)
    "runtime/internal": `${RT_MODULE}internal`,
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
    // Fewer files on a warm \`asyncts run\` (each costs a read, a resolve and a link): the run
    // path is one chunk, and so are the small modules that read the runtime bundle.
    manualChunks(id) {
      if (id === RT || (id.startsWith(RT_MODULE) && !(id.slice(RT_MODULE.length) in FACADE_NAMES))) return "asyncts-runtime";
      if (RUN_PATH.has(id)) return "run";
      return undefined;
    },
    entryFileNames: "[name].js",
  },
  external: (id) => /^(node:|web-tree-sitter|magic-string|@jridgewell\/|@rollup\/pluginutils)/.test(id),
  plugins: [executableCli, typescriptWithCodeCache, runtimeBundle(), bundleTsBlankSpace, builtinsWithoutFacades, typescript({ ...tsOptions, declaration: true, declarationMap: false, noEmitOnError: true })],
};
