// `asyncts trace [--clock real|virtual] [-o out.html|out.json] FILE.ts [ARGS...]`: runs FILE
// as `asyncts run` does, with a Recorder on every loop it creates, and writes the recording
// when the process exits (also after an uncaught exception): an HTML timeline, or Chrome
// trace-event JSON when the output name ends in .json.
import { writeFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { set_instrument_factory } from "../runtime/instrument.js";
import { Recorder } from "./trace/recorder.js";
import { toChromeTrace } from "./trace/chrome.js";
import { toHtml } from "./trace/html.js";
import { run, type RunOptions } from "./run.js";

export interface TraceOptions extends RunOptions {
  out?: string;
}

export async function trace(opts: TraceOptions): Promise<number> {
  const out = resolve(opts.out ?? `${basename(opts.file).replace(/\.[cm]?tsx?$/, "")}.trace.html`);
  const recorder = new Recorder(opts.clock ?? (process.env.ASYNCTS_CLOCK === "virtual" ? "virtual" : "real"));
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    const rec = recorder.rec;
    writeFileSync(out, out.endsWith(".json") ? JSON.stringify(toChromeTrace(rec)) : toHtml(rec, basename(opts.file)));
    process.stderr.write(`asyncts trace: wrote ${out} (${rec.counts.iterations} iterations, ${rec.counts.tasks} tasks, ${rec.counts.steps} steps)\n`);
  };
  // Written from the exit handler (synchronously): the program may end with process.exit.
  return run({
    ...opts,
    before: () => {
      set_instrument_factory((loop) => recorder.instrument(loop));
      process.on("exit", write);
    },
  });
}
