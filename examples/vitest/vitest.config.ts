// Testing DSL modules with vitest: the asyncts plugin compiles the test files and the
// modules they import (the same plugin as for rollup and vite).
import { defineConfig } from "vitest/config";
import asyncts from "asyncts/rollup";

export default defineConfig({
  plugins: [asyncts({ include: ["**/*.ts"], exclude: ["**/node_modules/**", "**/vitest.config.ts"] })],
  test: {
    include: ["**/*.test.ts"],
    // optional: every loop the tests create uses the virtual clock (sleeps take no time)
    env: { ASYNCTS_CLOCK: "virtual" },
  },
});
