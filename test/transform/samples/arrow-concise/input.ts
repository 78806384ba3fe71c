import * as asyncio from "asyncts";
const f = async (a: number) => a * 2;
const g = async () => async () => await asyncio.sleep(0);
