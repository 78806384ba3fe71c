import * as asyncio from "asyncts";
const noop = async () => {};
const fe = async function () {};
const obj = { async m() {} };
