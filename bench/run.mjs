#!/usr/bin/env node
// The asyncts benchmark suite: `npm run bench [-- --quick] [--only a,b] [--rounds N]`.
//
// Every workload exists three times (bench/workloads/<name>/): main.ts (the asyncts DSL),
// main.py (CPython 3.12 asyncio) and native.mjs (the closest plain-Node program). Each
// prints one JSON line {"checksum", "seconds", "extra"}; the checksums must agree. The
// programs of one workload run interleaved (asyncts, CPython, native, asyncts, ...) for
// several rounds, each in a fresh process, and the table reports medians.
//
//   in-process seconds  the program's own timing of the workload (performance.now /
//                       time.perf_counter), without process startup and teardown
//   whole-process s     wall time of the process, measured by this script around spawnSync
//   peak memory         the process's maximum RSS, from `/usr/bin/time -f %M` (GNU time;
//                       reported as null where it is missing)
//
// `--busy` measures every sample twice, once on an idle machine and once with a spin process
// (`node -e "for(;;);"`) keeping a second core busy: a GC that needs its helper threads, or a
// program that leans on a second core, shows the difference. The spinner is started once and
// paused (SIGSTOP) for the idle samples, resumed (SIGCONT) for the busy ones, so both halves of
// a round run in the same minute. results.json keeps the busy samples as `busySamples` beside
// `samples`, and every row gets a `busy` column set.
import { spawnSync, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync, copyFileSync, symlinkSync } from "node:fs";
import { cpus, tmpdir, platform, release, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generateProject } from "./lib/genproject.mjs";

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH, "..");
const CLI = join(ROOT, "dist", "cli", "main.js");
const WL = join(BENCH, "workloads");
const TMP = join(BENCH, ".tmp");
const NODE = process.execPath;
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;

// ---------------------------------------------------------------------------------------
// Options

const argv = process.argv.slice(2);
const QUICK = argv.includes("--quick");
const optValue = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const ONLY = optValue("--only")?.split(",");
const ROUNDS_OVERRIDE = optValue("--rounds") ? Number(optValue("--rounds")) : undefined;
const OUT = optValue("--out") ?? join(BENCH, "results.json");
const BUSY = argv.includes("--busy");
/** "idle" always; "busy" too with --busy: each round measures both (see the header). */
const PHASES = BUSY ? ["idle", "busy"] : ["idle"];

// ---------------------------------------------------------------------------------------
// Workloads. `full`/`quick` are the size argument (argv[2]); `rounds` how many A B C rounds.

const WORKLOADS = [
  // Loop-core targets are issue 15's (spawn, lock ≤ 0.10 × CPython; pingpong ≤ 1.5 × native;
  // timers ≤ 1.0 × native; yield ≤ 0.03 × CPython; ≤ 600 B per pending task).
  { name: "spawn", full: 100_000, quick: 10_000, rounds: [5, 2], target: { kind: "vsPython", max: 0.1 } },
  { name: "pingpong", full: 200_000, quick: 20_000, rounds: [5, 2], target: { kind: "vsNative", max: 1.5 } },
  { name: "yield", full: 1_000_000, quick: 100_000, rounds: [5, 2], target: { kind: "vsPython", max: 0.03 } },
  { name: "chain", full: 1_000, quick: 100, rounds: [5, 2], target: { kind: "vsPython", max: 0.5 } },
  { name: "timers", full: 100_000, quick: 10_000, rounds: [5, 2], target: { kind: "vsNative", max: 1.0 } },
  { name: "lock", full: 1_000, quick: 100, rounds: [5, 2], target: { kind: "vsPython", max: 0.1 } },
  { name: "memory", full: 100_000, quick: 10_000, rounds: [3, 1], target: { kind: "bytesPerTask", max: 600 } },
  // Streams over loopback (issue 10): ratios are of in-process seconds, so "≥ 0.7 × node:net's
  // round trips/s" is a/native ≤ 1/0.7 and "≥ 5 × CPython's" is a/CPython ≤ 0.2.
  { name: "net_pingpong", full: 20_000, quick: 2_000, rounds: [5, 2], target: { kind: "vsBoth", maxPy: 0.2, maxJs: 1 / 0.7 } },
  { name: "net_bulk", full: 64, quick: 16, rounds: [5, 2], target: { kind: "vsBoth", maxPy: Infinity, maxJs: 1 / 0.8 } },
  { name: "net_conns", full: 1_000, quick: 100, rounds: [3, 1], target: { kind: "vsBoth", maxPy: Infinity, maxJs: Infinity } },
  { name: "startup", rounds: [10, 3], target: { kind: "startup", warmVsNode: 1.15, coldMax: 1.0 } },
  { name: "procspawn", full: 500, quick: 50, rounds: [5, 2], target: { kind: "vsPython", max: 1.0 } },
  { name: "procpipe", full: 200, quick: 20, rounds: [5, 2], target: { kind: "vsNative", max: 1.25 } },
  { name: "cpu", full: 40_000_000, quick: 10_000_000, rounds: [3, 1], target: { kind: "parallel", max: 0.6 } },
  // asyncts build against tsc -p (type check + emit) of TypeScript 7 (issue 15: ≤ 1.0 × tsc 7); tsc 6 shown beside it
  { name: "build", full: 200, quick: 20, rounds: [3, 1], target: { kind: "vsTsc", max: 1.0 } },
  // asyncts check against tsc --noEmit 6 and 7 (issue 15: ≤ 1.3 × tsc 7), and build --watch's one-file rebuild (issue 12: < 100 ms)
  { name: "check", full: 200, quick: 20, rounds: [3, 1], target: { kind: "check", max: 1.3 } },
  { name: "watch", full: 200, quick: 20, rounds: [10, 3], target: { kind: "watch", maxMs: 100 } },
];

