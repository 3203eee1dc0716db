/**
 * The server the benchmark drives, run as its own process so its memory can be measured: the
 * real app from `buildApp` (same routes, plugins and database code as `tasuki serve`) plus one
 * route that does nothing (`GET /bench/hello`), the ceiling a route with no work reaches on the
 * same server. It finishes any queued job first (the demo queues the rescore of big seeds), creates
 * a write-scoped API token for the admin, and prints one JSON line `{ "port", "token" }` on stdout.
 *
 * Environment: DATABASE_URL or TASUKI_DATA_DIR, as for `tasuki serve`.
 */

import type { Actor } from "@tasuki/server/tooling";
import {
  buildApp,
  createApiToken,
  createDatabase,
  demoLoginEmail,
  findUserByEmail,
  loadConfig,
  waitForAllJobs,
} from "@tasuki/server/tooling";

const config = loadConfig({ ...process.env, LOG_LEVEL: "warn", TASUKI_JOBS: "off" });
const database = await createDatabase(config.database);
await database.migrate();
const app = await buildApp({ database, config, logger: process.env.BENCH_LOG === "1", startJobs: false });
app.get("/bench/hello", { schema: { hide: true } }, async () => ({ hello: "world" }));
// Requests still being answered: the harness waits for zero between workloads, so one workload's
// backlog (requests autocannon gave up on) does not slow the next. A request counts from the moment
// its body has arrived (preValidation) until its answer is produced (onSend runs even when the client
// has already gone). Counting from onRequest instead left the count stuck: when a workload ends,
// autocannon leaves the last 100-item uploads half-sent on open sockets, and those never reach a
// handler, nor count as aborted.
const inFlight = new Map<object, { method: string; url: string; since: number }>();
app.addHook("preValidation", async (request) => {
  if (request.routeOptions.url === "/bench/in-flight") return;
  inFlight.set(request, { method: request.method, url: request.url.slice(0, 80), since: Date.now() });
});
app.addHook("onSend", async (request) => {
  inFlight.delete(request);
});
app.get("/bench/in-flight", { schema: { hide: true } }, async () => ({
  inFlight: inFlight.size,
  oldest: [...inFlight.values()]
    .slice(0, 3)
    .map((r) => ({ ...r, seconds: Math.round((Date.now() - r.since) / 1000) })),
}));
await app.ready();
await waitForAllJobs();

const email = process.env.BENCH_USER_EMAIL ?? demoLoginEmail("admin");
const user = await findUserByEmail(database.db, email);
if (!user) throw new Error(`No user ${email}: seed the demo first`);
const actor: Actor = {
  userId: user.id,
  role: user.role as Actor["role"],
  teamId: user.teamId,
  via: "session",
  tokenId: null,
  scopes: null,
};
const { token } = await createApiToken({ db: database.db, clock: { now: () => new Date() }, config }, actor, {
  name: `bench ${new Date().toISOString()}`,
  scopes: ["read", "write"],
  expiresAt: null,
});
await app.listen({ port: 0, host: "127.0.0.1" });
const address = app.server.address();
const port = typeof address === "object" && address ? address.port : 0;
process.stdout.write(`${JSON.stringify({ port, token, pid: process.pid })}\n`);

const stop = async () => {
  await app.close();
  await database.close();
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
