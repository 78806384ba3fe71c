
class Base { m() { return 1; } }
class D extends Base {
  m()  { return $asyncts.$coro(this.#m.call(this), "m"); } *#m() { return super.m(); } static { $asyncts.$markCoroutineFunction(this.prototype["m"]); }
  args()  { return $asyncts.$coro(this.#args.call(this, arguments), "args"); } *#args($arguments) { const f = $asyncts.$markCoroutineFunction(() => $asyncts.$coro(function* f() { return $arguments.length; }.call(this), "f")); return f(); } static { $asyncts.$markCoroutineFunction(this.prototype["args"]); }
}
function K(             ) { const f = $asyncts.$markCoroutineFunction(() => $asyncts.$coro(function* f($newTarget) { return $newTarget; }.call(this, new.target), "f")); return f(); }

import * as $asyncts from "asyncts/internal";
