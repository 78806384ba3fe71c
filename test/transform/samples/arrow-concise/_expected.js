import * as asyncio from "asyncts";
const f = $asyncts.$markCoroutineFunction((a        ) => $asyncts.$coro(function* f() { return a * 2; }.call(this), "f"));
const g = $asyncts.$markCoroutineFunction(() => $asyncts.$coro(function* g() { return $asyncts.$markCoroutineFunction(() => $asyncts.$coro(function* lambda$() { return (yield asyncio.sleep(0)); }.call(this), "<lambda>")); }.call(this), "g"));

import * as $asyncts from "asyncts/internal";