// ---------------------------------------------------------------------------------------
// Helpers

function findPython() {
  const candidates = process.env.ASYNCTS_PYTHON
    ? [[process.env.ASYNCTS_PYTHON, {}]]
    : [["python3", { PYENV_VERSION: "3.12.1" }], ["python3.12", {}]];
  for (const [cmd, env] of candidates) {
    try {
      // Resolve the real interpreter, so a pyenv shim's startup is not measured.
      const out = execFileSync(cmd, ["-c", "import sys; print(sys.executable); print(sys.version.split()[0])"], {
        env: { ...process.env, ...env },
        encoding: "utf8",
      }).trim().split("\n");
      return { exe: out[0], version: out[1] };
    } catch {}
  }
  throw new Error("CPython 3.12 not found (set ASYNCTS_PYTHON)");
}

/** uvloop as a peer of the net workloads: Debian's python3-uvloop for the system Python, or null (absent). */
function findUvloop() {
  try {
    const out = execFileSync("/usr/bin/python3", ["-c", "import sys, uvloop; print(sys.version.split()[0]); print(uvloop.__version__)"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim().split("\n");
    return { exe: "/usr/bin/python3", python: out[0], version: out[1] };
  } catch {
    return null;
  }
}
const UVLOOP = findUvloop();

const childEnv = { ...process.env };
delete childEnv.ASYNCTS_CLOCK;
delete childEnv.NODE_OPTIONS;

/** Runs cmd once; returns { ok, wall, peakKB, out } (out = the last JSON line, parsed, if any). */
function measure(cmd, args, opts = {}) {
  const timeFile = join(TMP, `time.${process.pid}.txt`);
  const [file, fullArgs] = TIME ? [TIME, ["-o", timeFile, "-f", "%M", cmd, ...args]] : [cmd, args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(file, fullArgs, {
    cwd: opts.cwd ?? ROOT,
    env: { ...childEnv, ...(opts.env ?? {}) },
    encoding: "utf8",
    maxBuffer: 64 << 20,
    timeout: 600_000,
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  let peakKB = null;
  if (TIME) {
    try {
      const m = readFileSync(timeFile, "utf8").trim().split("\n").pop();
      peakKB = Number(m);
      if (!Number.isFinite(peakKB)) peakKB = null;
    } catch {}
  }
  let out = null;
  const lines = (r.stdout ?? "").trim().split("\n");
  try {
    out = JSON.parse(lines[lines.length - 1]);
  } catch {}
  const ok = r.status === 0;
  if (!ok) {
    process.stderr.write(`\n  ! ${cmd} ${args.join(" ")} exited ${r.status ?? r.signal}\n${(r.stderr ?? "").slice(-2000)}\n`);
  }
  return { ok, wall, peakKB, out, stdout: r.stdout };
}

// The --busy spinner: one process for the whole run, paused while idle samples run.
let spinner = null;
function startSpinner() {
  spinner = spawn(NODE, ["-e", "for (;;);"], { stdio: "ignore" });
  spinner.kill("SIGSTOP");
  process.on("exit", () => spinner?.kill("SIGKILL"));
}
function sleepMs(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
/** Runs fn(phase) for each phase of a round: idle, then (with --busy) with the spinner running. */
function eachPhase(fn) {
  for (const phase of PHASES) {
    if (phase === "busy") {
      spinner.kill("SIGCONT");
      sleepMs(50); // let the scheduler see it spin
    }
    try {
      fn(phase);
    } finally {
      if (phase === "busy") spinner.kill("SIGSTOP");
    }
  }
}
/** A runner's sample sets: { idle: {impl: samples}, busy: {...} }. */
function newPhaseSamples(impls) {
  return Object.fromEntries(PHASES.map((ph) => [ph, Object.fromEntries(impls.map((k) => [k, newSamples()]))]));
}
/** The runner's result: `samples` (idle) and with --busy `busySamples`. */
function phaseResult(s) {
  return BUSY ? { samples: s.idle, busySamples: s.busy } : { samples: s.idle };
}

function median(xs) {
  const v = xs.filter((x) => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/** The asyncts commit measured (with -dirty when the work tree has changes). */
function gitDescribe() {
  try {
    return execFileSync("git", ["describe", "--always", "--dirty"], { cwd: ROOT, encoding: "utf8" }).trim();
  } catch {
    return null;
  }
}

const ratio = (a, b) => (a == null || b == null || b === 0 ? null : a / b);

function progress(text) {
  process.stderr.write(text);
}

function newSamples() {
  return { inproc: [], wall: [], peakKB: [], checksum: [], extra: [] };
}

function record(samples, m) {
  samples.wall.push(m.wall);
  samples.peakKB.push(m.peakKB);
  samples.inproc.push(m.out?.seconds ?? null);
  samples.checksum.push(m.out?.checksum ?? (m.ok ? null : "error"));
  samples.extra.push(m.out?.extra ?? null);
}

function summarize(samples) {
  return {
    inproc: median(samples.inproc),
    wall: median(samples.wall),
    peakMB: median(samples.peakKB) == null ? null : median(samples.peakKB) / 1024,
  };
}

function checksumsAgree(impls) {
  const all = impls.flatMap((s) => s.checksum);
  return all.length > 0 && all.every((c) => c !== null && c !== "error" && String(c) === String(all[0]));
}

// ---------------------------------------------------------------------------------------
// Runners

/** A program workload: asyncts / CPython / native, interleaved. */
function runProgram(w, py) {
  const n = String(QUICK ? w.quick : w.full);
  const dir = join(WL, w.name);
  const impls = {
    asyncts: [NODE, [CLI, "run", "--clock", "real", join(dir, "main.ts"), n]],
    cpython: [py.exe, [join(dir, "main.py"), n]],
    native: [NODE, [join(dir, "native.mjs"), n]],
  };
  // The net workloads' CPython programs run under uvloop too when the system Python has it.
  if (w.name.startsWith("net_") && UVLOOP) impls.uvloop = [UVLOOP.exe, [join(dir, "main.py"), n, "uvloop"]];
  // Warm-up: fills the asyncts compile cache (and the OS file cache for every program).
  measure(...impls.asyncts);
  if (!QUICK) for (const k of Object.keys(impls).slice(1)) measure(...impls[k]);
  const samples = newPhaseSamples(Object.keys(impls));
  const rounds = ROUNDS_OVERRIDE ?? w.rounds[QUICK ? 1 : 0];
  for (let r = 0; r < rounds; r++) {
    eachPhase((ph) => {
      for (const k of Object.keys(impls)) {
        progress(ph === "busy" ? ":" : ".");
        record(samples[ph][k], measure(...impls[k]));
      }
    });
  }
  return { size: Number(n), rounds, ...phaseResult(samples) };
}

/** startup: hello world, asyncts cold (empty cache) and warm, node hello.js, python3 hello.py. */
function runStartup(w, py) {
  const dir = join(WL, "startup");
  const warmImpl = [NODE, [CLI, "run", join(dir, "hello.ts")]];
  measure(...warmImpl); // fills the cache for the warm runs
  const phaseSamples = newPhaseSamples(["asyncts_cold", "asyncts", "cpython", "native"]);
  const rounds = ROUNDS_OVERRIDE ?? w.rounds[QUICK ? 1 : 0];
  for (let r = 0; r < rounds; r++) {
    eachPhase((ph) => {
      const samples = phaseSamples[ph];
      const dot = ph === "busy" ? ":" : ".";
      // Cold: a fresh folder outside any node_modules, with a fresh, empty ASYNCTS_CACHE_DIR.
      const cold = mkdtempSync(join(tmpdir(), "asyncts-bench-cold-"));
      copyFileSync(join(dir, "hello.ts"), join(cold, "hello.ts"));
      progress(dot);
      record(samples.asyncts_cold, measure(NODE, [CLI, "run", join(cold, "hello.ts")], { cwd: cold, env: { ASYNCTS_CACHE_DIR: join(cold, "cache") } }));
      rmSync(cold, { recursive: true, force: true });
      progress(dot);
      record(samples.asyncts, measure(...warmImpl));
      progress(dot);
      record(samples.cpython, measure(py.exe, [join(dir, "hello.py")]));
      progress(dot);
      record(samples.native, measure(NODE, [join(dir, "hello.js")]));
    });
  }
  for (const set of Object.values(phaseSamples)) for (const s of Object.values(set)) s.checksum = s.checksum.map(() => null);
  return { rounds, ...phaseResult(phaseSamples) };
}

/** build: `asyncts build -p` against `tsc -p` (type check + emit) of TypeScript 6 and 7 on a
 * generated project; CPU time (user + system) as for check. */
function runBuild(w) {
  const files = QUICK ? w.quick : w.full;
  const dir = join(TMP, "build-project");
  const info = generateProject(dir, files, ROOT);
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const tsc7 = join(ROOT, "node_modules", "typescript7", "bin", "tsc");
  const has7 = existsSync(tsc7);
  const version = (bin) => execFileSync(NODE, [bin, "--version"], { encoding: "utf8" }).trim();
  const outDir = join(dir, "out");
  const countJs = () => (existsSync(outDir) ? readdirSync(outDir).filter((f) => f.endsWith(".js")).length : 0);
  const impls = {
    asyncts: [NODE, [CLI, "build", "-p", "tsconfig.json"]],
    tsc: [NODE, [tsc, "-p", "tsconfig.json"]],
    ...(has7 ? { tsc7: [NODE, [tsc7, "-p", "tsconfig.json"]] } : {}),
  };
  const samples = newPhaseSamples(Object.keys(impls));
  const rounds = ROUNDS_OVERRIDE ?? w.rounds[QUICK ? 1 : 0];
  for (let r = 0; r < rounds; r++) {
    eachPhase((ph) => {
      for (const k of Object.keys(impls)) {
        rmSync(outDir, { recursive: true, force: true });
        progress(ph === "busy" ? ":" : ".");
        const m = measureCpu(...impls[k], { cwd: dir });
        m.out = m.ok ? { checksum: countJs(), seconds: null } : null;
        record(samples[ph][k], m);
        (samples[ph][k].cpu ??= []).push(m.cpu);
      }
    });
  }
  return { files: info.files, lines: info.lines, tsc: version(tsc), tsc7: has7 ? version(tsc7) : null, rounds, ...phaseResult(samples) };
}

/** measure() plus the child's CPU time (user + system, from GNU time), for check's rows. */
function measureCpu(cmd, args, opts) {
  if (!TIME) return { ...measure(cmd, args, opts), cpu: null };
  const cpuFile = join(TMP, `cpu.${process.pid}.txt`);
  const m = measure(TIME, ["-o", cpuFile, "-f", "%U %S", cmd, ...args], opts);
  const [u, s] = readFileSync(cpuFile, "utf8").trim().split("\n").pop().split(" ").map(Number);
  return { ...m, cpu: u + s };
}

/** check: `asyncts check` on the build project — with TypeScript 6 in-process (no TypeScript 7
 * in the project) and with the project's TypeScript 7 (a copy whose node_modules/typescript is
 * typescript@7, the devDependency `typescript7`) — against tsc 6 and tsc 7 `--noEmit`. */
function runCheck(w) {
  const files = QUICK ? w.quick : w.full;
  const dir = join(TMP, "check-project"), dir7 = join(TMP, "check-project-ts7");
  const info = generateProject(dir, files, ROOT);
  generateProject(dir7, files, ROOT);
  const tsc6 = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const tsc7 = join(ROOT, "node_modules", "typescript7", "bin", "tsc");
  const has7 = existsSync(tsc7);
  if (has7) symlinkSync(join(ROOT, "node_modules", "typescript7"), join(dir7, "node_modules", "typescript"), "dir");
  const impls = {
    asyncts: [NODE, [CLI, "check"], dir],
    tsc6: [NODE, [tsc6, "-p", "tsconfig.json", "--noEmit"], dir],
    ...(has7 ? { asyncts_ts7: [NODE, [CLI, "check"], dir7], tsc7: [NODE, [tsc7, "-p", "tsconfig.json", "--noEmit"], dir] } : {}),
  };
  const samples = newPhaseSamples(Object.keys(impls));
  const rounds = ROUNDS_OVERRIDE ?? w.rounds[QUICK ? 1 : 0];
  for (let r = 0; r < rounds; r++) {
    eachPhase((ph) => {
      for (const [k, [cmd, args, cwd]] of Object.entries(impls)) {
        progress(ph === "busy" ? ":" : ".");
        const m = measureCpu(cmd, args, { cwd });
        m.out = m.ok ? { checksum: "clean", seconds: null } : null;
        record(samples[ph][k], m);
        (samples[ph][k].cpu ??= []).push(m.cpu);
      }
    });
  }
  const version = (bin) => execFileSync(NODE, [bin, "--version"], { encoding: "utf8" }).trim();
  return { files: info.files, lines: info.lines, tsc6: version(tsc6), tsc7: has7 ? version(tsc7) : null, rounds, ...phaseResult(samples) };
}

/** watch: bench/lib/watchbench.mjs runs `asyncts build --watch` on the build project and edits one file a round. */
function runWatch(w) {
  const files = QUICK ? w.quick : w.full;
  const dir = join(TMP, "watch-project");
  const info = generateProject(dir, files, ROOT);
  const rounds = ROUNDS_OVERRIDE ?? w.rounds[QUICK ? 1 : 0];
  const samples = newPhaseSamples(["asyncts"]);
  eachPhase((ph) => {
    progress(ph === "busy" ? ":" : ".");
    record(samples[ph].asyncts, measure(NODE, [join(BENCH, "lib", "watchbench.mjs"), dir, CLI, String(rounds)]));
  });
  return { files: info.files, lines: info.lines, rounds, ...phaseResult(samples) };
}

// ---------------------------------------------------------------------------------------
// Main

function main() {
  if (!existsSync(CLI)) {
    console.error("dist/ is missing: run `npm run build` first.");
    process.exit(1);
  }
  mkdirSync(TMP, { recursive: true });
  const py = findPython();
  const machine = {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memGB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    python: py.version,
    pythonExe: py.exe,
    peakMemory: TIME ? "/usr/bin/time -f %M (max RSS)" : "unavailable",
    commit: gitDescribe(),
    uvloop: UVLOOP ? `${UVLOOP.version} (system Python ${UVLOOP.python})` : "absent",
  };
  const started = new Date();
  const results = { mode: QUICK ? "quick" : "full", busy: BUSY, date: started.toISOString(), machine, workloads: {} };
  if (BUSY) startSpinner();
  progress(`asyncts bench (${results.mode}${BUSY ? ", idle and busy" : ""}) on ${machine.cpu}, ${machine.cores} cores, node ${machine.node}, CPython ${machine.python}\n`);

  for (const w of WORKLOADS) {
    if (ONLY && !ONLY.includes(w.name)) continue;
    progress(`${w.name.padEnd(9)} `);
    const t0 = performance.now();
    const res = w.name === "startup" ? runStartup(w, py) : w.name === "build" ? runBuild(w) : w.name === "check" ? runCheck(w) : w.name === "watch" ? runWatch(w) : runProgram(w, py);
    progress(` ${((performance.now() - t0) / 1000).toFixed(1)}s\n`);
    results.workloads[w.name] = { target: w.target, ...res };
  }
  results.rows = evaluate(results.workloads, "samples");
  if (BUSY) {
    // Each row gets the same judgement on the busy samples.
    const busyRows = evaluate(results.workloads, "busySamples");
    results.rows.forEach((row, i) => {
      const b = busyRows[i];
      row.busy = { a: b.a, p: b.p, n: b.n, proc: b.proc, rPy: b.rPy, rJs: b.rJs, status: b.status, ...(b.resume_us ? { resume_us: b.resume_us } : {}) };
    });
  }
  results.totalSeconds = (Date.now() - started.getTime()) / 1000;
  writeFileSync(OUT, JSON.stringify(results, null, 2) + "\n");
  const table = formatTable(results.rows);
  console.log(`\nasyncts bench — ${results.mode} mode, ${results.date}`);
  console.log(`${machine.cpu}, ${machine.cores} cores, ${machine.memGB} GB, ${machine.os}; node ${machine.node}, CPython ${machine.python}; asyncts ${machine.commit}`);
  console.log(`medians; times in seconds; peak = max RSS (MB) asyncts/CPython/native${BUSY ? "; busy = the same with a spin process on the second core" : ""}\n`);
  console.log(table);
  const net = results.rows.filter((r) => r.workload.startsWith("net_"));
  if (net.length) {
    const uv = net.filter((r) => r.uv != null);
    console.log(`\nuvloop: ${uv.length ? `${machine.uvloop}; ${uv.map((r) => `${r.workload} ${fmt(r.uv)} s, a/uvloop ${fmt(r.rUv)}`).join("; ")}` : "absent (Debian's python3-uvloop is not installed for /usr/bin/python3)"}`);
  }
  const cpuRows = results.rows.filter((r) => r.cpu);
  if (cpuRows.length) console.log(`\nCPU s (user + system): ${cpuRows.map((r) => `${r.workload}: ${Object.entries(r.cpu).map(([k, v]) => `${k} ${fmt(v)}`).join(", ")}`).join("; ")}`);
  const chain = results.rows.find((r) => r.resume_us);
  const resumes = (r) => Object.entries(r).map(([k, v]) => `${k}: ${v.map((x) => (x == null ? "-" : x.toFixed(2))).join(" / ")}`).join("; ");
  if (chain) console.log(`\nchain resume cost (µs per sleep(0) at depth 1/10/100/1000): ${resumes(chain.resume_us)}`);
  if (chain?.busy?.resume_us) console.log(`  busy: ${resumes(chain.busy.resume_us)}`);
  console.log(`\nwrote ${OUT} (${results.totalSeconds.toFixed(0)} s)`);
  const failed = results.rows.filter((r) => r.status !== "PASS");
  if (failed.length) console.log(`${failed.length} of ${results.rows.length} targets not met: ${failed.map((r) => r.workload).join(", ")}`);
  if (BUSY) {
    const busyFailed = results.rows.filter((r) => r.busy.status !== "PASS");
    if (busyFailed.length) console.log(`busy: ${busyFailed.length} of ${results.rows.length} targets not met: ${busyFailed.map((r) => r.workload).join(", ")}`);
  }
}

/** One table row per target, from each workload's `key` sample set (samples or busySamples). */
function evaluate(workloads, key) {
  const rows = [];
  for (const [name, res] of Object.entries(workloads)) {
    const s = res[key];
    const sum = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, summarize(v)]));
    const agree = name === "startup" ? true : checksumsAgree(Object.values(s));
    const base = {
      workload: name,
      checksum: agree ? "ok" : "MISMATCH",
      proc: sum.asyncts?.wall ?? null,
      peak: [sum.asyncts?.peakMB, sum.cpython?.peakMB, (sum.native ?? sum.tsc)?.peakMB],
    };
    const t = res.target;
    const judge = (value, max) => (!agree ? "FAIL (checksum)" : value == null ? "FAIL (no data)" : value <= max ? "PASS" : "FAIL");
    if (t.kind === "vsPython") {
      const a = sum.asyncts.inproc, p = sum.cpython.inproc, n = sum.native.inproc;
      const row = { ...base, unit: "s", a, p, n, rPy: ratio(a, p), rJs: ratio(a, n), target: `≤ ${t.max} × CPython` };
      row.status = judge(row.rPy, t.max);
      rows.push(row);
      if (name === "chain") {
        const depths = ["1", "10", "100", "1000"];
        const per = (k) => depths.map((d) => median(s[k].extra.map((e) => e?.resume_us?.[d])));
        row.resume_us = { asyncts: per("asyncts"), cpython: per("cpython"), native: per("native") };
        const [a1, , , a1000] = row.resume_us.asyncts;
        const [p1, , , p1000] = row.resume_us.cpython;
        const [n1, , , n1000] = row.resume_us.native;
        const r2 = { ...base, workload: "chain d1000/d1", unit: "×", a: ratio(a1000, a1), p: ratio(p1000, p1), n: ratio(n1000, n1), proc: null, peak: [null, null, null], target: "resume d1000 ≤ 1.5 × d1" };
        r2.rPy = null;
        r2.rJs = null;
        r2.status = judge(r2.a, 1.5);
        rows.push(r2);
      }
    } else if (t.kind === "vsBoth") {
      // Network workloads: judged against raw node:net and (where a target is set) CPython; the checksum says nothing was lost.
      const a = sum.asyncts.inproc, p = sum.cpython.inproc, n = sum.native.inproc;
      const parts = [];
      if (Number.isFinite(t.maxJs)) parts.push(`≤ ${t.maxJs.toFixed(2)} × node:net`);
      if (Number.isFinite(t.maxPy)) parts.push(`≤ ${t.maxPy} × CPython`);
      const row = { ...base, unit: "s", a, p, n, rPy: ratio(a, p), rJs: ratio(a, n), target: parts.join(", ") || "all served" };
      if (sum.uvloop) Object.assign(row, { uv: sum.uvloop.inproc, rUv: ratio(a, sum.uvloop.inproc) });
      const py = Number.isFinite(t.maxPy) ? judge(row.rPy, t.maxPy) : judge(0, 1);
      const js = Number.isFinite(t.maxJs) ? judge(row.rJs, t.maxJs) : judge(0, 1);
      row.status = py === "PASS" && js === "PASS" ? "PASS" : py !== "PASS" ? py : js;
      rows.push(row);
    } else if (t.kind === "vsNative") {
      const a = sum.asyncts.inproc, p = sum.cpython.inproc, n = sum.native.inproc;
      const row = { ...base, unit: "s", a, p, n, rPy: ratio(a, p), rJs: ratio(a, n), target: `≤ ${t.max} × native` };
      row.status = judge(row.rJs, t.max);
      rows.push(row);
    } else if (t.kind === "parallel") {
      // 4 jobs on 2 workers against the same 4 jobs one after another, in the same process.
      const r = (k) => median(s[k].extra.map((e) => e?.ratio));
      const a = r("asyncts"), p = r("cpython"), n = r("native");
      const row = { ...base, unit: "parallel/serial", a, p, n, rPy: ratio(a, p), rJs: ratio(a, n), target: `≤ ${t.max} × own serial time` };
      row.status = judge(a, t.max);
      rows.push(row);
    } else if (t.kind === "bytesPerTask") {
      const bpt = (k) => median(s[k].extra.map((e) => e?.bytes_per_task));
      const a = bpt("asyncts"), p = bpt("cpython"), n = bpt("native");
      const row = { ...base, unit: "B/task", a, p, n, rPy: ratio(a, p), rJs: ratio(a, n), target: `≤ ${t.max} B/task` };
      row.status = judge(a, t.max);
      rows.push(row);
    } else if (t.kind === "startup") {
      const a = sum.asyncts.wall, p = sum.cpython.wall, n = sum.native.wall, c = sum.asyncts_cold.wall;
      const warm = { ...base, workload: "startup warm", unit: "s (process)", a, p, n, rPy: ratio(a, p), rJs: ratio(a, n), target: `≤ ${t.warmVsNode} × node`, peak: [sum.asyncts.peakMB, sum.cpython.peakMB, sum.native.peakMB] };
      warm.status = judge(warm.rJs, t.warmVsNode);
      const cold = { ...base, workload: "startup cold", unit: "s (process)", a: c, p, n, proc: c, rPy: ratio(c, p), rJs: ratio(c, n), target: `≤ ${t.coldMax} s`, peak: [sum.asyncts_cold.peakMB, sum.cpython.peakMB, sum.native.peakMB] };
      cold.status = judge(c, t.coldMax);
      rows.push(warm, cold);
    } else if (t.kind === "check") {
      // wall of the whole process (and CPU, in the row's cpu field); both asyncts rows against both tscs
      const cpu = (k) => median(s[k]?.cpu ?? []);
      const w6 = sum.tsc6?.wall, w7 = sum.tsc7?.wall;
      const r6 = { ...base, workload: `check, TS 6 in-process (${res.files} files)`, unit: "s (process)", a: sum.asyncts.wall, p: w6, n: w7 ?? null, rPy: ratio(sum.asyncts.wall, w6), rJs: ratio(sum.asyncts.wall, w7), target: `≤ ${t.max} × tsc 7 (p: tsc 6, n: tsc 7)`, native: "tsc7", cpu: { asyncts: cpu("asyncts"), tsc6: cpu("tsc6"), tsc7: cpu("tsc7") }, peak: [sum.asyncts.peakMB, sum.tsc6?.peakMB, sum.tsc7?.peakMB] };
      r6.status = judge(r6.rJs, t.max);
      rows.push(r6);
      if (sum.asyncts_ts7) {
        const r7 = { ...r6, workload: `check, project's tsc 7 (${res.files} files)`, a: sum.asyncts_ts7.wall, proc: sum.asyncts_ts7.wall, rPy: ratio(sum.asyncts_ts7.wall, w6), rJs: ratio(sum.asyncts_ts7.wall, w7), cpu: { asyncts: cpu("asyncts_ts7"), tsc6: cpu("tsc6"), tsc7: cpu("tsc7") }, peak: [sum.asyncts_ts7.peakMB, sum.tsc6?.peakMB, sum.tsc7?.peakMB] };
        r7.status = judge(r7.rJs, t.max);
        rows.push(r7);
      }
    } else if (t.kind === "watch") {
      const e = s.asyncts.extra[0]?.median ?? {};
      const ms = e.save_to_output_ms ?? null;
      const row = { ...base, workload: `watch: one-file rebuild (${res.files} files)`, unit: "ms save→output", a: ms, p: null, n: null, proc: null, rPy: null, rJs: null, target: `< ${t.maxMs} ms (rebuild ${fmt(e.rebuild_wall_ms)} ms wall, ${fmt(e.rebuild_cpu_ms)} ms CPU)`, peak: [null, null, null] };
      row.status = judge(ms, t.maxMs - 1e-9);
      rows.push(row);
    } else if (t.kind === "vsTsc") {
      // p: tsc 6, n: tsc 7 (judged against tsc 7; without it, against tsc 6)
      const cpu = (k) => median(s[k]?.cpu ?? []);
      const a = sum.asyncts.wall, p = sum.tsc.wall, n = sum.tsc7?.wall ?? null;
      const row = { ...base, workload: `build (${res.files} files, ${res.lines} lines)`, unit: "s (process)", a, p, n, rPy: ratio(a, p), rJs: ratio(a, n ?? p), target: n != null ? `≤ ${t.max.toFixed(1)} × tsc 7 (p: tsc 6, n: tsc 7)` : `≤ ${t.max.toFixed(1)} × tsc 6 (no tsc 7)`, native: n != null ? "tsc7" : "tsc", cpu: { asyncts: cpu("asyncts"), tsc6: cpu("tsc"), tsc7: cpu("tsc7") }, peak: [sum.asyncts.peakMB, sum.tsc.peakMB, sum.tsc7?.peakMB] };
      row.status = judge(row.rJs, t.max);
      rows.push(row);
    }
  }
  return rows;
}

function fmt(x, digits = 3) {
  if (x == null) return "–";
  if (Math.abs(x) >= 100) return x.toFixed(0);
  if (Math.abs(x) >= 10) return x.toFixed(1);
  return x.toPrecision(digits);
}

function formatTable(rows) {
  const head = ["workload", "unit", "asyncts", "CPython", "native", "asyncts proc s", "peak MB a/py/js", "a/CPython", "a/native", "target", "result"];
  if (BUSY) head.push("busy: asyncts", "CPython", "native", "a/CPython", "a/native", "result");
  const body = rows.map((r) => [
    r.workload,
    r.unit,
    fmt(r.a),
    fmt(r.p),
    r.native === "tsc" ? `${fmt(r.n)} (tsc)` : r.native === "tsc7" ? `${fmt(r.n)} (tsc 7)` : fmt(r.n),
    fmt(r.proc),
    r.peak.map((x) => (x == null ? "–" : x.toFixed(0))).join(" / "),
    fmt(r.rPy),
    fmt(r.rJs),
    r.target,
    r.checksum === "ok" ? r.status : `${r.status}`,
    ...(BUSY ? [fmt(r.busy.a), fmt(r.busy.p), r.native === "tsc" ? `${fmt(r.busy.n)} (tsc)` : fmt(r.busy.n), fmt(r.busy.rPy), fmt(r.busy.rJs), r.busy.status] : []),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return [line(head), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...body.map(line)].join("\n");
}

main();
