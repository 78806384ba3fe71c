// A coroutine that is created and never awaited never runs in asyncio (CPython warns:
// "coroutine 'save' was never awaited"). Natively the async function runs anyway.
import * as asyncio from "asyncts";
import { print } from "asyncts";

async function save(what: string) {
  print(`saving ${what}`);
  await asyncio.sleep(0);
  print(`saved ${what}`);
}

async function main() {
  save("draft"); // forgot the await
  print("main goes on");
  await asyncio.sleep(0.1);
  print("main done");
}

asyncio.run(main());
