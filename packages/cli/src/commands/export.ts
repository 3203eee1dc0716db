import { once } from "node:events";
import {
  EXPORT_ENCODINGS,
  type ExportKind,
  exportQuerySchema,
  LOCALES,
  listActivitiesQuerySchema,
  listCompaniesQuerySchema,
  listOpportunitiesQuerySchema,
  listPeopleQuerySchema,
} from "@tasuki/contracts";
import { type ExportFilters, exportCsv } from "@tasuki/server/tooling";
import type { Command } from "commander";
import { type CliIo, print, withDatabase } from "../context.ts";
import { usageError } from "../errors.ts";

/** The API's own export query schemas: the CLI's filter is the list's filter, checked the same way. */
const QUERIES = {
  people: exportQuerySchema(listPeopleQuerySchema),
  companies: exportQuerySchema(listCompaniesQuerySchema),
  opportunities: exportQuerySchema(listOpportunitiesQuerySchema),
  activities: exportQuerySchema(listActivitiesQuerySchema),
} as const;

interface ExportOptions {
  encoding: string;
  lang: string;
  filter?: string;
}

function enumOption<T extends string>(flag: string, values: readonly T[]) {
  return (value: string): T => {
    if (!(values as readonly string[]).includes(value)) {
      throw usageError(
        `${flag} は ${values.join(", ")} のいずれかを指定してください（指定値: ${value}）。`,
        `${flag} must be one of ${values.join(", ")} (got: ${value}).`,
      );
    }
    return value as T;
  };
}

export function registerExport(program: Command, io: CliIo): void {
  const command = program
    .command("export")
    .description("一覧を CSV で標準出力に書き出します / Write a list as CSV to stdout");
  for (const kind of Object.keys(QUERIES) as ExportKind[]) {
    command
      .command(kind)
      .description(
        `${kind} を CSV で書き出します（API の export と同じ列・同じ絞り込み）/ Export ${kind} as CSV`,
      )
      .option(
        "--encoding <encoding>",
        "utf8（BOM 付き、既定）または shift_jis（CP932、Excel 向け）/ utf8 (with BOM, default) or shift_jis",
        enumOption("--encoding", EXPORT_ENCODINGS),
        "utf8",
      )
      .option(
        "--lang <lang>",
        "見出しの言語 ja / en（既定: ja）/ header language",
        enumOption("--lang", LOCALES),
        "ja",
      )
      .option(
        "--filter <query>",
        "一覧 API と同じ絞り込み（例: 'temperature=hot&stage=mql'）/ the list API's filter as a query string",
      )
      .addHelpText("after", `\n例 / Example:\n  tasuki export ${kind} --encoding shift_jis > ${kind}.csv`)
      .action(async (options: ExportOptions) => {
        const params = Object.fromEntries(new URLSearchParams(options.filter ?? ""));
        const parsed = QUERIES[kind].safeParse({ ...params, encoding: options.encoding, lang: options.lang });
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const field = issue?.path.join(".") ?? "";
          throw usageError(
            `--filter の ${field} が正しくありません（${options.filter}）。`,
            `--filter has a bad ${field} (${options.filter}): ${issue?.message ?? ""}`,
          );
        }
        const { encoding, lang, ...filter } = parsed.data as {
          encoding: "utf8" | "shift_jis";
          lang?: "ja" | "en";
        };
        await withDatabase(io, async ({ deps }) => {
          const out = exportCsv(deps, null, kind, filter as unknown as ExportFilters[typeof kind], {
            encoding,
            locale: lang ?? "ja",
          });
          for await (const chunk of out.stream) {
            if (!io.stdout.write(chunk as Buffer)) await once(io.stdout, "drain");
          }
          if (out.replaced() > 0) {
            print(
              io.stderr,
              `Shift_JIS で表せない ${out.replaced()} 文字を 〓 にしました。/ ${out.replaced()} characters Shift_JIS cannot hold were written as 〓.`,
            );
          }
        });
      });
  }
}
