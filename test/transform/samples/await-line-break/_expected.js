import * as asyncio from "asyncts";
function f()  { return $asyncts.$coro(f$0.call(this), "f"); } function* f$0() {
  return (yield (
    asyncio.sleep(0, 1)));
} $asyncts.$markCoroutineFunction(f, f$0);

import * as $asyncts from "asyncts/internal";
