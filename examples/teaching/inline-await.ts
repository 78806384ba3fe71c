// `await step()` on a coroutine that never suspends runs inline, as Python's `yield from`:
// worker A runs all its rounds before B gets a turn. Natively every await of a promise
// gives the other async function a turn.
import * as asyncio from "asyncts";
import { print } from "asyncts";

async function step(i: number) {
  return i * 10;
}

async function worker(name: string) {
  for (let i = 0; i < 3; i++) {
    const v = await step(i);
    print(`${name} ${v}`);
  }
}

async function main() {
  await asyncio.gather(worker("A"), worker("B"));
}

asyncio.run(main());
