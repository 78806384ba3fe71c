// asyncio.Queue has no natural native counterpart: explain says so instead of guessing.
import * as asyncio from "asyncts";
import { print } from "asyncts";

async function main() {
  const q = new asyncio.Queue<number>();
  await q.put(1);
  print("got", await q.get());
}

asyncio.run(main());
