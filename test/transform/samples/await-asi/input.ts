import * as asyncio from "asyncts";
async function f(print: (x: unknown) => void) {
  const show = print
  await asyncio.sleep(0)
  show(1)
}
