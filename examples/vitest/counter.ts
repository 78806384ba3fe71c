// A DSL module under test: its async functions are asyncio coroutines.
import * as asyncio from "asyncts";

export async function tick(n: number): Promise<number> {
  await asyncio.sleep(1);
  return n + 1;
}

export async function count(to: number): Promise<number[]> {
  return await asyncio.gather(...Array.from({ length: to }, (_, i) => tick(i)));
}
