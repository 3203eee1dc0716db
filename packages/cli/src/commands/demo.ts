import {
  DEMO_DEFAULTS,
  DEMO_LIMITS,
  DEMO_TABLES,
  findNonEmptyTables,
  seedDemo,
} from "@tasuki/server/tooling";
import type { Command } from "commander";
import { type CliIo, describeDatabase, print, withDatabase } from "../context.ts";
import { CliError, EXIT } from "../errors.ts";
import { dateOption, integerOption } from "../options.ts";
import { createProgressView } from "../progress.ts";

interface DemoOptions {
  seed: number;
  people: number;
  months: number;
  today?: string;
  ifEmpty?: boolean;
}

export function registerDemo(program: Command, io: CliIo): void {
  program
    .command("demo")
    .description(
      "架空の会社（株式会社ツナグワークス）のデモデータを空のデータベースに投入します / Seed a fictional company into an empty database",
    )
    .option(
      "--seed <n>",
      "乱数のシード（同じ値なら同じデータ）/ random seed (same seed, same data)",
      integerOption("--seed", 0, DEMO_LIMITS.seed),
      DEMO_DEFAULTS.seed,
    )
    .option(
      "--people <n>",
      "人物（リード）の数、企業はその 1/5 / number of people; companies are a fifth of it",
      integerOption("--people", 1, DEMO_LIMITS.people),
      DEMO_DEFAULTS.people,
    )
    .option(
      "--months <m>",
      "履歴の月数 / months of history",
      integerOption("--months", 1, DEMO_LIMITS.months),
      DEMO_DEFAULTS.months,
    )
    .option(
      "--today <YYYY-MM-DD>",
      "履歴の最終日（既定: 今日・日本時間）/ last day of history (default: today in JST)",
      dateOption("--today"),
    )
    .option("--if-empty", "データが既にあれば何もせず正常終了 / do nothing (exit 0) when data already exists")
    .addHelpText(
      "after",
      "\n例 / Examples:\n  tasuki demo\n  tasuki demo --people 1000000 --months 24\n  tasuki demo --if-empty   # npm run demo から / used by npm run demo",
    )
    .action(async (options: DemoOptions) => {
      await withDatabase(io, async ({ config, database }) => {
        await database.migrate();
        const nonEmpty = await findNonEmptyTables(database);
        if (nonEmpty.length > 0) {
          if (options.ifEmpty) {
            print(
              io.stdout,
              `データが既にあるため、デモデータの投入をスキップしました（${nonEmpty.join(", ")}）。`,
              `The database already has data (${nonEmpty.join(", ")}); skipped seeding the demo.`,
            );
            return;
          }
          throw new CliError(
            EXIT.conflict,
            `データベースに既にデータがあります（${nonEmpty.join(", ")}）。デモデータは空のデータベースにだけ投入できます。既存データを残すなら --if-empty を付けてください。`,
            `The database already has data (${nonEmpty.join(", ")}). Demo data only goes into an empty database; add --if-empty to keep the data and skip.`,
          );
        }

        print(
          io.stdout,
          `デモデータを投入します / Seeding demo data: ${describeDatabase(config)}`,
          `  seed=${options.seed} people=${options.people.toLocaleString("en-US")} months=${options.months}${options.today ? ` today=${options.today}` : ""}`,
        );
        const abort = new AbortController();
        const interrupt = () => {
          print(
            io.stderr,
            "\n中断しています（インデックスを戻しています）… / Interrupting (restoring indexes)…",
          );
          abort.abort();
        };
        process.once("SIGINT", interrupt);
        const view = createProgressView(io);
        try {
          const summary = await seedDemo(
            database,
            {
              seed: options.seed,
              people: options.people,
              months: options.months,
              today: options.today,
              signal: abort.signal,
            },
            (progress) => view.update(progress),
          );
          view.stop();
          const seconds = summary.durationMs / 1000;
          const rows = DEMO_TABLES.reduce((sum, t) => sum + summary.counts[t], 0);
          print(
            io.stdout,
            "",
            `完了しました（${seconds.toFixed(1)} 秒）/ Done in ${seconds.toFixed(1)} s (${Math.round(rows / seconds).toLocaleString("en-US")} rows/s)`,
          );
          for (const table of DEMO_TABLES)
            print(
              io.stdout,
              `  ${table.padEnd(14)} ${summary.counts[table].toLocaleString("en-US").padStart(12)}`,
            );
          print(
            io.stdout,
            "",
            `履歴 / history: ${summary.options.months} か月 / months, ${summary.options.today} まで / until`,
          );
          print(io.stdout, "", "デモ用ログイン / Demo logins (password: tasuki-demo):");
          for (const login of summary.logins) print(io.stdout, `  ${login.email.padEnd(30)} ${login.role}`);
        } catch (error) {
          view.stop();
          if (abort.signal.aborted) {
            throw new CliError(
              EXIT.interrupted,
              "中断しました。途中までのデータが残っています。作り直すにはデータフォルダ（TASUKI_DATA_DIR）を削除するか、PostgreSQL のデータベースを作り直してください。",
              "Interrupted. Partial data remains: delete the data folder (TASUKI_DATA_DIR) or recreate the PostgreSQL database to start over.",
            );
          }
          throw error;
        } finally {
          process.removeListener("SIGINT", interrupt);
        }
      });
    });
}
