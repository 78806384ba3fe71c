import * as asyncio from "asyncts";
const f = async (a: number) => {
  return a;
};
