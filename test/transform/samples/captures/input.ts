import * as asyncio from "asyncts";
class Base { m() { return 1; } }
class D extends Base {
  async m() { return super.m(); }
  async args() { const f = async () => arguments.length; return f(); }
}
function K(this: unknown) { const f = async () => new.target; return f(); }
