
const noop = $asyncts.$markCoroutineFunction(() => { return $asyncts.$coro(function* noop() {}.call(this), "noop"); });
const fe = $asyncts.$markCoroutineFunction(function () { return $asyncts.$coro(function* fe() {}.call(this), "fe"); });
const obj = { m() { return $asyncts.$coro(function* m() {}.call(this), "m"); } };

import * as $asyncts from "asyncts/internal";
