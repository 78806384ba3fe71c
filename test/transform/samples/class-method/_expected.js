
class C {
  m(x        )  { return $asyncts.$coro(this.#m.call(this, x), "m"); } *#m(x) {
    return x;
  } static { $asyncts.$markCoroutineFunction(this.prototype["m"]); }
  static s()  { return $asyncts.$coro(this.#s.call(this), "s"); } static *#s() {} static { $asyncts.$markCoroutineFunction(this["s"]); }
  #p()  { return $asyncts.$coro(this.#p$2.call(this), "#p"); } *#p$2() {}
}

import * as $asyncts from "asyncts/internal";
