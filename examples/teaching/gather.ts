// The gather of two tasks (the README's first example). Here both models print the same
// lines: each task prints, then sleeps, and the shorter sleep finishes first either way.
import * as asyncio from "asyncts";
import { print } from "asyncts";

async function task(name: string, delay: number) {
  print(`${name} started`);
  await asyncio.sleep(delay);
  print(`${name} finished`);
}

async function main() {
  await asyncio.gather(task("Task 1", 0.3), task("Task 2", 0.1));
}

asyncio.run(main());
