#!/usr/bin/env node
// The asyncts command line: argument parsing only; the work is in run.ts, build.ts, check.ts.

const USAGE = `Usage:
  asyncts run [--clock real|virtual] FILE.ts [ARGS...]   compile FILE (and the DSL files it imports) and run it
  asyncts build [-p tsconfig.json] [--outDir DIR] [--watch]   compile a project to JavaScript (no type check)
  asyncts check [-p tsconfig.json]                      type-check a project and report asyncts diagnostics
`;

/** A usage error (the catalogue's `usage`), then the usage; exit status 2. Only this path loads the catalogue. */
async function fail(message: string): Promise<never> {
  const { diag } = await import("../compiler/diagnostics.js");
  const d = diag("usage", {}, message);
  process.stderr.write(`${d.severity} ${d.code}: ${d.message}\n\n${USAGE}`);
  process.exit(2);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === "--version" || command === "-v") {
    // dist/cli/main.js → the package's own package.json
    const { readFileSync } = await import("node:fs");
    process.stdout.write(`${JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version}\n`);
    return 0;
  }
  if (command === "run") {
    // Options stop at FILE: everything after it belongs to the program.
    let clock: string | undefined;
    let i = 0;
    for (; i < rest.length; i++) {
      const a = rest[i];
      if (a === "--clock") clock = rest[++i];
      else if (a.startsWith("--clock=")) clock = a.slice(8);
      else if (a.startsWith("-")) await fail(`unknown option '${a}' for 'run'`);
      else break;
    }
    if (clock !== undefined && clock !== "real" && clock !== "virtual") await fail(`--clock takes 'real' or 'virtual', got '${clock}'`);
    const file = rest[i];
    if (!file) return fail("'run' needs a FILE.ts to run");
    const { run } = await import("./run.js");
    return run({ file, args: rest.slice(i + 1), clock: clock as "real" | "virtual" | undefined });
  }
  if (command === "build" || command === "check") {
    const { parseArgs } = await import("node:util");
    let parsed;
    try {
      parsed = parseArgs({
        args: rest,
        options: {
          project: { type: "string", short: "p" },
          outDir: { type: "string" },
          watch: { type: "boolean", short: "w" },
        },
        allowPositionals: false,
      });
    } catch (e: any) {
      return fail(e.message);
    }
    const { values } = parsed;
    if (command === "build") {
      const { build } = await import("./build.js");
      return build({ project: values.project, outDir: values.outDir, watch: !!values.watch });
    }
    if (values.outDir || values.watch) return fail("'check' takes only -p/--project");
    const { check } = await import("./check.js");
    return check({ project: values.project });
  }
  return fail(`unknown command '${command}'`);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`asyncts: internal error: ${err?.stack ?? err}\n`);
    process.exit(70);
  },
);
