// The whole runtime as one CommonJS file, dist/runtime/asyncts.cjs (rollup.config.mjs): Node 20
// loads one required script in about half the time of the ~8 ES modules it was (no module
// graph to read, resolve and link, and a require is compiled without the ES-module
// translator's text decoding). dist/runtime/index.js and internal.js are ES-module facades
// that re-export these namespaces by name, and every other dist file that uses a runtime
// module reads it from here: one instance of each class in the process.
export * as $api from "./api.js";
export * as $internal from "./internal.js";
// Runtime modules the CLI, the checked loop and the native shim import (rollup.config.mjs
// fails the build for one missing here). `$m_` + the path, `$` for `/`.
export * as $m_py$traceback from "./py/traceback.js";
export * as $m_py$format from "./py/format.js";
export * as $m_py$exceptions from "./py/exceptions.js";
export * as $m_py$deque from "./py/deque.js";
export * as $m_instrument from "./instrument.js";
export * as $m_host from "./host.js";
export * as $m_events from "./events.js";
export * as $m_unix_events from "./unix_events.js";
