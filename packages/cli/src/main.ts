#!/usr/bin/env node
import { runCli } from "./program.ts";

// Where the CLI meets the process: arguments, streams, environment, exit code (signals: serve, demo).
const exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
});
process.exitCode = exitCode;
