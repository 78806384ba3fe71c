import * as asyncio from "asyncts";
import { print } from "asyncts";

async function task(name: string, delay: number) {
  print(`${name} started`);
  await asyncio.sleep(delay);
  print(`${name} finished`);
}

async function main() {
  await asyncio.gather(task("Task 1", 3), task("Task 2", 1));
}

asyncio.run(main());
