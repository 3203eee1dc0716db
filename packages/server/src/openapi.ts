import { buildApp } from "./app.ts";
import { loadConfig } from "./config.ts";
import { createDatabase } from "./db/database.ts";

/** The OpenAPI document as committed in docs/openapi.json: stable key order, trailing newline. */
export async function generateOpenApiDocument(): Promise<string> {
  const database = await createDatabase({ kind: "pglite", dataDir: null });
  await database.migrate(); // start-up hooks read the database
  const app = await buildApp({
    database,
    config: loadConfig({ LOG_LEVEL: "silent" }),
    logger: false,
    startJobs: false,
  });
  try {
    await app.ready();
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
    await database.close();
  }
}
