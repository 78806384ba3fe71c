import * as asyncio from "asyncts";
async function f(a: number, b = 2) {
  return a + b;
}
