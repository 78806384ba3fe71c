// Errors of `asyncts run` in the user's terms (issue 12 §1): a missing import names the .ts
// file that imports it, tracebacks hide only asyncts's own frames, and a DSL module run
// without the compiler says so.
import { test, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { cli, writeProject, HEADER } from "./util.js";

test("a missing import names the .ts file that imports it, not a cache path", () => {
  const dir = writeProject({
    "main.ts": `${HEADER}import { helper } from "./lib.js";\nasync function main() { print(helper()); }\nasyncio.run(main());\n`,
    "lib.ts": `export { gone } from "./missing.js";\nexport function helper() { return 1; }\n`,
  });
  const r = cli(["run", "main.ts"], dir);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain(`Cannot find module '${join(dir, "missing.js")}' imported from ${join(dir, "lib.ts")}`);
  expect(r.stderr).not.toMatch(/node_modules[\\/]\.cache|asyncts-\d+|\.ts\.js/);
  // The passing case: once the file exists, the program runs.
  const ok = writeProject({
    "main.ts": `${HEADER}import { helper } from "./lib.js";\nasync function main() { print(helper()); }\nasyncio.run(main());\n`,
    "lib.ts": `export { gone } from "./missing.js";\nexport function helper() { return 1; }\n`,
    "missing.js": `export const gone = 0;\n`,
  });
  const r2 = cli(["run", "main.ts"], ok);
  expect(r2.stderr).toBe("");
  expect(r2.stdout).toBe("1\n");
});

test("a traceback keeps the user's frames in a folder named runtime/ and hides asyncts's own", () => {
  const dir = writeProject({
    "runtime/main.ts": `${HEADER}function boom(): never {\n  throw new asyncio.InvalidStateError("bad");\n}\nasync function main() {\n  await asyncio.sleep(0);\n  boom();\n}\nasyncio.run(main());\n`,
  });
  const r = cli(["run", "runtime/main.ts"], dir);
  expect(r.status).toBe(1);
  const file = join(dir, "runtime", "main.ts");
  expect(r.stderr).toContain(`File "${file}", line 4, in boom`);
  expect(r.stderr).toContain(`File "${file}", line 8, in main`);
  expect(r.stderr).toMatch(/InvalidStateError: bad\n$/);
  expect(r.stderr).not.toMatch(/dist[\\/](runtime|chunks|cli)[\\/]|node:internal/);
});

test("a DSL module run without the asyncts compiler says so", () => {
  // What tsx, ts-node or vitest without the plugin hand to Node: native async functions.
  const dir = writeProject({
    "plain.mjs": `import * as asyncio from "asyncts";\nasync function main() { await asyncio.sleep(0); }\nasyncio.run(main());\n`,
  });
  const r = spawnSync(process.execPath, ["plain.mjs"], { cwd: dir, encoding: "utf8" });
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/ValueError: a coroutine was expected, got .*; this module was not compiled by asyncts .*'asyncts run FILE\.ts'/);
  // The same program compiled runs.
  const ok = writeProject({ "main.ts": `${HEADER}async function main() { await asyncio.sleep(0); print("ok"); }\nasyncio.run(main());\n` });
  const r2 = cli(["run", "main.ts"], ok);
  expect(r2.stdout).toBe("ok\n");
});
