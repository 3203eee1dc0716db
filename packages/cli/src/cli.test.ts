import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { ERROR_CODES } from "@tasuki/contracts";
import { afterAll, describe, expect, it } from "vitest";
import { EXIT, exitCodeForError } from "./errors.ts";
import { runCli } from "./program.ts";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const MAIN = "packages/cli/src/main.ts";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `tasuki …` as the root scripts do, with the database chosen only by `env`. */
function tasuki(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const { DATABASE_URL: _url, TASUKI_DATA_DIR: _dir, TASUKI_PASSWORD: _password, ...inherited } = process.env;
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ["--import", "tsx", MAIN, ...args],
      { cwd: ROOT, env: { ...inherited, LOG_LEVEL: "warn", ...env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr });
      },
    );
    child.stdin?.end();
  });
}

/** The same commands in this process (no tsx start-up per call), with captured output. */
async function tasukiInProcess(args: string[], env: Record<string, string>): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  stderr.on("data", (chunk: Buffer) => {
    err += chunk.toString();
  });
  const code = await runCli(args, { env: { LOG_LEVEL: "warn", ...env }, stdout, stderr, stdin });
  return { code, stdout: out, stderr: err };
}

const dataDirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "tasuki-cli-"));
  dataDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

describe("tasuki CLI", () => {
  it("lists its commands and exit codes in --help", { timeout: 60_000 }, async () => {
    const run = await tasuki(["--help"]);
    expect(run.code).toBe(0);
    for (const command of ["serve", "migrate", "demo", "user", "token"])
      expect(run.stdout).toContain(command);
    expect(run.stdout).toContain("6 database unreachable");
  });

  it("documents the demo options", { timeout: 60_000 }, async () => {
    const run = await tasuki(["demo", "--help"]);
    expect(run.code).toBe(0);
    for (const option of ["--seed", "--people", "--months", "--today", "--if-empty"])
      expect(run.stdout).toContain(option);
  });

  it("rejects bad usage with exit 2, Japanese first and then English", { timeout: 90_000 }, async () => {
    const badValue = await tasuki(["demo", "--people", "lots"]);
    expect(badValue.code).toBe(EXIT.usage);
    const lines = badValue.stderr.trim().split("\n");
    expect(lines[0]).toMatch(/^エラー: --people には 1 から/);
    expect(lines[1]).toMatch(/^Error: --people must be an integer/);

    const unknownOption = await tasuki(["demo", "--bogus"]);
    expect(unknownOption.code).toBe(EXIT.usage);
    expect(unknownOption.stderr).toContain("不明なオプション");
    expect(unknownOption.stderr).toContain("unknown option '--bogus'");

    const missing = await tasuki(["user", "create", "--email", "a@example.com"]);
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.stderr).toContain("必須のオプション");
    expect(missing.stderr).toContain("tasuki user create --help");

    const badDay = await tasuki(["demo", "--today", "2026-02-30"]);
    expect(badDay.code).toBe(EXIT.usage);

    const nothing = await tasuki([]);
    expect(nothing.code).toBe(EXIT.usage);
    expect(nothing.stderr).toContain("Usage: tasuki");
  });

  it("exits 6 when the database cannot be reached", { timeout: 60_000 }, async () => {
    const run = await tasuki(["migrate"], { DATABASE_URL: "postgres://postgres@127.0.0.1:1/tasuki" });
    expect(run.code).toBe(EXIT.databaseUnreachable);
    expect(run.stderr).toContain("データベースに接続できません");
    expect(run.stderr).toContain("Cannot reach the database");
  });

  it("seeds once, refuses a second time unless --if-empty, and creates users and tokens", async () => {
    const env = { TASUKI_DATA_DIR: dataDir() };
    const seeded = await tasukiInProcess(
      ["demo", "--people", "120", "--months", "2", "--today", "2026-06-15"],
      env,
    );
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(seeded.stdout).toContain("inside-sales@example.com");

    const again = await tasukiInProcess(["demo", "--people", "120"], env);
    expect(again.code).toBe(EXIT.conflict);
    expect(again.stderr).toContain("既にデータがあります");
    expect((await tasukiInProcess(["demo", "--if-empty"], env)).code).toBe(0);

    const noPassword = await tasukiInProcess(
      [
        "user",
        "create",
        "--email",
        "new@example.com",
        "--role",
        "inside-sales",
        "--family-name",
        "佐藤",
        "--given-name",
        "花子",
      ],
      env,
    );
    expect(noPassword.code).toBe(EXIT.usage);
    expect(noPassword.stderr).toContain("TASUKI_PASSWORD");
    const created = await tasukiInProcess(
      [
        "user",
        "create",
        "--email",
        "new@example.com",
        "--role",
        "inside-sales",
        "--family-name",
        "佐藤",
        "--given-name",
        "花子",
      ],
      { ...env, TASUKI_PASSWORD: "a-long-enough-password" },
    );
    expect(created.code, created.stderr).toBe(0);
    const duplicate = await tasukiInProcess(
      [
        "user",
        "create",
        "--email",
        "NEW@example.com",
        "--role",
        "marketing",
        "--family-name",
        "佐藤",
        "--given-name",
        "花子",
      ],
      { ...env, TASUKI_PASSWORD: "a-long-enough-password" },
    );
    expect(duplicate.code).toBe(EXIT.conflict);

    const token = await tasukiInProcess(
      ["token", "create", "--email", "new@example.com", "--name", "ci", "--scopes", "read,write"],
      env,
    );
    expect(token.code, token.stderr).toBe(0);
    expect(token.stdout.trim()).toMatch(/^tsk_[A-Za-z0-9_-]{43}$/);
    const unknownUser = await tasukiInProcess(
      ["token", "create", "--email", "nobody@example.com", "--name", "ci"],
      env,
    );
    expect(unknownUser.code).toBe(EXIT.notFound);
  }, 180_000);
});

describe("exit codes", () => {
  it("map every server error code through its HTTP status", () => {
    const codes = Object.fromEntries(ERROR_CODES.map((code) => [code, exitCodeForError(code)]));
    expect(codes).toMatchObject({
      validation_failed: EXIT.usage,
      invalid_corporate_number: EXIT.usage,
      not_found: EXIT.notFound,
      duplicate: EXIT.conflict,
      version_conflict: EXIT.conflict,
      invalid_stage_transition: EXIT.conflict,
      unauthenticated: EXIT.forbidden,
      forbidden: EXIT.forbidden,
      internal: EXIT.unexpected,
    });
  });
});
