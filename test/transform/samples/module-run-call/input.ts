import * as asyncio from "asyncts";
async function main() {}
console.log("start")
asyncio.run(main())
