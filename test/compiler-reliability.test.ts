// The transform never changes a program's meaning nor emits broken JavaScript (issue 8 §1):
// code without semicolons, line breaks after `await`, empty bodies, a `}` right before the
// next construct, U+0085, deep nesting, and input that tsc rejects.
import { test, expect } from "vitest";
import { compile } from "../compiler/index.js";
import { runDSL, cli, writeProject, HEADER } from "./util.js";
import { v8Rejects } from "./fuzz/fuzz.mjs";

const NO_SEMI_HEADER = `import * as asyncio from "asyncts"\nimport { print } from "asyncts"\n`;

function compiled(source: string, fileName = "/virtual/main.ts") {
  const r = compile(source, { fileName });
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  return { ...r, errors };
}

/** Compiles and checks that V8 parses the output as a module. */
function validJS(source: string): string {
  const r = compiled(source);
  expect(r.errors.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  expect(v8Rejects([r.code!]).get(0)).toBeUndefined();
  return r.code!;
}

test("no semicolons: `await` does not join the previous line (ASI), in a coroutine and at module level", () => {
  const r = runDSL(`${NO_SEMI_HEADER}
async function main() {
  const show = print
  await asyncio.sleep(0)
  let n = 1
  await asyncio.sleep(0)
  show("n", n)
  const lock = new asyncio.Lock()
  await using l = lock
  print("locked", lock.locked())
  print("done")
}
print("start")
asyncio.run(main())
print("end")
`);
  expect(r.stderr).toBe("");
  expect(r.stdout).toBe("start\nn 1\nlocked True\ndone\nend\n");
  expect(r.status).toBe(0);
});

test("a line break, a multi-line comment or U+2028 right after `await`", () => {
  const r = runDSL(`${HEADER}
async function main() {
  const a = await
    asyncio.sleep(0, "a")
  const b = await /*
  */ asyncio.sleep(0, "b")
  const c = await\u2028asyncio.sleep(0, "c")
  await
  asyncio.sleep(0)
  print(a, b, c)
}
asyncio.run(main())
`);
  expect(r.stderr).toBe("");
  expect(r.stdout).toBe("a b c\n");
});

test("empty bodies of every async form compile to valid JavaScript and run", () => {
  const src = `${HEADER}
const noop = async () => {};
const fe = async function () {};
const obj = { async m() {} };
const gen = async function* () {};
class K { async m() {} static async s() {} }
async function main() {
  print(await noop(), await fe(), await obj.m(), await new K().m(), await K.s());
  for await (const x of gen()) print(x);
  print(asyncio.iscoroutinefunction(noop), asyncio.iscoroutinefunction(fe));
}
asyncio.run(main());
`;
  validJS(src);
  const r = runDSL(src);
  expect(r.stderr).toBe("");
  expect(r.stdout).toBe("None None None None None\nTrue True\n");
});

test("a `}` directly followed by the next construct", () => {
  const src = `${HEADER}async function a(){ print("a") }async function b(){ print("b") }
async function main(){ await a(); await b() }asyncio.run(main())
`;
  validJS(src);
  const r = runDSL(src);
  expect(r.stderr).toBe("");
  expect(r.stdout).toBe("a\nb\n");
});

test("nested concise async arrows and `async () => await x`", () => {
  const src = `${HEADER}const f = async () => async () => await asyncio.sleep(0, 7);
async function main() { print(await (await f())()); }
asyncio.run(main());
`;
  validJS(src);
  expect(runDSL(src).stdout).toBe("7\n");
});

test("U+0085 (NEL) between tokens becomes a space, in DSL and plain files; inside strings it stays", () => {
  for (const header of [HEADER, ""]) {
    const code = validJS(`${header}const\u0085x = "a\u0085b";\u0085export { x };\n`);
    expect(code).toContain('const x = "a\u0085b";');
  }
});

test("deep nesting: a 2,500-term concatenation compiles (plain and DSL) and runs", () => {
  const concat = Array.from({ length: 2500 }, (_, i) => `"p${i}"`).join(" + ");
  for (const header of ["", HEADER]) validJS(`${header}export const s = ${concat};\n`);
  const r = runDSL(`${HEADER}const s = ${concat};\nprint(s.length);\n`);
  expect(r.stderr).toBe("");
  expect(r.stdout).toBe(`${Array.from({ length: 2500 }, (_, i) => `p${i}`).join("").length}\n`);
});

test("deep nesting beyond the parser or V8: a diagnostic (exit 2), never an internal error", () => {
  const cases = [
    `const deep = ${"(".repeat(5000)}1${")".repeat(5000)};\n`,
    `const deep = ${"async () => ".repeat(10000)}0;\n`,
    `const deep = ${"async () => ".repeat(300)}0;\n`,
    `async function deep() { ${"await (".repeat(800)}asyncio.sleep(0)${")".repeat(800)}; }\n`,
  ];
  for (const body of cases) {
    const r = compiled(HEADER + body);
    expect(r.code).toBeNull();
    expect(r.errors.map((d) => d.code)).toContain("ASY2005");
  }
  // within the limits it compiles to JavaScript V8 takes
  validJS(`${HEADER}const deep = ${"async () => ".repeat(150)}0;\n`);
  const r = runDSL(`${HEADER}const deep = ${"(".repeat(5000)}1${")".repeat(5000)};\n`);
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/error ASY2005: This code nests too deeply/);
  expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
});

