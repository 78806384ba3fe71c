import * as asyncio from "asyncts";
async function f() {
  const x = await asyncio.sleep(0, 1);
  const y = (await asyncio.sleep(0, 2)) || await asyncio.sleep(0, 3);
  return x + y;
}
