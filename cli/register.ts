// `node --import asyncts/register main.ts`: compiles TypeScript files on the fly with the
// asyncts compiler (DSL files get the coroutine transform, others are stripped as tsc would).
import { register } from "node:module";

process.setSourceMapsEnabled(true);
register("./register-hooks.js", import.meta.url);
