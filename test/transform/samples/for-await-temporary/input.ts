import * as asyncio from "asyncts";
async function* g() { yield 1; }
async function f() {
  for await (const x of g()) {
    break;
  }
}