test("input tsc rejects gets tsc's diagnostics: duplicate let, top-level return, misplaced await/yield/import", () => {
  const codes = (src: string) => compiled(src).errors.map((d) => d.code);
  expect(codes(`${HEADER}let x = 1;\nlet x = 2;\n`)).toContain("TS2451");
  expect(codes(`let x = 1;\nlet x = 2;\nexport {};\n`)).toContain("TS2451");
  expect(codes(`${HEADER}return;\n`)).toEqual(["TS1108"]);
  expect(codes(`${HEADER}function f() { await asyncio.sleep(0); }\n`)).toEqual(["TS1308"]);
  expect(codes(`${HEADER}function f() { for await (const x of []) {} }\n`)).toEqual(["TS1103"]);
  expect(codes(`${HEADER}function f() { yield 1; }\n`)).toEqual(["TS1163"]);
  expect(codes(`${HEADER}{ import { sleep } from "asyncts"; }\n`)).toContain("TS1232");
  expect(codes(`${HEADER}for (;;) { continue nope; }\nbreak;\n`)).toEqual(["TS1115", "TS1105"]);
  // the passing case: the same constructs where they are allowed
  expect(codes(`${HEADER}let x = 1;\nfunction* g() { yield x; }\nasync function f() { for await (const y of g()) { await asyncio.sleep(0); } return; }\nl: for (;;) { continue l; }\n`)).toEqual([]);
  const dir = writeProject({ "main.ts": `${HEADER}let x = 1;\nlet x = 2;\n` });
  const r = cli(["run", "main.ts"], dir);
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/main\.ts:3:5 - error TS2451: Cannot redeclare block-scoped variable 'x'\./);
});

test("`await using x = E` binds x to what __aenter__ returns; __aexit__ gets the manager", () => {
  const r = runDSL(`${HEADER}
class Conn { constructor(public id: number) {} }
class Pool extends asyncio.AsyncContextManager {
  async __aenter__(): Promise<any> { return new Conn(7); }
  async __aexit__(_exc: unknown) { print("exit", this instanceof Pool); return null; }
}
async function main() {
  {
    await using c = new Pool();
    print("bound", c instanceof Conn, (c as any).id);
  }
  {
    await using l = new asyncio.Lock(), tg = new asyncio.TaskGroup();
    print("lock", l, "taskgroup", tg instanceof asyncio.TaskGroup);
  }
}
asyncio.run(main());
`);
  expect(r.stderr).toBe("");
  expect(r.stdout).toBe("bound True 7\nexit True\nlock None taskgroup True\n");
});

test("stack frames keep the coroutine's own name (boom, not boom$3)", () => {
  const r = runDSL(`${HEADER}
async function boom() { await asyncio.sleep(0); throw new Error("x"); }
const arrow = async () => { throw new Error("y"); };
class C { async method() { throw new Error("z"); } }
async function main() {
  for (const f of [boom, arrow, () => new C().method()]) {
    try { await f(); } catch (e: any) { print(e.stack.split("\\n")[1].trim().split(" ")[1]); }
  }
}
asyncio.run(main());
`);
  expect(r.stderr).toBe("");
  expect(r.stdout).toBe("boom\narrow\nC.#method\n");
});

