// Python-style traceback text for an exception, from the JS stack (source-mapped by Node
// when --enable-source-maps is on). The last line is Python's "ExcName: message".
import { formatExceptionOnly } from "./exceptions.js";

const RUNTIME_FRAME = /[\\/](dist[\\/](runtime|cli|chunks)|runtime)[\\/]|[( ]node:|^\s*at (new )?Promise|<anonymous>\)?$/;

function frames(stack: string): string[] {
  const out: string[] = [];
  for (const line of stack.split("\n")) {
    const m = /^\s*at (?:(.*?) \()?(.*?):(\d+):(\d+)\)?$/.exec(line);
    if (!m || RUNTIME_FRAME.test(line)) continue;
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
