import * as asyncio from "asyncts";
async function f() {
  await using a = new asyncio.Lock(), b = asyncio.timeout(1);
  console.log(a, b);
}
