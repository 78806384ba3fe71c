import * as asyncio from "asyncts";
async function main() {}
await using runner = new asyncio.Runner();
runner.run(main());
