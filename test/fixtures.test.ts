// Every fixture's main.ts runs through asyncts under the virtual clock; stdout must equal
// CPython's expected.txt byte for byte, and the exit status (and final exception line) too.
// FILTER=name runs a subset.
import { describe, test, expect, beforeAll } from "vitest";
import { fixtures, prepareAll, runFixture, compare } from "./fixture-driver.mjs";

const list = fixtures();
const areas = [...new Set(list.map((f) => f.name.split("/")[0]))];

beforeAll(async () => {
  const failed = await prepareAll(list);
  expect(failed, "fixtures that do not compile").toEqual([]);
});

for (const area of areas) {
  describe(area, () => {
    for (const fx of list.filter((f) => f.name.startsWith(`${area}/`))) {
      test.concurrent(fx.name.slice(area.length + 1), async () => {
        const got = await runFixture(fx, "virtual");
        const problems = compare(fx, got);
        expect(problems.join("\n\n")).toBe("");
      });
    }
  });
}
