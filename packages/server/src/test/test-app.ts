import { ROLES, type Role } from "@tasuki/domain";
import type { LightMyRequestResponse } from "fastify";
import { buildApp } from "../app.ts";
import { loadConfig } from "../config.ts";
import type { App, Clock } from "../http/types.ts";
import { createUser } from "../users/users.service.ts";
import { createTestDatabase, type TestDatabase } from "./test-database.ts";

export const TEST_PASSWORD = "correct-horse-battery";

export interface Session {
  role: Role;
  userId: string;
  cookie: string;
  csrfToken: string;
  headers: Record<string, string>;
}

export interface TestApp {
  app: App;
  testDatabase: TestDatabase;
  /** One user per role, email `<role>@test.example` with `_` as `-`. */
  users: Record<Role, { id: string; email: string }>;
  clock: Clock & { set(date: Date): void };
  login(role: Role): Promise<Session>;
  close(): Promise<void>;
}

export const emailFor = (role: Role) => `${role.replace(/_/g, "-")}@test.example`;

/** A migrated app on the test database with one user per role; close() drops everything. */
export async function createTestApp(): Promise<TestApp> {
  const testDatabase = await createTestDatabase();
  let current: Date | null = null;
  const clock = {
    now: () => current ?? new Date(),
    set: (date: Date) => {
      current = date;
    },
  };
  const config = loadConfig({ LOG_LEVEL: "silent", NODE_ENV: "test" });
  const app = await buildApp({ database: testDatabase.database, config, clock, logger: false });
  await app.ready();
  const deps = { db: testDatabase.database.db, clock, config };
  const users = {} as TestApp["users"];
  for (const role of ROLES) {
    const user = await createUser(deps, null, {
      email: emailFor(role),
      familyName: "テスト",
      givenName: role,
      role,
      password: TEST_PASSWORD,
    });
    users[role] = { id: user.id, email: user.email };
  }
  const sessions = new Map<Role, Session>();
  return {
    app,
    testDatabase,
    users,
    clock,
    async login(role) {
      const cached = sessions.get(role);
      if (cached) return cached;
      const response = await app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { email: emailFor(role), password: TEST_PASSWORD },
      });
      if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
      const cookie = response.cookies.find((c) => c.name === "tasuki_session");
      const body = response.json() as { csrfToken: string; user: { id: string } };
      const session: Session = {
        role,
        userId: body.user.id,
        cookie: `tasuki_session=${cookie?.value}`,
        csrfToken: body.csrfToken,
        headers: { cookie: `tasuki_session=${cookie?.value}`, "x-csrf-token": body.csrfToken },
      };
      sessions.set(role, session);
      return session;
    },
    async close() {
      await app.close();
      await testDatabase.drop();
    },
  };
}

/** Parses a JSON response body with a type, for readable assertions. */
export function json<T = Record<string, unknown>>(response: LightMyRequestResponse): T {
  return response.json() as T;
}
