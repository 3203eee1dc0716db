import type { Role } from "@tasuki/domain";
import { createUser, PASSWORD_MIN_LENGTH } from "@tasuki/server/tooling";
import type { Command } from "commander";
import { type CliIo, print, withDatabase } from "../context.ts";
import { CliError, EXIT } from "../errors.ts";
import { localeOption, roleOption, textOption } from "../options.ts";
import { promptHidden } from "../prompt.ts";

interface CreateUserOptions {
  email: string;
  role: Role;
  familyName: string;
  givenName: string;
  team?: string;
  locale: "ja" | "en";
}

export function registerUser(program: Command, io: CliIo): void {
  const user = program.command("user").description("ユーザーを管理します / Manage users");
  user
    .command("create")
    .description(
      "ユーザーを作成します。パスワードは TASUKI_PASSWORD か端末での入力 / Create a user; the password comes from TASUKI_PASSWORD or a terminal prompt",
    )
    .requiredOption("--email <email>", "メールアドレス（ログインID）/ email address (the login)")
    .requiredOption(
      "--role <role>",
      "admin | marketing | inside_sales | field_sales | customer_success | manager",
      roleOption,
    )
    .requiredOption("--family-name <姓>", "姓 / family name", textOption("--family-name", 100))
    .requiredOption("--given-name <名>", "名 / given name", textOption("--given-name", 100))
    .option("--team <key>", "チームのキー（既定: ロールのチーム）/ team key (default: the role's team)")
    .option("--locale <ja|en>", "表示言語 / UI language", localeOption, "ja")
    .addHelpText(
      "after",
      "\n例 / Example:\n  TASUKI_PASSWORD='a-long-password' tasuki user create --email sato@example.com --role marketing --family-name 佐藤 --given-name 花子",
    )
    .action(async (options: CreateUserOptions) => {
      const password = await readPassword(io);
      await withDatabase(io, async ({ database, deps }) => {
        await database.migrate();
        const created = await createUser(deps, null, {
          email: options.email,
          familyName: options.familyName,
          givenName: options.givenName,
          role: options.role,
          password,
          teamKey: options.team,
          locale: options.locale,
        });
        print(
          io.stdout,
          `ユーザーを作成しました / Created user: ${created.email} (${created.role}) id=${created.id}`,
        );
      });
    });
}

/** TASUKI_PASSWORD for scripts; otherwise ask twice on a terminal; never from arguments (shell history). */
async function readPassword(io: CliIo): Promise<string> {
  const fromEnv = io.env.TASUKI_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  if (!io.stdin.isTTY) {
    throw new CliError(
      EXIT.usage,
      "パスワードがありません。環境変数 TASUKI_PASSWORD を設定するか、端末から実行して入力してください。",
      "No password: set TASUKI_PASSWORD, or run in a terminal to type it.",
    );
  }
  const first = await promptHidden(
    io,
    `パスワード（${PASSWORD_MIN_LENGTH}文字以上）/ Password (${PASSWORD_MIN_LENGTH}+ characters): `,
  );
  const second = await promptHidden(io, "もう一度 / Again: ");
  if (first !== second)
    throw new CliError(EXIT.usage, "パスワードが一致しません。", "The passwords do not match.");
  return first;
}
