import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { createDatabase } from "@tasuki/server/tooling";
import { sql } from "drizzle-orm";
import iconv from "iconv-lite";
import { afterAll, describe, expect, it } from "vitest";
import { EXIT } from "../errors.ts";
import { runCli } from "../program.ts";

const dir = mkdtempSync(join(tmpdir(), "tasuki-cli-export-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function tasuki(args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  let err = "";
  stdout.on("data", (chunk: Buffer) => out.push(chunk));
  stderr.on("data", (chunk: Buffer) => {
    err += chunk.toString();
  });
  const env = { LOG_LEVEL: "warn", TASUKI_DATA_DIR: dir };
  const code = await runCli(args, { env, stdout, stderr, stdin: new PassThrough() });
  return { code, stdout: Buffer.concat(out), stderr: err };
}

describe("tasuki export", () => {
  it("writes the filtered list as Shift_JIS CSV to stdout, guarded", { timeout: 120_000 }, async () => {
    const database = await createDatabase({ kind: "pglite", dataDir: dir });
    await database.migrate();
    await database.db.execute(
      sql`insert into people (family_name, given_name, temperature) values ('髙橋', '=HYPERLINK()', 'hot'), ('冷', '太郎', 'cold')`,
    );
    await database.close();

    const r = await tasuki(["export", "people", "--encoding", "shift_jis", "--filter", "temperature=hot"]);
    expect(r.code, r.stderr).toBe(0);
    const lines = iconv.decode(r.stdout, "cp932").split("\r\n");
    expect(lines[0]).toMatch(/^ID,姓,名,セイ,メイ/);
    expect(lines).toHaveLength(3); // header, one row, and the empty string after the last CRLF
    expect(lines[1]).toContain(",髙橋,'=HYPERLINK(),");

    const en = await tasuki(["export", "companies", "--lang", "en"]);
    expect(en.code, en.stderr).toBe(0);
    expect([...en.stdout.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(en.stdout.subarray(3).toString("utf8")).toMatch(/^ID,Name,Name \(kana\)/);
  });

  it("refuses a bad encoding or filter with exit 2, naming it", { timeout: 60_000 }, async () => {
    const badEncoding = await tasuki(["export", "people", "--encoding", "latin1"]);
    expect(badEncoding.code).toBe(EXIT.usage);
    expect(badEncoding.stderr).toContain("--encoding");
    const badFilter = await tasuki(["export", "opportunities", "--filter", "status=maybe"]);
    expect(badFilter.code).toBe(EXIT.usage);
    expect(badFilter.stderr).toContain("status");
  });
});
