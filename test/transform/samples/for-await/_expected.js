
function f(it                       )  { return $asyncts.$coro(f$0.call(this, it), "f"); } function* f$0(it) {
  for (let $it0 = $asyncts.$aiter(it), $r0; !($r0 = (yield $asyncts.$anext($it0))).done; ) { const x = $r0.value; console.log(x); }
} $asyncts.$markCoroutineFunction(f, f$0);

import * as $asyncts from "asyncts/internal";
