import * as asyncio from "asyncts";
async function* g() {
  yield 1;
  yield;
}
