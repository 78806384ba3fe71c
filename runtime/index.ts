// The asyncts runtime: Python's asyncio API. `import * as asyncio from "asyncts"` and
// `import asyncio from "asyncts"` both give the whole API.
export * from "./api.js";
import * as asyncio from "./api.js";
export default asyncio;
