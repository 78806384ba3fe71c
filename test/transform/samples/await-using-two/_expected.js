import * as asyncio from "asyncts";
function f()  { return $asyncts.$coro(f$0.call(this), "f"); } function* f$0() {
  const $cm0 = new asyncio.Lock(); const a = (yield $asyncts.$aenter($cm0)); let $exc0 = $asyncts.$noExc; try { const $cm1 = asyncio.timeout(1); const b = (yield $asyncts.$aenter($cm1)); let $exc1 = $asyncts.$noExc; try {
  console.log(a, b);
} catch ($e1) { $exc1 = $e1; if (!(yield $asyncts.$aexit($cm1, $e1))) throw $e1; } finally { if ($exc1 === $asyncts.$noExc) yield $asyncts.$aexit($cm1, null); }} catch ($e0) { $exc0 = $e0; if (!(yield $asyncts.$aexit($cm0, $e0))) throw $e0; } finally { if ($exc0 === $asyncts.$noExc) yield $asyncts.$aexit($cm0, null); }} $asyncts.$markCoroutineFunction(f, f$0);

import * as $asyncts from "asyncts/internal";
