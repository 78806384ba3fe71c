import * as asyncio from "asyncts";
async function f() {
  return await
    asyncio.sleep(0, 1);
}
