// Each async-function form of SPEC §2.1 becomes a lazy coroutine function that keeps its
// JavaScript meaning (this, arguments, super, new.target, parameters, hoisting).
import { test, expect } from "vitest";
import { runDSL, HEADER } from "./util.js";

function out(body: string, opts: Parameters<typeof runDSL>[1] = {}): string {
  const r = runDSL(HEADER + body, opts);
  if (r.status !== 0) throw new Error(`exit ${r.status}\n${r.stderr}`);
  return r.stdout;
}

test("a declaration is hoisted and lazy: calling it runs nothing until awaited", () => {
  expect(out(`
const c = early(1);
print("created");
async function early(x: number) { print("body", x); return x + 1; }
async function main() { print("got", await c); }
asyncio.run(main());
`)).toBe("created\nbody 1\ngot 2\n");
});

test("expressions, arrows (concise and block), default and rest parameters, destructuring", () => {
  expect(out(`
const fe = async function named(a: number, b = 10) { return a + b; };
const concise = async (x: number) => x * 2;
const block = async (...xs: number[]) => { return xs.length; };
const destr = async ({ a, b }: { a: number; b: number }, [c]: number[]) => a + b + c;
async function main() {
  print(await fe(1), await concise(4), await block(1, 2, 3), await destr({ a: 1, b: 2 }, [3]));
}
asyncio.run(main());
`)).toBe("11 8 3 6\n");
});

test("methods: instance, static, private, computed names, object literal; this and super", () => {
  expect(out(`
const key = "dyn";
class Base { greet() { return "base"; } get value() { return 1; } }
class C extends Base {
  n = 5;
  async m() { return this.n; }
  static async s() { return "static"; }
  async #p() { return "private"; }
  async callP() { return await this.#p(); }
  async [key]() { return "computed"; }
  async sup() { return super.greet() + ":" + super.value; }
  async arrowSuper() { const f = async () => super.greet(); return await f(); }
}
const obj = { k: 3, async m() { return this.k; } };
async function main() {
  const c = new C();
  print(await c.m(), await C.s(), await c.callP(), await c.dyn(), await c.sup(), await c.arrowSuper(), await obj.m());
}
asyncio.run(main());
`)).toBe("5 static private computed base:1 base 3\n");
});

test("arguments and new.target keep their JavaScript meaning", () => {
  expect(out(`
async function args(a: number, b: number) { await asyncio.sleep(0); return arguments.length + ":" + Array.from(arguments).join(","); }
function outer(this: unknown, x: number) { const inner = async () => arguments[0] * 2; return inner(); }
class K { made: unknown; constructor() { const f = async () => new.target === K; this.made = f(); } }
async function main() {
  print(await args(1, 2), await outer(21), await (new K().made as Promise<boolean>));
}
asyncio.run(main());
`)).toBe("2:1,2 42 True\n");
});

test("export default async function and await precedence", () => {
  expect(out(`
export default async function main() {
  const t = async () => 0;
  const a = (await t()) || 7;
  const b = await t() || 8;
  const c = await (await asyncio.sleep(0, asyncio.sleep(0, 4)));
  print(a, b, c);
}
asyncio.run(main());
`)).toBe("7 8 4\n");
});

test("module-level run is awaited: later statements run after the loop", () => {
  expect(out(`
async function main() { await asyncio.sleep(1); print("in loop"); return 5; }
const r = asyncio.run(main());
print("after", r);
`)).toBe("in loop\nafter 5\n");
});

test("APIs are found through imports, not bare names: aliases, default imports, re-exports", () => {
  const files = {
    "lib.ts": `export { run as go, sleep } from "asyncts";\nexport * from "asyncts";\n`,
  };
  expect(out(`
import { go, sleep as nap } from "./lib.js";
import aio from "asyncts";
function run(x: unknown) { return "local run " + typeof x; }
async function main() { await nap(0); print(run(1)); await aio.sleep(0); return "done"; }
print(go(main()));
print("after");
`, { files })).toBe("local run number\ndone\nafter\n");
});

test("files that don't import asyncts keep native async semantics", () => {
  const files = { "native.ts": `export async function nat() { return 1; }\nexport const isPromise = nat() instanceof Promise;\n` };
  expect(out(`
import { isPromise } from "./native.js";
async function main() { print(isPromise); }
asyncio.run(main());
`, { files })).toBe("True\n");
});

test("for await over an async generator and a native async iterable; await using", () => {
  expect(out(`
async function* gen() { yield 1; await asyncio.sleep(0); yield 2; }
async function* nativeLike() { yield "a"; }
const native = { async *[Symbol.asyncIterator]() { yield "n1"; yield "n2"; } };
class CM extends asyncio.AsyncContextManager {
  async __aenter__() { print("enter"); return this; }
  async __aexit__(exc: unknown) { print("exit", exc); return true; }
}
async function main() {
  for await (const x of gen()) print(x);
  for await (const y of native) print(y);
  {
    await using cm = new CM();
    throw new asyncio.ValueError("swallowed");
  }
  print("after with");
}
asyncio.run(main());
`)).toBe("1\n2\nn1\nn2\nenter\nexit swallowed\nafter with\n");
});

test("types are stripped as TypeScript would: type-only imports elided, parameter properties assigned", () => {
  const files = {
    "types.ts": `export interface Shape { area(): number }\nexport type Id = number;\nexport const UNIT = 1;\n`,
  };
  expect(out(`
import { Shape, Id, UNIT } from "./types.js";
class Base { constructor(public kind: string) {} }
class Square extends Base implements Shape {
  tag = "sq";
  constructor(private readonly side: number, public id: Id = 7) { super("square"); }
  area(): number { return this.side * this.side * UNIT; }
  async describe(this: Square): Promise<string> { await asyncio.sleep(0); return \`\${this.kind} \${this.tag} \${this.id} \${this.area()}\`; }
}
async function main() { print(await new Square(3).describe()); }
asyncio.run(main());
`, { files })).toBe("square sq 7 9\n");
});
