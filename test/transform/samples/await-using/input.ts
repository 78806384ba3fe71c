import * as asyncio from "asyncts";
async function f() {
  await using lock = new asyncio.Lock();
  console.log(lock);
}
