// One FIFO ready queue: the callback was scheduled before main's resumption, so it runs
// first. Natively main resumes as a microtask, ahead of any setImmediate callback.
import * as asyncio from "asyncts";
import { print } from "asyncts";

async function quick() {
  return 1;
}

async function main() {
  const loop = asyncio.get_running_loop();
  const task = asyncio.create_task(quick());
  loop.call_soon(print, "call_soon callback");
  await task;
  print("main resumed after the task");
}

asyncio.run(main());
