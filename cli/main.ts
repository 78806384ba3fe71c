#!/usr/bin/env node
// The asyncts command line: argument parsing only; the work is in run.ts, build.ts, check.ts.

const USAGE = `Usage:
  asyncts run [--clock real|virtual] [--shuffle SEED] FILE.ts [ARGS...]
                                                        compile FILE (and the DSL files it imports) and run it;
                                                        --shuffle reorders each iteration's ready batch (not CPython's order: a test aid)
  asyncts build [-p tsconfig.json] [--outDir DIR] [--watch]   compile a project to JavaScript (no type check)
  asyncts check [-p tsconfig.json] [--json]             type-check a project (as tsc -p) and report asyncts diagnostics and lints
  asyncts trace [--clock real|virtual] [-o out.html|out.json] FILE.ts [ARGS...]
                                                        run FILE with a recorder on the loop: an HTML timeline or Chrome trace JSON
  asyncts explain [--json] FILE.ts                      run FILE as native JavaScript and as asyncio; show where and why they differ
  asyncts ps [--json] PID | asyncts pstree [--json] PID  the tasks of a running 'asyncts run' process (as python -m asyncio ps/pstree)
  asyncts repl                                          an interactive prompt with top-level await on a live loop (as python -m asyncio)
  asyncts port FILE.py|DIR... [-o OUT]                  translate Python asyncio programs into the DSL
  asyncts <command> --help, asyncts --version
`;

/** `asyncts <command> --help`: the usage line(s) from USAGE, then the command's options. */
const HELP: Record<string, string> = {
  run: `Options end at FILE: what follows is the program's own arguments. No type check (use 'check').
  --clock real|virtual   the event loop's clock (default real; ASYNCTS_CLOCK=virtual does the same)
  --shuffle SEED         reorder each iteration's ready batch (a test aid, not CPython's order)
`,
  build: `DSL files get the asyncts transform, other files are emitted as tsc would; asyncio lints are
reported as warnings. Nothing is written unless the whole build succeeds.
  -p, --project PATH     tsconfig.json, or a folder holding one (default ./tsconfig.json)
  --outDir DIR           overrides compilerOptions.outDir
  -w, --watch            rebuild on change
`,
  check: `Type-checks exactly as 'tsc -p' does, then reports asyncts's diagnostics and the asyncio lints
(warnings; silence one line with '// asyncts-ignore CODE'). Writes nothing; exit status 2 on errors.
  -p, --project PATH     tsconfig.json, or a folder holding one (default ./tsconfig.json)
  --json                 print the diagnostics as JSON on stdout
  --no-lint              skip the asyncio lints
`,
};
const COMMANDS = ["run", "build", "check", "trace", "explain", "ps", "pstree", "repl", "port"];

function commandHelp(command: string): string {
  const lines = USAGE.split("\n");
  const start = lines.findIndex((l) => l.startsWith(`  asyncts ${command} `) || l === `  asyncts ${command}` || l.includes(`| asyncts ${command} `));
  const usage = [lines[start]];
  for (let i = start + 1; i < lines.length && /^\s{20,}/.test(lines[i]); i++) usage.push(lines[i]);
  return `Usage:\n${usage.join("\n")}\n${HELP[command] ? `\n${HELP[command]}` : ""}  -h, --help             show this help\n`;
}

