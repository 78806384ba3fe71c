// The compiler↔runtime contract: every helper the compiler emits exists in the runtime.
import { test, expect } from "vitest";
import { helperNames } from "../compiler/helpers.js";
import * as internal from "../runtime/internal.js";

test("runtime/internal exports every helper compiler/helpers names", () => {
  const missing = helperNames.filter((name) => !(name in internal));
  expect(missing).toEqual([]);
});
