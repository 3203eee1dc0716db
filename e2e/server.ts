import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildApp, createDatabase, createUser, loadConfig } from "@tasuki/server/tooling";
import { apiLogin } from "./api.ts";
import { seedThroughApi } from "./seed.ts";

export const DEMO_PASSWORD = "tasuki-demo";
export const DEMO_USERS = {
  admin: "admin@example.com",
  marketing: "marketing@example.com",
  inside_sales: "inside-sales@example.com",
  field_sales: "field-sales@example.com",
  customer_success: "customer-success@example.com",
  manager: "manager@example.com",
} as const;

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CLI = join(ROOT, "packages/cli/src/main.ts");

export interface RunningServer {
  base: string;
  seededBy: "demo" | "api";
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/**
 * A fresh server on the embedded database in a temp folder: through the CLI with its demo
 * data when the CLI exists, else in this process with users and data created through the API.
 */
export async function startServer(log: (line: string) => void): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "tasuki-e2e-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const useCli = existsSync(CLI) && process.env.TASUKI_E2E_SEED !== "api";
  if (useCli) {
    const env = {
      ...process.env,
      TASUKI_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      // Deliveries and SLA sweeps every few seconds, so journeys see them without long waits.
      TASUKI_JOBS_INTERVAL_SECONDS: "3",
      // The channel journey's webhook receiver listens on 127.0.0.1 over http.
      TASUKI_ALLOW_PRIVATE_WEBHOOK_TARGETS: "true",
    };
    log(`seeding demo data with the CLI into ${dataDir}`);
    await runToEnd(
      spawn(process.execPath, ["--import", "tsx", CLI, "demo"], { env, cwd: ROOT, stdio: "inherit" }),
    );
    const child = spawn(process.execPath, ["--import", "tsx", CLI, "serve"], {
      env,
      cwd: ROOT,
      stdio: "inherit",
    });
    await waitForHealth(base, child);
    return {
      base,
      seededBy: "demo",
      async stop() {
        child.kill("SIGTERM");
        await new Promise((r) => child.once("exit", r));
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }

  const config = loadConfig({
    TASUKI_DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    NODE_ENV: "test",
    TASUKI_ALLOW_PRIVATE_WEBHOOK_TARGETS: "true",
  });
  const database = await createDatabase(config.database);
  await database.migrate();
  const deps = { db: database.db, clock: { now: () => new Date() }, config };
  const ids: Record<string, string> = {};
  const names: Record<keyof typeof DEMO_USERS, [string, string]> = {
    admin: ["管理", "一郎"],
    marketing: ["青木", "真理"],
    inside_sales: ["石田", "海斗"],
    field_sales: ["森本", "翔"],
    customer_success: ["藤井", "優子"],
    manager: ["長谷川", "浩"],
  };
  for (const [role, email] of Object.entries(DEMO_USERS) as [keyof typeof DEMO_USERS, string][]) {
    const [familyName, givenName] = names[role];
    const user = await createUser(deps, null, {
      email,
      familyName,
      givenName,
      role,
      password: DEMO_PASSWORD,
    });
    ids[role] = user.id;
  }
  const app = await buildApp({ database, config, logger: false });
  await app.listen({ port, host: "127.0.0.1" });
  log("seeding through the API (no demo command yet)");
  const admin = await apiLogin(base, DEMO_USERS.admin, DEMO_PASSWORD);
  const seeded = await seedThroughApi(admin, {
    fieldSalesId: ids.field_sales!,
    insideSalesId: ids.inside_sales!,
    marketingId: ids.marketing!,
  });
  log(`seeded ${seeded.people} people and ${seeded.opportunities} opportunities`);
  return {
    base,
    seededBy: "api",
    async stop() {
      await app.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function runToEnd(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`demo exited with ${code}`))));
  });
}

async function waitForHealth(base: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${base}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("server did not become healthy within 60 s");
}
