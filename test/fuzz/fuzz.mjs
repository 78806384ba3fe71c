// The compiler fuzzer: seeded mutants of every fixture's main.ts go through compile();
// none may throw or hang, and every output compiled without error diagnostics must parse
// as an ES module in V8 and carry a source map whose every segment is in range.
// `node test/fuzz/fuzz.mjs` runs it on demand: FUZZ_COUNT (3000), FUZZ_SEED (1), FUZZ_BIG
// (bytes of the one big input, 5 MB; 0: none), FUZZ_COMPILER (a built compiler/index.js,
// default dist's), FUZZ_OUT (write the failures as JSON), VERBOSE=1.
// test/compiler-fuzz.test.ts runs a few hundred in `npm test` (FUZZ_COUNT/FUZZ_SEED apply).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { decode } from "@jridgewell/sourcemap-codec";
import { listFixtures } from "../../fixtures/tools/list.mjs";
import { rng, mutate, bigProgram } from "./mutate.mjs";

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

export function fixtureSources() {
  return listFixtures(join(root, "fixtures")).map((f) => ({ name: f.name, text: readFileSync(join(f.dir, "main.ts"), "utf8") }));
}

/** Problems with a source map: segments outside the generated or the original text. */
export function mapProblems(mapJson, code, source) {
  let map;
  try {
    map = JSON.parse(mapJson);
  } catch (e) {
    return [`map is not JSON: ${e.message}`];
  }
  const genLines = code.split("\n");
  const srcLines = source.split(/\r\n?|\n|\u2028|\u2029/);
  const srcLinesLF = source.split("\n");
  const out = [];
  const lines = decode(map.mappings);
  if (lines.length > genLines.length) out.push(`map has ${lines.length} lines, code ${genLines.length}`);
  lines.forEach((segs, line) => {
    for (const seg of segs) {
      if (seg[0] > (genLines[line]?.length ?? 0)) out.push(`generated ${line + 1}:${seg[0]} past the line's end`);
      if (seg.length >= 4) {
        if (seg[1] !== 0) out.push(`source index ${seg[1]}`);
        const sl = seg[2], sc = seg[3];
        const len = Math.max(srcLines[sl]?.length ?? -1, srcLinesLF[sl]?.length ?? -1);
        if (len < 0) out.push(`original line ${sl + 1} of ${srcLinesLF.length}`);
        else if (sc > len) out.push(`original ${sl + 1}:${sc} past the line's end (${len})`);
      }
    }
  });
  return out.slice(0, 3);
}

/** Parses every code text with V8 in one child process; returns index → SyntaxError. */
export function v8Rejects(codes) {
  if (!codes.length) return new Map();
  const r = spawnSync(process.execPath, ["--experimental-vm-modules", "--no-warnings", "--stack-size=984", join(root, "test", "fuzz", "v8-check.mjs")], {
    input: JSON.stringify(codes), encoding: "utf8", maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new Error(`v8-check failed: ${r.stderr}`);
  return new Map(JSON.parse(r.stdout).map((f) => [f.i, f.error]));
}

/**
 * Runs `count` mutants (plus one big input when `big` is set) through `compile`.
 * Returns counts and the failing cases (each with its mutant text, to reproduce).
 */
export function fuzz({ compile, count, seed, big = 0, sources = fixtureSources(), slowMs = 30_000 }) {
  const r = rng(seed);
  const counts = { mutants: 0, compiled: 0, diagnosed: 0, threw: 0, internalDiagnostic: 0, invalidOutput: 0, badMap: 0, slow: 0 };
  const failures = [];
  const toCheck = [];
  const run = (name, text, limitMs = slowMs) => {
    counts.mutants++;
    const t0 = performance.now();
    let res;
    try {
      res = compile(text, { fileName: join(root, "test", ".tmp", "fuzz", "main.ts") });
    } catch (e) {
      counts.threw++;
      failures.push({ kind: "threw", name, error: String(e?.stack ?? e).split("\n").slice(0, 4).join("\n"), text });
      return;
    }
    const ms = performance.now() - t0;
    if (ms > limitMs) {
      counts.slow++;
      failures.push({ kind: "slow", name, error: `${ms.toFixed(0)} ms`, text });
    }
    if (res.diagnostics.some((d) => d.severity === "error")) {
      counts.diagnosed++;
      if (res.code !== null) failures.push({ kind: "threw", name, error: "code despite errors", text });
      return;
    }
    counts.compiled++;
    if (res.code === null) {
      failures.push({ kind: "invalidOutput", name, error: "no code and no error", text });
      counts.invalidOutput++;
      return;
    }
    const mp = mapProblems(res.map, res.code, text);
    if (mp.length) {
      counts.badMap++;
      failures.push({ kind: "badMap", name, error: mp.join("; "), text });
    }
    toCheck.push({ name, text, code: res.code });
  };
  for (let i = 0; i < count; i++) {
    const src = r.pick(sources);
    run(`${src.name}#${i}`, mutate(src.text, r));
  }
  // the big input may take its time (about 3 s a MB on a quiet machine), only not forever
  if (big) run(`big (${(big / 1048576).toFixed(2)} MB)`, bigProgram(big), Math.max(slowMs, (big / 1048576) * 30_000));
  // V8 in batches (one process each), so a huge batch does not hold every output at once.
  for (let i = 0; i < toCheck.length; i += 200) {
    const batch = toCheck.slice(i, i + 200);
    for (const [j, error] of v8Rejects(batch.map((c) => c.code))) {
      counts.invalidOutput++;
      failures.push({ kind: "invalidOutput", name: batch[j].name, error, text: batch[j].text, code: batch[j].code });
    }
  }
  return { counts, failures };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const compilerPath = process.env.FUZZ_COMPILER ?? join(root, "dist", "compiler", "index.js");
  const { compile } = await import(pathToFileURL(compilerPath).href);
  const seed = Number(process.env.FUZZ_SEED ?? 1);
  const count = Number(process.env.FUZZ_COUNT ?? 3000);
  const t0 = performance.now();
  const { counts, failures } = fuzz({ compile, count, seed, big: Number(process.env.FUZZ_BIG ?? 5 * 1024 * 1024) });
  const byKind = {};
  for (const f of failures) (byKind[f.kind] ??= []).push(f);
  for (const [kind, list] of Object.entries(byKind)) {
    console.log(`== ${kind}: ${list.length}`);
    const seen = new Set();
    for (const f of list) {
      const key = f.error.split("\n")[0].replace(/\d+/g, "N");
      if (seen.has(key) && !process.env.VERBOSE) continue;
      seen.add(key);
      console.log(`  ${f.name}: ${f.error.split("\n").slice(0, 2).join(" | ")}`);
    }
  }
  if (process.env.FUZZ_OUT) (await import("node:fs")).writeFileSync(process.env.FUZZ_OUT, JSON.stringify(failures, null, 1));
  console.log(JSON.stringify({ seed, ...counts, seconds: +((performance.now() - t0) / 1000).toFixed(1) }));
}
