import { Command, CommanderError } from "commander";
import { registerDemo } from "./commands/demo.ts";
import { registerExport } from "./commands/export.ts";
import { registerMigrate } from "./commands/migrate.ts";
import { registerServe } from "./commands/serve.ts";
import { registerToken } from "./commands/token.ts";
import { registerUser } from "./commands/user.ts";
import { type CliIo, print } from "./context.ts";
import { EXIT, type ExitCode, renderError } from "./errors.ts";

export const CLI_VERSION = "0.1.0";

/** The `tasuki` command tree. Commander's own error output is replaced by renderError's bilingual one. */
export function buildProgram(io: CliIo): Command {
  const program = new Command("tasuki")
    .description("Tasuki — マーケティングと営業のリレー CRM / the marketing–sales relay CRM")
    .version(CLI_VERSION, "-V, --version", "バージョンを表示 / show the version")
    .helpOption("-h, --help", "ヘルプを表示 / show help")
    .helpCommand("help [command]", "コマンドのヘルプを表示 / show help for a command")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Errors are printed by runCli (Japanese first); commander only reports them.
      outputError: () => {},
    })
    .addHelpText(
      "after",
      "\n設定は環境変数で / Configured by environment: DATABASE_URL (PostgreSQL) or TASUKI_DATA_DIR (PGlite, default ./data), PORT, HOST, LOG_LEVEL\n終了コード / Exit codes: 0 ok, 1 unexpected, 2 bad usage, 3 not found, 4 conflict, 5 forbidden, 6 database unreachable",
    );
  registerServe(program, io);
  registerMigrate(program, io);
  registerDemo(program, io);
  registerUser(program, io);
  registerToken(program, io);
  registerExport(program, io);
  return program;
}

/** Runs the CLI with arguments (without node and the script) and returns the exit code. */
export async function runCli(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const program = buildProgram(io);
  if (args.length === 0) {
    io.stderr.write(program.helpInformation());
    return EXIT.usage;
  }
  try {
    await program.parseAsync([...args], { from: "user" });
    return EXIT.ok;
  } catch (error) {
    if (
      error instanceof CommanderError &&
      (error.code === "commander.helpDisplayed" || error.code === "commander.version")
    )
      return EXIT.ok;
    if (error instanceof CommanderError && error.code === "commander.help") return EXIT.ok;
    const rendered = renderError(error, commandPath(program, args));
    print(io.stderr, ...rendered.lines);
    return rendered.exitCode;
  }
}

/** The deepest known command the arguments name ("tasuki user create"), for the help hint. */
function commandPath(program: Command, args: readonly string[]): string {
  const words = [program.name()];
  let current = program;
  for (const arg of args) {
    const next = current.commands.find((c) => c.name() === arg || c.aliases().includes(arg));
    if (!next) break;
    words.push(next.name());
    current = next;
  }
  return words.join(" ");
}
