import * as asyncio from "asyncts";
import { print, kw } from "asyncts";

async function task(name: string, delay: number) {   // a coroutine function
  print(`${name} started`);
  await asyncio.sleep(delay);                          // suspends through the loop
  print(`${name} finished`);
}

async function main() {
  const c = task("never", 1);                          // a coroutine: nothing runs yet
  const t = asyncio.create_task(task("later", 0), { name: "w" }); // keyword args → options object
  await task("inline", 0);                             // runs inline, like `await coro()` in Python
  await t;
  {
    await using lock = new asyncio.Lock();             // `async with lock:`
    print("locked:", lock.locked(), kw({ sep: " " })); // *args functions take kw({...})
  }
  for await (const x of numbers()) print(x);          // `async for`
}

async function* numbers() { yield 1; yield 2; }        // an async generator

asyncio.run(main());                                   // at module level: awaited for you
print("after the loop");                               // runs after the loop has finished
