import * as asyncio from "asyncts";
function f()  { return $asyncts.$coro(f$0.call(this), "f"); } function* f$0() {
  const $cm0 = new asyncio.Lock(); const lock = (yield $asyncts.$aenter($cm0)); let $exc0 = $asyncts.$noExc; try {
  console.log(lock);
} catch ($e0) { $exc0 = $e0; if (!(yield $asyncts.$aexit($cm0, $e0))) throw $e0; } finally { if ($exc0 === $asyncts.$noExc) yield $asyncts.$aexit($cm0, null); }} $asyncts.$markCoroutineFunction(f, f$0);

import * as $asyncts from "asyncts/internal";
