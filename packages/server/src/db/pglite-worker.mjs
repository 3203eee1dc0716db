// The worker thread that owns the PGlite instance (see pglite-client.ts). PGlite runs each
// statement synchronously in WebAssembly, so on the HTTP thread one long statement would stop
// every request (health checks included); here it only stops this thread.
// Plain JavaScript: a worker does not inherit tsx's or vitest's TypeScript loader.
import { mkdirSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";

const identity = (value) => value;

/** The same fields on the main thread, so `code` (SQLSTATE), `constraint`… reach the error handler. */
function serializeError(error) {
  const plain = { message: String(error?.message ?? error), name: error?.name ?? "Error" };
  for (const key of Object.keys(error ?? {})) {
    const value = error[key];
    if (value === undefined || typeof value === "function" || key === "query" || key === "params") continue;
    plain[key] = typeof value === "object" && value !== null ? JSON.parse(JSON.stringify(value)) : value;
  }
  return plain;
}

async function main() {
  const { dataDir } = workerData;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  let db;
  try {
    db = await PGlite.create(dataDir ?? undefined, { extensions: { pg_trgm } });
  } catch (error) {
    parentPort.postMessage({ id: 0, error: serializeError(error) });
    return;
  }
  parentPort.postMessage({ id: 0, result: null });
  // PGlite queues statements itself; the main thread keeps transactions from interleaving.
  parentPort.on("message", async (message) => {
    try {
      let result = null;
      if (message.type === "query") {
        const options = { rowMode: message.rowMode ?? "object" };
        if (message.identityTypes?.length) {
          options.parsers = Object.fromEntries(message.identityTypes.map((oid) => [oid, identity]));
        }
        if (message.blobText !== undefined) options.blob = new Blob([message.blobText]);
        const { rows, fields, affectedRows } = await db.query(message.sql, message.params ?? [], options);
        result = { rows, fields, affectedRows };
      } else if (message.type === "exec") {
        result = (await db.exec(message.sql)).map(({ rows, fields, affectedRows }) => ({
          rows,
          fields,
          affectedRows,
        }));
      } else if (message.type === "close") {
        await db.close();
      }
      parentPort.postMessage({ id: message.id, result });
      if (message.type === "close") parentPort.close();
    } catch (error) {
      parentPort.postMessage({ id: message.id, error: serializeError(error) });
    }
  });
}

main();
