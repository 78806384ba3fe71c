
function  g()  { return $asyncts.$agen(g$0.call(this), "g"); } function* g$0() { ;(yield $asyncts.$agenYield( 1)); }
function f()  { return $asyncts.$coro(f$1.call(this), "f"); } function* f$1() {
  { let $it0 = $asyncts.$aiter(g()), $r0; try { for (; !(($r0 = (yield $asyncts.$anext($it0))).done && (($it0 = null), true)); ) { const x = $r0.value; {
    break;
  } } } finally { if ($it0 !== null) $asyncts.$afinalize($it0); } }
} $asyncts.$markCoroutineFunction(f, f$1);

import * as $asyncts from "asyncts/internal";
