// The classic puzzle: Start, End, then — Promise or Timeout first?
// In JavaScript the promise callback is a microtask, so it beats the timer.
// Under asyncts the loop runs its due timer first: JS microtasks only get a turn
// when the loop hands control back to Node.
import * as asyncio from "asyncts";
import { print } from "asyncts";

async function main() {
  const loop = asyncio.get_running_loop();
  print("Start");
  loop.call_later(0, print, "Timeout"); // setTimeout(() => console.log("Timeout"), 0)
  Promise.resolve().then(() => print("Promise"));
  print("End");
  await asyncio.sleep(0.1);
}

asyncio.run(main());
