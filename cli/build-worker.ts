// The worker thread of a one-shot `build` (build.ts: parallelCompile): takes files from the
// shared counter until none are left and posts each one's result, as compileFile made it.
import { readFileSync } from "node:fs";
import { workerData } from "node:worker_threads";
import type { MessagePort } from "node:worker_threads";
import { compileFile, type BuildJob } from "./build.js";

const { sources, ctl, job, port } = workerData as { sources: string[]; ctl: Int32Array; job: BuildJob; port: MessagePort };
try {
  for (let i = Atomics.add(ctl, 0, 1); i < sources.length; i = Atomics.add(ctl, 0, 1)) {
    const build = compileFile(sources[i], readFileSync(sources[i], "utf8"), job);
    build.result.rewritten = null; // not used by a build; not worth copying
    port.postMessage({ i, build });
    Atomics.add(ctl, 1, 1);
    Atomics.notify(ctl, 1);
  }
} finally {
  // done (or threw: build.ts compiles the file it was on)
  Atomics.store(ctl, 2, 1);
  Atomics.notify(ctl, 1);
}