/** Is --help/-h among the command's own options (for run/trace: before FILE, whose arguments are the program's)? */
function wantsHelp(command: string, rest: string[]): boolean {
  const stop = command === "run" || command === "trace" ? rest.findIndex((a) => /\.(ts|tsx|mts)$/.test(a)) : -1;
  return (stop < 0 ? rest : rest.slice(0, stop)).some((a) => a === "--help" || a === "-h");
}

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
    const topic = command === "help" ? rest[0] : undefined;
    process.stdout.write(topic && COMMANDS.includes(topic) ? commandHelp(topic) : USAGE);
    return command === undefined ? 2 : 0;
  }
  if (COMMANDS.includes(command) && wantsHelp(command, rest)) {
    process.stdout.write(commandHelp(command));
    return 0;
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
    let shuffle: string | undefined;
    let watch = false;
    let i = 0;
    for (; i < rest.length; i++) {
      const a = rest[i];
      if (a === "--clock") clock = rest[++i];
      else if (a.startsWith("--clock=")) clock = a.slice(8);
      else if (a === "--shuffle" || a.startsWith("--shuffle=")) shuffle = a === "--shuffle" ? rest[++i] : a.slice(10);
      else if (a === "--watch" || a === "-w") watch = true;
      else if (a.startsWith("-")) await fail(`unknown option '${a}' for 'run'`);
      else break;
    }
    if (clock !== undefined && clock !== "real" && clock !== "virtual") await fail(`--clock takes 'real' or 'virtual', got '${clock}'`);
    const file = rest[i];
    if (!file) await fail("'run' needs a FILE.ts to run");
    if (shuffle !== undefined && !/^\d+$/.test(shuffle)) await fail(`--shuffle takes a seed (a whole number), got '${shuffle}'`);
    if (watch) return (await import("./watch.js")).watchRun({ file, args: rest.slice(i + 1), clock: clock as "real" | "virtual" | undefined });
    const { run } = await import("./run.js");
    // --shuffle: trio's schedule perturbation, leaving CPython's order on purpose (runtime/instrument.ts).
    const before = shuffle === undefined ? undefined : async () => {
      const { set_instrument_factory, schedule_perturbation } = await import("../runtime/instrument.js");
      set_instrument_factory(schedule_perturbation(Number(shuffle)));
    };
    return run({ file, args: rest.slice(i + 1), clock: clock as "real" | "virtual" | undefined, before });
  }
  if (command === "trace") {
    let clock: string | undefined;
    let out: string | undefined;
    let i = 0;
    for (; i < rest.length; i++) {
      const a = rest[i];
      if (a === "--clock") clock = rest[++i];
      else if (a.startsWith("--clock=")) clock = a.slice(8);
      else if (a === "-o" || a === "--out") out = rest[++i];
      else if (a.startsWith("--out=")) out = a.slice(6);
      else if (a.startsWith("-")) await fail(`unknown option '${a}' for 'trace'`);
      else break;
    }
    if (clock !== undefined && clock !== "real" && clock !== "virtual") await fail(`--clock takes 'real' or 'virtual', got '${clock}'`);
    if (out !== undefined && !/\.(html?|json)$/.test(out)) await fail(`-o takes a file ending in .html or .json, got '${out}'`);
    const file = rest[i];
    if (!file) await fail("'trace' needs a FILE.ts to run");
    const { trace } = await import("./trace.js");
    return trace({ file, args: rest.slice(i + 1), clock: clock as "real" | "virtual" | undefined, out });
  }
  if (command === "explain") {
    const json = rest.includes("--json");
    const files = rest.filter((a) => a !== "--json");
    const bad = files.find((a) => a.startsWith("-"));
    if (bad) await fail(`unknown option '${bad}' for 'explain'`);
    if (files.length !== 1) await fail("'explain' needs one FILE.ts");
    const { explain } = await import("./explain.js");
    return explain({ file: files[0], json });
  }
  if (command === "ps" || command === "pstree") {
    const json = rest.includes("--json");
    const args = rest.filter((a) => a !== "--json");
    const bad = args.find((a) => a.startsWith("-"));
    if (bad) await fail(`unknown option '${bad}' for '${command}'`);
    if (args.length !== 1 || !/^\d+$/.test(args[0])) await fail(`'${command}' needs the PID of an 'asyncts run' process`);
    const { ps } = await import("./ps.js");
    return ps({ pid: args[0], tree: command === "pstree", json });
  }
  if (command === "repl") {
    if (rest.length) await fail("'repl' takes no arguments");
    const { repl } = await import("./repl.js");
    return repl();
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
          json: { type: "boolean" },
          "no-lint": { type: "boolean" },
        },
        allowPositionals: false,
      });
    } catch (e: any) {
      return await fail(e.message);
    }
    const { values } = parsed;
    if (command === "build") {
      if (values.json || values["no-lint"]) return await fail("'build' takes -p/--project, --outDir and --watch");
      const { build } = await import("./build.js");
      return build({ project: values.project, outDir: values.outDir, watch: !!values.watch });
    }
    if (values.outDir || values.watch) return await fail("'check' takes -p/--project, --json and --no-lint");
    // the project's TypeScript 7 (if any) starts before check.js loads TypeScript 6
    const { startProjectTsc } = await import("./check-tsc.js");
    const early = await startProjectTsc(values.project);
    const { check } = await import("./check.js");
    return check({ project: values.project, json: !!values.json, noLint: !!values["no-lint"] }, early);
  }
  if (command === "port") {
    const files: string[] = [];
    let out: string | undefined;
    for (let i = 0; i < rest.length; i++) {
      if (rest[i] === "-o" || rest[i] === "--out") out = rest[++i];
      else if (rest[i].startsWith("-")) await fail(`unknown option '${rest[i]}' for 'port'`);
      else files.push(rest[i]);
    }
    if (!files.length) await fail("'port' needs a FILE.py (or a folder) to translate");
    const { portCommand } = await import("./port.js");
    return portCommand({ files, out });
  }
  return await fail(`unknown command '${command}'`);
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
