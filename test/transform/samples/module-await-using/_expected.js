import * as asyncio from "asyncts";
function main()  { return $asyncts.$coro(main$0.call(this), "main"); } function* main$0() {} $asyncts.$markCoroutineFunction(main, main$0);
const $cm0 = new asyncio.Runner(); const runner = (await $asyncts.$aenter($cm0)); let $exc0 = $asyncts.$noExc; try {
;(await runner.run(main()));

} catch ($e0) { $exc0 = $e0; if (!(await $asyncts.$aexit($cm0, $e0))) throw $e0; } finally { if ($exc0 === $asyncts.$noExc) await $asyncts.$aexit($cm0, null); }
import * as $asyncts from "asyncts/internal";
