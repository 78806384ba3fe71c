// One task that sleeps. create_task only schedules the coroutine: the task's body starts
// at the loop's next iteration, after main has gone on to its next await.
import * as asyncio from "asyncts";
import { print } from "asyncts";

async function worker() {
  print("worker: start");
  await asyncio.sleep(0.1);
  print("worker: done");
}

async function main() {
  print("main: before create_task");
  const task = asyncio.create_task(worker());
  print("main: after create_task");
  await task;
  print("main: end");
}

asyncio.run(main());
