
function  g()  { return $asyncts.$agen(g$0.call(this), "g"); } function* g$0() {
  ;(yield $asyncts.$agenYield( 1));
  ;(yield $asyncts.$agenYield(undefined));
}

import * as $asyncts from "asyncts/internal";
