// The real clock waits on Node's timers: it neither spins while idle nor fires timers
// early. The virtual clock jumps to the next timer at once.
import { test, expect } from "vitest";
import { runDSL, cli, writeProject, HEADER } from "./util.js";

test("sleeping 1 s on the real clock uses almost no CPU", () => {
  const r = runDSL(`${HEADER}
async function main() {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await asyncio.sleep(1);
  const cpu = process.cpuUsage(cpu0);
  print(((performance.now() - t0) / 1000).toFixed(1), (cpu.user + cpu.system) / 1e6 < 0.1 ? "idle" : "spinning");
}
asyncio.run(main());
`, { clock: "real" });
  expect(r.stderr).toBe("");
  expect(r.stdout).toBe("1.0 idle\n");
});

test("timers never fire before their time on the real clock", () => {
  const r = runDSL(`${HEADER}
async function main() {
  const loop = asyncio.get_running_loop();
  const early: number[] = [];
  const fut = loop.create_future();
  let left = 20;
  for (let i = 0; i < 20; i++) {
    const delay = 0.005 * (i % 5) + 0.001;
    const due = loop.time() + delay;
    const wallDue = performance.now() + delay * 1000;
    loop.call_later(delay, () => {
      if (loop.time() < due || performance.now() < wallDue - 0.5) early.push(i);
      if (--left === 0) fut.set_result(null);
    });
  }
  await fut;
  print("early:", early.length);
}
asyncio.run(main());
`, { clock: "real" });
  expect(r.stdout).toBe("early: 0\n");
});

test("the virtual clock starts at 0 and jumps to the next timer", () => {
  const t0 = performance.now();
  const r = runDSL(`${HEADER}
async function main() {
  const loop = asyncio.get_running_loop();
  print(loop.time());
  await asyncio.sleep(3600);
  print(loop.time());
}
asyncio.run(main());
`);
  expect(r.stdout).toBe("0\n3600\n");
  expect(performance.now() - t0).toBeLessThan(10_000);
});

test("ASYNCTS_CLOCK=virtual works like --clock virtual", () => {
  const dir = writeProject({ "main.ts": `${HEADER}async function main() { await asyncio.sleep(86400 * 2); print(asyncio.get_running_loop().time()); }\nasyncio.run(main());\n` });
  const r = cli(["run", "main.ts"], dir, { ASYNCTS_CLOCK: "virtual" });
  expect(r.stdout).toBe("172800\n");
});
