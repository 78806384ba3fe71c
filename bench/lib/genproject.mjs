// Generates the `build` workload: a project of FILES DSL files (about 200 lines each) that
// mix async functions, classes, awaits, generics and imports between files, plus a
// tsconfig.json. `asyncts` resolves through a node_modules symlink to this package.
import { mkdirSync, writeFileSync, symlinkSync, rmSync, existsSync } from "node:fs";
import { join } from "node:path";

function pad(i) {
  return String(i).padStart(3, "0");
}

function moduleText(i) {
  const L = [];
  L.push(`// Generated benchmark module ${i}.`);
  L.push(`import * as asyncio from "asyncts";`);
  L.push(`import { print, kw } from "asyncts";`);
  const deps = [i - 1, i - 7, Math.floor(i / 2)].filter((d, k, a) => d >= 0 && d < i && a.indexOf(d) === k);
  for (const d of deps) L.push(`import { Store${d}, compute${d}, type Record${d} } from "./mod${pad(d)}.js";`);
  L.push(``);
  L.push(`export interface Record${i} {`);
  L.push(`  id: number;`);
  L.push(`  name: string;`);
  L.push(`  tags: string[];`);
  L.push(`  score?: number;`);
  L.push(`}`);
  L.push(``);
  L.push(`export type Mapper${i}<T> = (r: Record${i}) => T;`);
  L.push(``);
  L.push(`export class Store${i}<T extends Record${i} = Record${i}> {`);
  L.push(`  private items: T[] = [];`);
  L.push(`  #lock = new asyncio.Lock();`);
  L.push(`  static created = 0;`);
  L.push(``);
  L.push(`  constructor(public readonly label: string) {`);
  L.push(`    Store${i}.created++;`);
  L.push(`  }`);
  L.push(``);
  L.push(`  async add(item: T): Promise<number> {`);
  L.push(`    await using _l = this.#lock;`);
  L.push(`    await asyncio.sleep(0);`);
  L.push(`    this.items.push(item);`);
  L.push(`    return this.items.length;`);
  L.push(`  }`);
  L.push(``);
  L.push(`  async map<U>(fn: Mapper${i}<U>): Promise<U[]> {`);
  L.push(`    const out: U[] = [];`);
  L.push(`    for (const item of this.items) {`);
  L.push(`      await asyncio.sleep(0);`);
  L.push(`      out.push(fn(item));`);
  L.push(`    }`);
  L.push(`    return out;`);
  L.push(`  }`);
  L.push(``);
  L.push(`  async *stream(): AsyncGenerator<T> {`);
  L.push(`    for (const item of this.items) {`);
  L.push(`      await asyncio.sleep(0);`);
  L.push(`      yield item;`);
  L.push(`    }`);
  L.push(`  }`);
  L.push(``);
  L.push(`  get size(): number {`);
  L.push(`    return this.items.length;`);
  L.push(`  }`);
  L.push(``);
  L.push(`  static async build(label: string, n: number): Promise<Store${i}> {`);
  L.push(`    const s = new Store${i}(label);`);
  L.push(`    for (let k = 0; k < n; k++) await s.add({ id: k, name: \`\${label}-\${k}\`, tags: [label] });`);
  L.push(`    return s;`);
  L.push(`  }`);
  L.push(`}`);
  L.push(``);
  for (let f = 0; f < 4; f++) {
    L.push(`export async function step${i}_${f}(x: number, opts: { scale?: number } = {}): Promise<number> {`);
    L.push(`  const scale = opts.scale ?? ${f + 1};`);
    L.push(`  let acc = 0;`);
    L.push(`  for (let k = 0; k < x; k++) {`);
    L.push(`    if (k % 3 === ${f % 3}) {`);
    L.push(`      await asyncio.sleep(0);`);
    L.push(`    }`);
    L.push(`    acc += k * scale;`);
    L.push(`  }`);
    L.push(`  try {`);
    L.push(`    if (acc < 0) throw new asyncio.ValueError("negative");`);
    L.push(`  } catch (e) {`);
    L.push(`    if (!(e instanceof asyncio.ValueError)) throw e;`);
    L.push(`    acc = 0;`);
    L.push(`  }`);
    L.push(`  return acc;`);
    L.push(`}`);
    L.push(``);
  }
  L.push(`export const helper${i} = async (a: number, b: number): Promise<number> => {`);
  L.push(`  const [x, y] = await asyncio.gather(step${i}_0(a), step${i}_1(b));`);
  L.push(`  return x + y;`);
  L.push(`};`);
  L.push(``);
  L.push(`const ops${i} = {`);
  L.push(`  async double(v: number): Promise<number> {`);
  L.push(`    await asyncio.sleep(0);`);
  L.push(`    return v * 2;`);
  L.push(`  },`);
  L.push(`  async triple(v: number): Promise<number> {`);
  L.push(`    return 3 * (await this.double(v)) / 2;`);
  L.push(`  },`);
  L.push(`};`);
  L.push(``);
  L.push(`export async function compute${i}(n: number): Promise<number> {`);
  L.push(`  let total = 0;`);
  for (const d of deps) L.push(`  total += await compute${d}(Math.max(0, n - 1));`);
  L.push(`  if (n <= 0) return total;`);
  L.push(`  total += await helper${i}(n, n + 1);`);
  L.push(`  total += await ops${i}.triple(n);`);
  L.push(`  return total;`);
  L.push(`}`);
  L.push(``);
  L.push(`export async function pipeline${i}(): Promise<Record${i}[]> {`);
  L.push(`  const q = new asyncio.Queue<Record${i}>();`);
  L.push(`  const results: Record${i}[] = [];`);
  L.push(`  const producer = async () => {`);
  L.push(`    for (let k = 0; k < 3; k++) await q.put({ id: k, name: "p" + k, tags: [] });`);
  L.push(`  };`);
  L.push(`  const consumer = async () => {`);
  L.push(`    for (let k = 0; k < 3; k++) {`);
  L.push(`      const r = await q.get();`);
  L.push(`      results.push({ ...r, score: r.id * ${i} });`);
  L.push(`      q.task_done();`);
  L.push(`    }`);
  L.push(`  };`);
  L.push(`  {`);
  L.push(`    await using tg = new asyncio.TaskGroup();`);
  L.push(`    tg.create_task(producer());`);
  L.push(`    tg.create_task(consumer(), { name: "consumer${i}" });`);
  L.push(`  }`);
  L.push(`  await q.join();`);
  L.push(`  return results;`);
  L.push(`}`);
  L.push(``);
  L.push(`export async function timed${i}(): Promise<string> {`);
  L.push(`  try {`);
  L.push(`    await asyncio.wait_for(asyncio.sleep(0.001), 1);`);
  L.push(`    return "ok";`);
  L.push(`  } catch (e) {`);
  L.push(`    if (e instanceof asyncio.TimeoutError) return "timeout";`);
  L.push(`    throw e;`);
  L.push(`  }`);
  L.push(`}`);
  L.push(``);
  L.push(`export async function main${i}(): Promise<void> {`);
  L.push(`  const store = await Store${i}.build("s${i}", 3);`);
  L.push(`  const names = await store.map((r) => r.name);`);
  L.push(`  for await (const item of store.stream()) print(item.id, kw({ end: " " }));`);
  for (const d of deps) {
    L.push(`  const other${d} = new Store${d}("o${d}");`);
    L.push(`  const rec${d}: Record${d} = { id: ${d}, name: "r", tags: [] };`);
    L.push(`  await other${d}.add(rec${d});`);
  }
  L.push(`  const task = asyncio.create_task(compute${i}(2));`);
  L.push(`  const [v, p, t] = await asyncio.gather(task, pipeline${i}(), timed${i}());`);
  L.push(`  print(names.length, v, p.length, t);`);
  L.push(`}`);
  return L.join("\n") + "\n";
}

/** Writes the project into `dir` (replacing it); returns { files, lines }. */
export function generateProject(dir, files, asynctsRoot) {
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "src"), { recursive: true });
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  symlinkSync(asynctsRoot, join(dir, "node_modules", "asyncts"), "dir");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "bench-build-project", private: true, type: "module" }, null, 2));
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      lib: ["ES2023", "ESNext.Disposable"],
      types: [],
      strict: true,
      sourceMap: true,
      skipLibCheck: true,
      outDir: "out",
      rootDir: "src",
    },
    include: ["src"],
  };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  let lines = 0;
  for (let i = 0; i < files; i++) {
    const text = moduleText(i);
    lines += text.split("\n").length - 1;
    writeFileSync(join(dir, "src", `mod${pad(i)}.ts`), text);
  }
  return { files, lines };
}
