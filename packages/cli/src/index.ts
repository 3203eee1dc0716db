export type { CliIo } from "./context.ts";
export { EXIT, type ExitCode, exitCodeForError } from "./errors.ts";
export { buildProgram, runCli } from "./program.ts";
