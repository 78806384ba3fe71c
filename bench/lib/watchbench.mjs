// The `watch` workload: `asyncts build --watch` on the generated project; each round edits
// one file's function body and times (a) save → its rebuilt .js written (the user's wait,
// debounce included) and (b) the rebuild itself, wall and CPU, as the watcher reports it
// (ASYNCTS_WATCH_TIMING=1). Prints one JSON line like the program workloads.
//   node watchbench.mjs PROJECT_DIR CLI ROUNDS
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync, watch, readdirSync } from "node:fs";
import { join } from "node:path";

const [dir, cli, roundsArg] = process.argv.slice(2);
const rounds = Number(roundsArg ?? 10);
const child = spawn(process.execPath, [cli, "build", "--watch"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ASYNCTS_WATCH_TIMING: "1" } });
let stdout = "", stderr = "";
child.stdout.on("data", (d) => (stdout += d));
child.stderr.on("data", (d) => (stderr += d));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// The build switches the output folder with two renames (cli/commit.ts): for that instant
// there is no out/, so a read that lands in it finds nothing yet.
const hasMarker = (file, marker) => { try { return readFileSync(file, "utf8").includes(marker); } catch { return false; } };
async function until(cond, ms = 120_000) {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`watchbench: timed out\n${stdout}\n${stderr.slice(-2000)}`);
    await sleep(20);
  }
}
const median = (xs) => { const v = [...xs].sort((a, b) => a - b); const m = v.length >> 1; return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2; };
const sources = readdirSync(join(dir, "src")).filter((f) => f.endsWith(".ts")).sort();
const saves = [], rebuildWall = [], rebuildCpu = [], statusMs = [];
try {
  await until(() => stdout.includes("Watching for file changes."));
  await sleep(500);
  for (let r = 0; r < rounds; r++) {
    const name = sources[(Math.floor(sources.length / 2) + r) % sources.length].replace(/\.ts$/, "");
    const src = join(dir, "src", `${name}.ts`), out = join(dir, "out", `${name}.js`);
    const marker = `length + ${1000 + r}`;
    const text = readFileSync(src, "utf8").replace(/return this\.items\.length( \+ \d+)?;/, `return this.items.${marker};`);
    const statusBefore = stdout.split("Found 0 errors").length;
    const timingBefore = stderr.split("\n").filter((l) => l.startsWith("asyncts watch:")).length;
    // the output's folder is watched, so no polling loop competes with the watcher for the CPU
    let seen = false;
    const w = watch(join(dir, "out"), () => { if (!seen && hasMarker(out, marker)) seen = true; });
    const t0 = performance.now();
    writeFileSync(src, text);
    while (!seen) {
      await sleep(2);
      if (!seen && performance.now() - t0 > 10 && hasMarker(out, marker)) seen = true;
      if (performance.now() - t0 > 60_000) throw new Error("watchbench: no rebuild");
    }
    saves.push(performance.now() - t0);
    w.close();
    await until(() => stdout.split("Found 0 errors").length > statusBefore);
    statusMs.push(performance.now() - t0);
    await until(() => stderr.split("\n").filter((l) => l.startsWith("asyncts watch:")).length > timingBefore, 1000).catch(() => {}); // (older versions print none)
    const line = stderr.split("\n").filter((l) => l.startsWith("asyncts watch:"))[timingBefore] ?? "";
    const m = /wall ([\d.]+) ms, CPU ([\d.]+) ms/.exec(line);
    if (m) { rebuildWall.push(Number(m[1])); rebuildCpu.push(Number(m[2])); }
    await sleep(300);
  }
} finally {
  child.kill("SIGINT");
}
console.log(JSON.stringify({
  checksum: saves.length,
  seconds: median(saves) / 1000,
  extra: { save_to_output_ms: saves, save_to_status_ms: statusMs, rebuild_wall_ms: rebuildWall, rebuild_cpu_ms: rebuildCpu,
    median: { save_to_output_ms: median(saves), rebuild_wall_ms: median(rebuildWall), rebuild_cpu_ms: median(rebuildCpu) } },
}));
