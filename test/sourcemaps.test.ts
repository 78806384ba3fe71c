// Output is source-mapped to the DSL file: stack traces show .ts lines and columns,
// and an uncaught exception prints a Python-style traceback ending in "ExcName: message".
import { test, expect } from "vitest";
import { runDSL, HEADER } from "./util.js";

test("a thrown error's stack points at the .ts line and column", () => {
  // HEADER is two lines; the `throw` below is on line 5, its `new` at column 9.
  const r = runDSL(`${HEADER}
async function fails() {
  throw new Error("here");
}
async function main() {
  try { await fails(); } catch (e: any) { print(e.stack.split("\\n")[1].trim()); }
}
asyncio.run(main());
`);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/main\.ts:5:9\)?$/m);
});

test("an uncaught exception prints a traceback with .ts lines and exits with status 1", () => {
  const r = runDSL(`${HEADER}
async function inner() {
  await asyncio.sleep(0);
  throw new asyncio.ValueError("bad value");
}
async function main() {
  await inner();
}
asyncio.run(main());
`);
  expect(r.status).toBe(1);
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines[0]).toBe("Traceback (most recent call last):");
  expect(lines.at(-1)).toBe("ValueError: bad value");
  expect(r.stderr).toMatch(/main\.ts", line 6, in inner/);
});

test("asyncio's own exceptions print their module-qualified name, as CPython does", () => {
  const r = runDSL(`${HEADER}
async function main() {
  const t = asyncio.create_task(asyncio.sleep(10));
  await asyncio.sleep(0);
  t.cancel("stop");
  await t;
}
asyncio.run(main());
`);
  expect(r.status).toBe(1);
  expect(r.stderr.trimEnd().split("\n").at(-1)).toBe("asyncio.exceptions.CancelledError: stop");
});
