import * as asyncio from "asyncts";
async function f(it: AsyncIterable<number>) {
  for await (const x of it) console.log(x);
}