// Found by the fuzzer (seeds 1–5, 3,000 mutants each): grammar errors tsc's checker reports
// and V8 rejects while parsing, which TypeScript's parser and binder let through.
test("grammar errors V8 rejects get tsc's codes: rest parameters and elements, accessors, super, stray modifiers, `=>` after a line break, import()", () => {
  const codes = (src: string) => compiled(`${HEADER}${src}\n`).errors.map((d) => d.code);
  const cases: [string, string[]][] = [
    ["function f(...a, b) {}", ["TS1014"]],
    ["const f = (...a: number[], b: number) => 0;", ["TS1014"]],
    ["function f(...a = []) {}", ["TS1048"]],
    ["function f(...a,) {}", ["TS1013"]],
    ["let [...a,] = [];", ["TS1013"]],
    ["let {...a,} = {};", ["TS1013"]],
    ["let [...[a] = []] = [];", ["TS1186"]],
    ["class A { set x(...v: number[]) {} }", ["TS1053"]],
    ["class A { set x() {} }", ["TS1049"]],
    ["class A { get x(v: number) { return 1; } }", ["TS1054"]],
    ["class A { constructor() {} constructor() {} }", ["TS2392", "TS2392"]],
    ["function f() { super(); }", ["TS2337"]],
    ["async function f() { super(); }", ["TS2337"]],
    ["class A { constructor() { super(); } }", ["TS2335"]],
    ["class B {}\nclass A extends B { constructor() { function g() { super(); } } }", ["TS2337"]],
    ["super.x;", ["TS2660"]],
    ["const o = { m: function () { return super.x; } };", ["TS2660"]],
    ["const o = { [super.x]: 1 };", ["TS2466"]],
    ["static import { sleep } from \"asyncts\";\nsleep;", ["TS1044"]],
    ["const o = { export name: 1 };", ["TS1042"]],
    ["const name = 1;\nconst o = { static name };", ["TS1042"]],
    ["const o = { static m() {} };", ["TS1042"]],
    ["let f = (a: number)\n=> a;", ["TS1200"]],
    ["let f = async (a: number) /*\n*/ => a;", ["TS1200"]],
    ["import();", ["TS1450"]],
    ["import(\"a\", {}, 3);", ["TS1450"]],
    ["const a = [\"x\"];\nimport(...a);", ["TS1325"]],
    ["let a: any;\na?.b = 1;", ["TS2779"]],
    ["let a: any;\na?.b.c++;", ["TS2777"]],
  ];
  for (const [src, want] of cases) expect([src, codes(src)]).toEqual([src, want]);
  // the passing case: the same constructs where they are allowed, and V8 parses the output
  validJS(`${HEADER}function f(a: number, ...b: number[]) {}
let [x, ...y] = [1, 2];
let { p, ...q } = { p: 1, r: 2 };
class B { m() { return 1; } }
class A extends B {
  constructor(a?: number);
  constructor(a?: number) { const f = () => super(); f(); }
  get x(this: A) { return 1; }
  set x(this: A, v: number) {}
  async m() { const g = () => super.m(); return g() + super.m(); }
  static { super.toString(); }
  y = super.m;
}
const o = { async m() { return super.toString(); }, get z() { return 1; }, set z(v) {} };
let h = (a: number) => a;
let c: any;
(c?.b).d = 1;
c!.e = 1;
import("./x.js");
`);
});

test("the fast emit keeps its own edits apart from the neighbouring statement: parameter properties after `super()` without `;`, an `await using` last in its scope", async () => {
  validJS(`${NO_SEMI_HEADER}class B {}
class A extends B {
  constructor(public x: number) { super() }
}
print(new A(1).x)
`);
  for (const body of ["{await using x = cm;}", "{await using x = cm; await using y = cm;}", "{ await using x = await cm }"]) validJS(`${HEADER}async function f(cm: any) ${body}`);
  // at the file's end, with nothing after it (not even a line break)
  validJS(`${HEADER}let cm: any;\nawait using a = cm; await using y = cm`);
  const r = runDSL(`${NO_SEMI_HEADER}class B {}
class A extends B {
  constructor(public x: number) { super() }
}
class CM { async __aenter__() { print("enter"); return this } async __aexit__() { print("exit") } }
async function main() {await using x = new CM();}
print(new A(7).x)
asyncio.run(main())`);
  expect(r.stderr).toBe("");
  expect(r.stdout).toBe("7\nenter\nexit\n");
});

test("asyncts's gather(...xs) takes its spread arguments as one array: 1,000,000 coroutines pass V8's argument limit", () => {
  const code = validJS(`import * as asyncio from "asyncts";
import { gather as g } from "asyncts";
function gather(...a: unknown[]) { return a; }
async function main(xs: any[]) {
  await asyncio.gather(...xs, { return_exceptions: true });
  await g(await asyncio.sleep(0), ...xs,);
  gather(...xs);
  await asyncio.gather(xs[0], xs[1]);
}
`);
  expect(code).toContain("(yield $asyncts.$gatherArgs([...xs, { return_exceptions: true }]))");
  expect(code).toContain("(yield $asyncts.$gatherArgs([(yield asyncio.sleep(0)), ...xs,]))");
  expect(code).toContain(" gather(...xs);"); // the user's own gather is left alone
  expect(code).toContain("(yield asyncio.gather(xs[0], xs[1]))");
  const r = runDSL(`${HEADER}
async function one(i: number) { if (i === 7) throw new asyncio.ValueError("seven"); return i; }
async function main() {
  const coros = [];
  for (let i = 0; i < 1_000_000; i++) coros.push(one(i));
  const r = await asyncio.gather(...coros, { return_exceptions: true });
  print(r.length, r[0], r[7], r[999_999]);
}
asyncio.run(main());
`);
  expect(r.stderr).toBe("");
  expect(r.stdout).toBe("1000000 0 seven 999999\n");
}, 180_000);
