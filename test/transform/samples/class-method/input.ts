import * as asyncio from "asyncts";
class C {
  async m(x: number) {
    return x;
  }
  static async s() {}
  async #p() {}
}
