// Python-style traceback text for an exception, from the JS stack (source-mapped by Node
// when --enable-source-maps is on). The last line is Python's "ExcName: message".
import { formatExceptionOnly } from "./exceptions.js";

// Frames of Node itself and of the event loop machinery are not the user's.
const RUNTIME_FRAME = /[( ]node:|^\s*at (new )?Promise|<anonymous>\)?$/;

/**
 * asyncts's own code lives in these folders of the asyncts package (this file is two levels
 * below its root, in runtime/py/ or dist/chunks/): only frames there are hidden, never a user
 * path that happens to contain `/runtime/`. `asyncts run` adds the runtime it loaded.
 */
const ownFolders: string[] = [];
export function hideFramesOf(packageRoot: string): void {
  const root = packageRoot.replace(/^file:\/\//, "").replace(/[\\/]*$/, "/");
  for (const sub of ["dist/", "runtime/", "cli/", "compiler/"]) if (!ownFolders.includes(root + sub)) ownFolders.push(root + sub);
}
try {
  const here = new URL("../../", import.meta.url);
  if (here.protocol === "file:") hideFramesOf(decodeURIComponent(here.pathname));
} catch {}

function isOwnFrame(file: string): boolean {
  const path = file.replace(/^file:\/\//, "").replace(/\\/g, "/");
  return ownFolders.some((f) => path.startsWith(f));
}

function frames(stack: string): string[] {
  const out: string[] = [];
  for (const line of stack.split("\n")) {
    const m = /^\s*at (?:(.*?) \()?(.*?):(\d+):(\d+)\)?$/.exec(line);
    if (!m || RUNTIME_FRAME.test(line) || isOwnFrame(m[2])) continue;
    // Coroutine generators are named `f$` by the compiler: show them as `f`.
    const fn = (m[1] ?? "<module>").replace(/^(async |Object\.|Generator\.next|.*\.)/, "").replace(/^#/, "").replace(/\$\d*$/, "") || "<module>";
    const file = m[2].replace(/^file:\/\//, "");
    out.push(`  File "${file}", line ${m[3]}, in ${fn === "<anonymous>" ? "<module>" : fn}`);
  }
  return out.reverse();
}

export function formatTraceback(exc: unknown): string {
  const stack = exc instanceof Error && typeof exc.stack === "string" ? exc.stack : "";
  const lines = frames(stack);
  let text = lines.length ? `Traceback (most recent call last):\n${lines.join("\n")}\n` : "";
  return text + formatExceptionOnly(exc) + "\n";
}
