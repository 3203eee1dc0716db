import type { Role } from "@tasuki/domain";
import type { Actor } from "@tasuki/server/tooling";
import { createApiToken, findUserByEmail } from "@tasuki/server/tooling";
import type { Command } from "commander";
import { type CliIo, print, withDatabase } from "../context.ts";
import { CliError, EXIT } from "../errors.ts";
import { instantOption, scopesOption, textOption } from "../options.ts";

interface CreateTokenOptions {
  email: string;
  name: string;
  scopes: string[];
  expiresAt?: string;
}

export function registerToken(program: Command, io: CliIo): void {
  const token = program.command("token").description("API トークンを管理します / Manage API tokens");
  token
    .command("create")
    .description(
      "ユーザーの API トークンを作成し、一度だけ表示します / Create an API token for a user and print it once",
    )
    .requiredOption("--email <email>", "トークンを持つユーザー / the user who owns the token")
    .requiredOption(
      "--name <name>",
      "用途がわかる名前 / a name that says what it is for",
      textOption("--name", 100),
    )
    .option("--scopes <list>", "read,write（既定: read）/ read,write (default: read)", scopesOption, ["read"])
    .option(
      "--expires-at <ISO>",
      "有効期限（例: 2026-12-31 または 2026-12-31T23:59:59+09:00）/ expiry",
      instantOption("--expires-at"),
    )
    .addHelpText(
      "after",
      "\nトークンは標準出力に 1 行で出力されます / The token is the only line on stdout:\n  TOKEN=$(tasuki token create --email admin@example.com --name ci --scopes read)",
    )
    .action(async (options: CreateTokenOptions) => {
      if (options.expiresAt && Date.parse(options.expiresAt) <= Date.now()) {
        throw new CliError(
          EXIT.usage,
          `--expires-at が過去の日時です（${options.expiresAt}）。`,
          `--expires-at is in the past (${options.expiresAt}).`,
        );
      }
      await withDatabase(io, async ({ database, deps }) => {
        await database.migrate();
        const user = await findUserByEmail(deps.db, options.email);
        if (!user) {
          throw new CliError(
            EXIT.notFound,
            `ユーザー ${options.email} が見つかりません。`,
            `No user with the email ${options.email}.`,
          );
        }
        if (!user.active) {
          throw new CliError(
            EXIT.forbidden,
            `ユーザー ${user.email} は無効化されています。`,
            `The user ${user.email} is deactivated.`,
          );
        }
        // The CLI acts as the user at a terminal with database access: a full session, no scope cap.
        const actor: Actor = {
          userId: user.id,
          role: user.role as Role,
          teamId: user.teamId,
          via: "session",
          tokenId: null,
          scopes: null,
        };
        const { row, token } = await createApiToken(deps, actor, {
          name: options.name,
          scopes: options.scopes,
          expiresAt: options.expiresAt ?? null,
        });
        print(
          io.stderr,
          `API トークンを作成しました（${user.email}, scopes=${row.scopes.join(",")}${row.expiresAt ? `, 期限/expires ${row.expiresAt.toISOString()}` : ""}）。`,
          "この値は二度と表示されません。安全な場所に保管してください / It will not be shown again; store it safely.",
        );
        print(io.stdout, token);
      });
    });
}
