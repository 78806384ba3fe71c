// LookupError, raised by ContextVar.get() when no value and no default exist.
import { Exception } from "./exceptions.js";
import { repr } from "./format.js";

export class LookupError extends Exception {
  constructor(v: unknown) {
    super(v);
  }
  __str__(): string {
    return repr(this.args[0]);
  }
}
Object.defineProperty(LookupError, "name", { value: "LookupError" });
