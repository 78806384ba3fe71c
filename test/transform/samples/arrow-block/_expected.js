
const f = $asyncts.$markCoroutineFunction((a        ) => { return $asyncts.$coro(function* f() {
  return a;
}.call(this), "f"); });

import * as $asyncts from "asyncts/internal";
