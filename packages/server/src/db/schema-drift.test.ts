import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SCHEMA = fileURLToPath(new URL("./schema.ts", import.meta.url));
const MIGRATIONS = fileURLToPath(new URL("./migrations", import.meta.url));
const DRIZZLE_KIT = fileURLToPath(new URL("../../../../node_modules/.bin/drizzle-kit", import.meta.url));

/**
 * The drizzle schema and the migrations say the same thing: drizzle-kit, run against a copy of
 * the migrations, finds nothing to generate. A schema change without its migration fails here.
 * It reads files only, so it runs once (in the PGlite project), not once per database.
 */
describe.skipIf(process.env.TASUKI_TEST_DB === "postgres")("schema and migrations", () => {
  it("drizzle-kit finds no schema change missing from the migrations", () => {
    const scratch = mkdtempSync(join(tmpdir(), "tasuki-drift-"));
    try {
      cpSync(MIGRATIONS, join(scratch, "migrations"), { recursive: true });
      writeFileSync(
        join(scratch, "drizzle.config.ts"),
        `export default ${JSON.stringify({ dialect: "postgresql", schema: SCHEMA, out: "./migrations" })};\n`,
      );
      const before = readdirSync(join(scratch, "migrations")).sort();
      const output = execFileSync(DRIZZLE_KIT, ["generate", "--config", "drizzle.config.ts"], {
        cwd: scratch,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
      expect(readdirSync(join(scratch, "migrations")).sort()).toEqual(before);
      expect(output).toContain("No schema changes");
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 60_000);
});
