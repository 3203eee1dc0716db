import { buildApp, findDemoLogins } from "@tasuki/server/tooling";
import type { Command } from "commander";
import { type CliIo, describeDatabase, openDatabase, print } from "../context.ts";
import { CliError, EXIT } from "../errors.ts";
import { integerOption } from "../options.ts";

const SHUTDOWN_GRACE_MS = 10_000;

export function registerServe(program: Command, io: CliIo): void {
  program
    .command("serve")
    .description(
      "Web アプリと API を起動します（起動時にマイグレーションを実行）/ Start the web app and API (migrates first)",
    )
    .option(
      "--port <n>",
      "待ち受けるポート（既定: PORT または 3000）/ port to listen on (default: PORT or 3000)",
      integerOption("--port", 1, 65_535),
    )
    .option(
      "--host <host>",
      "待ち受けるアドレス（既定: HOST または 0.0.0.0）/ address to bind (default: HOST or 0.0.0.0)",
    )
    .action(async (options: { port?: number; host?: string }) => {
      await serve(io, options);
    });
}

async function serve(io: CliIo, options: { port?: number; host?: string }): Promise<void> {
  const { config, database } = await openDatabase(io);
  const port = options.port ?? config.port;
  const host = options.host ?? config.host;
  let app: Awaited<ReturnType<typeof buildApp>> | null = null;
  try {
    await database.migrate();
    app = await buildApp({ database, config: { ...config, port, host } });
    await app.listen({ port, host });
  } catch (error) {
    await app?.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    if ((error as { code?: string }).code === "EADDRINUSE") {
      throw new CliError(
        EXIT.conflict,
        `ポート ${port} は既に使われています。--port で別のポートを指定してください。`,
        `Port ${port} is already in use. Choose another with --port.`,
      );
    }
    throw error;
  }

  const shown = host === "0.0.0.0" || host === "::" ? "localhost" : host.includes(":") ? `[${host}]` : host;
  print(
    io.stdout,
    "",
    `Tasuki を起動しました / Tasuki is running: http://${shown}:${port}`,
    `  データベース / database: ${describeDatabase(config)}`,
    `  API リファレンス / API reference: http://${shown}:${port}/api/docs`,
  );
  const logins = await findDemoLogins(database).catch(() => []);
  if (logins.length > 0) {
    print(io.stdout, "", "デモ用ログイン / Demo logins (password: tasuki-demo):");
    for (const login of logins) print(io.stdout, `  ${login.email.padEnd(30)} ${login.role}`);
  }
  print(io.stdout, "", "停止するには Ctrl+C / Press Ctrl+C to stop", "");

  // Resolve when a signal has closed everything, so the command returns and the process exits 0.
  await new Promise<void>((resolve, reject) => {
    let stopping = false;
    const stop = async (signal: NodeJS.Signals) => {
      if (stopping) {
        print(io.stderr, "強制終了します / Forcing exit");
        process.exit(EXIT.unexpected);
      }
      stopping = true;
      print(io.stderr, `${signal} を受信、停止しています… / Received ${signal}, shutting down…`);
      const timer = setTimeout(() => {
        print(io.stderr, "停止がタイムアウトしました / Shutdown timed out");
        process.exit(EXIT.unexpected);
      }, SHUTDOWN_GRACE_MS);
      timer.unref();
      try {
        await app?.close();
        await database.close();
        clearTimeout(timer);
        resolve();
      } catch (error) {
        clearTimeout(timer);
        reject(error);
      }
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
