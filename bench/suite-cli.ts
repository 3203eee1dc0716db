import { checkTargets } from "./lib/report.ts";
import { parseSuiteArgs, runSuite } from "./suite.ts";

const options = parseSuiteArgs(process.argv.slice(2));
const suite = await runSuite(options);
for (const c of checkTargets(suite))
  console.log(
    `${c.pass === null ? "n/a " : c.pass ? "pass" : "FAIL"}  ${c.backend.padEnd(8)} ${c.target}: ${c.measured}`,
  );
console.log(`→ ${options.outDir}/REPORT.md`);
