import * as asyncio from "asyncts";
function main()  { return $asyncts.$coro(main$0.call(this), "main"); } function* main$0() {} $asyncts.$markCoroutineFunction(main, main$0);
console.log("start")
;(await asyncio.run(main()))

import * as $asyncts from "asyncts/internal";
