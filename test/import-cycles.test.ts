// The runtime's and the compiler's imports form no cycle (ARCHITECTURE.md: dependencies
// run one way, py/ → events → futures → tasks → ... → base_events; nothing low imports
// the concrete loop). Read with TypeScript's own import scanner (ts.preProcessFile), which
// lists `import type` too: a type-only cycle still means a low file knows a high one.
import { test, expect } from "vitest";
import ts from "typescript";
import { readFileSync, readdirSync } from "node:fs";
import { join, dirname, resolve, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".d.ts"))
    .map((e) => join(e.parentPath, e.name));
}

/** file → the files of the same tree it imports (relative specifiers only; "./x.js" is x.ts). */
function importGraph(files: string[]): Map<string, string[]> {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    const deps: string[] = [];
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith(".")) continue;
      const base = resolve(dirname(file), fileName).replace(/\.(m?js|ts)$/, "");
      const dep = [`${base}.ts`, join(base, "index.ts")].find((f) => known.has(f));
      if (dep) deps.push(dep);
    }
    graph.set(file, deps);
  }
  return graph;
}

/** Every cycle's files, one cycle per strongly connected component (Tarjan). */
export function findCycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>(), low = new Map<string, number>();
  const stack: string[] = [], onStack = new Set<string>(), cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v)!.includes(v)) cycles.push(component.reverse());
  }
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

for (const tree of ["runtime", "compiler"]) {
  test(`${tree}/ has no import cycle`, () => {
    const graph = importGraph(sourcesUnder(join(root, tree)));
    expect(graph.size).toBeGreaterThan(5);
    const cycles = findCycles(graph).map((c) => c.map((f) => relative(root, f)).join(" → "));
    expect(cycles).toEqual([]);
  });
}

test("the cycle finder sees a cycle, type-only imports included", () => {
  const graph = new Map([
    ["a", ["b"]],
    ["b", ["c"]],
    ["c", ["a"]],
    ["d", ["a"]],
  ]);
  expect(findCycles(graph)).toEqual([["a", "b", "c"]]);
  expect(findCycles(new Map([["a", ["b"]], ["b", []]]))).toEqual([]);
  const scanned = ts.preProcessFile(`import type { X } from "./x.js";\nimport { y } from "./y.js";`, true, true);
  expect(scanned.importedFiles.map((f) => f.fileName)).toEqual(["./x.js", "./y.js"]);
});
