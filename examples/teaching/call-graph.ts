// Who awaits whom: print_call_graph from inside a task (CPython 3.14's asyncio.graph), and a
// program that waits long enough for `asyncts pstree PID` to look at it from outside.
import * as asyncio from "asyncts";
import { print } from "asyncts";

async function leaf(name: string, delay: number) {
  if (name === "inner") asyncio.print_call_graph();
  await asyncio.sleep(delay);
}

async function middle(name: string, delay: number) {
  await leaf(name, delay);
}

async function main() {
  const seconds = Number(process.argv[2] ?? 0);
  await asyncio.gather(
    asyncio.create_task(middle("inner", seconds), { name: "worker-a" }),
    asyncio.create_task(leaf("other", seconds), { name: "worker-b" }),
  );
  print("done");
}

asyncio.run(main());
