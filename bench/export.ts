/**
 * Export memory and speed (issue #20: a million rows stream with flat memory): exportPeople's
 * code path (`exportCsv`, the list's keyset pages in batches) over N generated people, written
 * to a sink that only counts bytes, in UTF-8 and in Shift_JIS.
 *
 *   npm run bench -- export                                   # 1,000,000 people on PostgreSQL
 *   npm run bench -- export --people 100000 --backend pglite
 *
 * The people are generated set-based (one INSERT … SELECT from generate_series, with companies,
 * kana, e-mail and a formula-like name now and then) in a scratch database that is dropped
 * afterwards. RSS is sampled every 50 ms during each pass: the peak, and the peak minus the RSS
 * before the pass, which is what the export itself holds. Results are appended to
 * bench/EXPORT.json and shown in bench/EXPORT.md (`--no-record` skips both).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createDatabase, exportCsv, loadConfig } from "@tasuki/server/tooling";
import { sql } from "drizzle-orm";
import { type Backend, createScratch } from "./lib/scratch.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const MB = 1024 * 1024;

interface ExportPass {
  encoding: "utf8" | "shift_jis";
  rows: number;
  bytes: number;
  seconds: number;
  rowsPerSecond: number;
  rssBeforeMb: number;
  peakRssMb: number;
  peakGrowthMb: number;
}

interface ExportBenchResult {
  at: string;
  command: string;
  backend: Backend;
  people: number;
  seedSeconds: number;
  machine: { cpus: number; memoryGb: number; node: string };
  passes: ExportPass[];
}

async function runExportBench(backend: Backend, people: number): Promise<ExportBenchResult> {
  const scratch = await createScratch(backend, `tasuki_bench_export_${process.pid}`);
  const database = await createDatabase(scratch.database);
  try {
    await database.migrate();
    const db = database.db;
    const seedStarted = performance.now();
    await db.execute(sql`insert into companies (name, name_kana, industry)
      select '株式会社ベンチ' || g, 'ベンチ' || g, 'it_software' from generate_series(1, 1000) g`);
    await db.execute(sql`insert into people (family_name, given_name, family_name_kana, given_name_kana, email, department, title, company_id, temperature, source)
      select
        (array['佐藤','鈴木','髙橋','田中','渡辺','伊藤','山本','中村','小林','加藤'])[1 + g % 10],
        (array['太郎','花子','一郎','美咲','健太','=HYPERLINK(x)'])[1 + g % 6],
        (array['サトウ','スズキ','タカハシ','タナカ','ワタナベ','イトウ','ヤマモト','ナカムラ','コバヤシ','カトウ'])[1 + g % 10],
        'タロウ',
        'user' || g || '@example.co.jp',
        '営業部',
        '部長',
        c.id,
        (array['hot','warm','cold'])[1 + g % 3],
        'bench'
      from generate_series(1, ${people}) g
      join (select id, row_number() over (order by id) - 1 as n from companies) c on c.n = g % 1000`);
    await db.execute(sql`analyze`);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const deps = { db, clock: { now: () => new Date() }, config: loadConfig({ LOG_LEVEL: "silent" }) };
    const passes: ExportPass[] = [];
    for (const encoding of ["utf8", "shift_jis"] as const) {
      global.gc?.();
      const rssBefore = process.memoryUsage().rss;
      let peak = rssBefore;
      const timer = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 50);
      let bytes = 0;
      let newlines = 0;
      const started = performance.now();
      const out = exportCsv(
        deps,
        null,
        "people",
        { sort: "createdAt", order: "desc" },
        { encoding, locale: "ja" },
      );
      await pipeline(
        out.stream,
        new Writable({
          write(chunk: Buffer, _encoding, done) {
            bytes += chunk.length;
            for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) newlines++;
            done();
          },
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      const rows = newlines - 1;
      passes.push({
        encoding,
        rows,
        bytes,
        seconds: round(seconds),
        rowsPerSecond: Math.round(rows / seconds),
        rssBeforeMb: round(rssBefore / MB),
        peakRssMb: round(peak / MB),
        peakGrowthMb: round((peak - rssBefore) / MB),
      });
      console.log(JSON.stringify(passes.at(-1)));
    }
    return {
      at: new Date().toISOString(),
      command: "",
      backend,
      people,
      seedSeconds: round(seedSeconds),
      machine: { cpus: cpus().length, memoryGb: round(totalmem() / 1024 ** 3), node: process.version },
      passes,
    };
  } finally {
    await database.close();
    await scratch.drop();
  }
}

const round = (n: number) => Math.round(n * 10) / 10;

function renderResults(all: ExportBenchResult[]): string {
  const lines = [
    "| at | backend | people | encoding | rows | MB written | s | rows/s | RSS before MB | peak RSS MB | growth MB |",
    "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const run of [...all].reverse()) {
    for (const p of run.passes) {
      lines.push(
        `| ${run.at.slice(0, 16)} | ${run.backend} | ${run.people.toLocaleString("en-US")} | ${p.encoding} | ${p.rows.toLocaleString("en-US")} | ${round(p.bytes / MB)} | ${p.seconds} | ${p.rowsPerSecond.toLocaleString("en-US")} | ${p.rssBeforeMb} | ${p.peakRssMb} | ${p.peakGrowthMb} |`,
      );
    }
  }
  return lines.join("\n");
}

const { values } = parseArgs({
  options: {
    backend: { type: "string", default: "postgres" },
    people: { type: "string", default: "1000000" },
    "no-record": { type: "boolean", default: false },
  },
});
const result = await runExportBench(
  values.backend === "pglite" ? "pglite" : "postgres",
  Number(values.people),
);
result.command = `npm run bench -- export ${process.argv.slice(2).join(" ")}`.trim();
console.log(JSON.stringify(result, null, 2));
if (!values["no-record"]) {
  const jsonPath = join(ROOT, "bench/EXPORT.json");
  const all = existsSync(jsonPath) ? (JSON.parse(readFileSync(jsonPath, "utf8")) as ExportBenchResult[]) : [];
  all.push(result);
  writeFileSync(jsonPath, `${JSON.stringify(all, null, 2)}\n`);
  const mdPath = join(ROOT, "bench/EXPORT.md");
  const md = readFileSync(mdPath, "utf8");
  const start = "<!-- results:start -->";
  const end = "<!-- results:end -->";
  writeFileSync(
    mdPath,
    `${md.slice(0, md.indexOf(start) + start.length)}\n${renderResults(all)}\n${md.slice(md.indexOf(end))}`,
  );
}
