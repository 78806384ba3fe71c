// Parses each JavaScript text of a JSON array (stdin) as an ES module with V8 itself
// (vm.SourceTextModule: parse only, nothing is linked or run) and prints, as JSON, the
// index and SyntaxError of every text V8 rejects. Needs --experimental-vm-modules.
import vm from "node:vm";

let input = "";
process.stdin.setEncoding("utf8");
for await (const chunk of process.stdin) input += chunk;
const failures = [];
JSON.parse(input).forEach((code, i) => {
  try {
    new vm.SourceTextModule(code, { identifier: `mutant-${i}.js` });
  } catch (e) {
    failures.push({ i, error: `${e?.name}: ${e?.message}` });
  }
});
process.stdout.write(JSON.stringify(failures));
