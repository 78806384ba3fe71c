
function f(a        , b = 2)  { return $asyncts.$coro(f$0.call(this, a, b), "f"); } function* f$0(a, b) {
  return a + b;
} $asyncts.$markCoroutineFunction(f, f$0);

import * as $asyncts from "asyncts/internal";
