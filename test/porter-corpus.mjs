// Ports every fixture's main.py with `asyncts port`, runs the result under the virtual clock
// and compares it with CPython's expected output. Shared by test/porter.test.ts and by
// `node test/porter-corpus.mjs [FILTER]` for a report while developing.
import { mkdirSync, writeFileSync, rmSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { fixtures, runFixture, compare, prepareAll } from "./fixture-driver.mjs";
import { readFileSync } from "node:fs";

const root = dirname(dirname(fileURLToPath(import.meta.url)));

export async function portCorpus(filter = "", concurrency = 4) {
  const { port } = await import(join(root, "dist", "porter", "index.js")).catch(() => import(join(root, "dist", "cli", "port.js")).then(() => import(join(root, "dist", "porter", "index.js"))));
  // FILTER: a substring, or several separated by commas (any matches).
  const parts = filter.split(",").filter(Boolean);
  const list = fixtures("").filter((f) => !parts.length || parts.some((p) => f.name.includes(p)));
  const base = join(root, "test", ".tmp", "port");
  rmSync(base, { recursive: true, force: true });
  const results = [];
  const ported = [];
  for (const fx of list) {
    const dir = join(base, fx.name);
    mkdirSync(dir, { recursive: true });
    const r = await port(readFileSync(join(fx.dir, "main.py"), "utf8"), join(fx.dir, "main.py"));
    writeFileSync(join(dir, "main.ts"), r.code);
    for (const f of ["expected.txt", "expected.error.txt"]) {
      try { writeFileSync(join(dir, f), readFileSync(join(fx.dir, f))); } catch {}
    }
    ported.push({ ...fx, dir, diagnostics: r.diagnostics });
  }
  await prepareAll(ported);
  const queue = [...ported];
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let fx; (fx = queue.shift()); ) {
      const got = await runFixture(fx, "virtual");
      results.push({ name: fx.name, problems: compare(fx, got), diagnostics: fx.diagnostics });
    }
  }));
  results.sort((a, b) => a.name.localeCompare(b.name));
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const results = await portCorpus(process.argv[2] ?? "");
  const byArea = new Map();
  for (const r of results) {
    const area = r.name.split("/")[0];
    const a = byArea.get(area) ?? { pass: 0, total: 0 };
    a.total++;
    if (!r.problems.length) a.pass++;
    byArea.set(area, a);
    if (r.problems.length) console.log(`FAIL ${r.name}: ${process.env.VERBOSE ? r.problems.join("\n") : r.problems.map((p) => p.split("\n")[0]).join("; ")}`);
  }
  for (const [area, a] of byArea) console.log(`${area}: ${a.pass}/${a.total}`);
  const pass = results.filter((r) => !r.problems.length).length;
  console.log(`ported ${pass} of ${results.length} fixtures faithfully`);
}
