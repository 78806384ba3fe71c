// startup: hello world through the event loop.
import * as asyncio from "asyncts";
import { print } from "asyncts";

async function main() {
  print("Hello, world!");
}

asyncio.run(main());
