import * as asyncio from "asyncts";
function f(print                      )  { return $asyncts.$coro(f$0.call(this, print), "f"); } function* f$0(print) {
  const show = print
  ;(yield asyncio.sleep(0))
  show(1)
} $asyncts.$markCoroutineFunction(f, f$0);

import * as $asyncts from "asyncts/internal";
