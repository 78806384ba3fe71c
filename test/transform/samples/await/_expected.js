import * as asyncio from "asyncts";
function f()  { return $asyncts.$coro(f$0.call(this), "f"); } function* f$0() {
  const x = (yield asyncio.sleep(0, 1));
  const y = ((yield asyncio.sleep(0, 2))) || (yield asyncio.sleep(0, 3));
  return x + y;
} $asyncts.$markCoroutineFunction(f, f$0);

import * as $asyncts from "asyncts/internal";
