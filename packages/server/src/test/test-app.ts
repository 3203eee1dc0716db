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
  expiresAt: Date;
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

export interface TestAppOptions {
  /** Extra configuration, e.g. `{ SESSION_TTL_HOURS: "720" }` for tests that move the clock by weeks. */
  env?: Record<string, string>;
}

/** A migrated app on the test database with one user per role; close() drops everything. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const testDatabase = await createTestDatabase();
  let current: Date | null = null;
  const sessions = new Map<Role, Session>();
  const clock = {
    now: () => current ?? new Date(),
    set: (date: Date) => {
      current = date;
    },
  };
  const config = loadConfig({ LOG_LEVEL: "silent", NODE_ENV: "test", ...options.env });
  const app = await buildApp({
    database: testDatabase.database,
    config,
    clock,
    logger: false,
    startJobs: false,
  });
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
  return {
    app,
    testDatabase,
    users,
    clock,
    async login(role) {
      const cached = sessions.get(role);
      // Sessions expire by the app's clock, which a test may have moved past them.
      if (cached && clock.now() < cached.expiresAt) return cached;
      const response = await app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { email: emailFor(role), password: TEST_PASSWORD },
      });
      if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
      const cookie = response.cookies.find((c) => c.name === "tasuki_session");
      const body = response.json() as { csrfToken: string; user: { id: string }; expiresAt: string };
      const session: Session = {
        role,
        userId: body.user.id,
        cookie: `tasuki_session=${cookie?.value}`,
        csrfToken: body.csrfToken,
        headers: { cookie: `tasuki_session=${cookie?.value}`, "x-csrf-token": body.csrfToken },
        expiresAt: new Date(body.expiresAt),
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

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * Calls the API as a role's session (cookie + CSRF), or without auth when `as` is null.
 * Returns status and parsed body, which is what every assertion looks at.
 */
export async function call<T = Record<string, unknown>>(
  t: TestApp,
  as: Role | null,
  method: Method,
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const auth = as ? (await t.login(as)).headers : {};
  const response = await t.app.inject({
    method,
    url,
    headers: { ...auth, ...headers },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
  const body = response.body ? (response.json() as T) : (undefined as T);
  return { status: response.statusCode, body };
}

export interface ErrorBody {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
}

let sequence = 0;
/** Factories: minimal valid records through the API, as the given role. */
export async function makeCompany(t: TestApp, as: Role = "marketing", extra: Record<string, unknown> = {}) {
  sequence += 1;
  const r = await call<{ id: string; version: number }>(t, as, "POST", "/api/v1/companies", {
    name: `株式会社テスト${sequence}`,
    ...extra,
  });
  if (r.status !== 201) throw new Error(`makeCompany: ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function makePerson(t: TestApp, as: Role = "marketing", extra: Record<string, unknown> = {}) {
  sequence += 1;
  const r = await call<{ id: string; version: number; stage: string }>(t, as, "POST", "/api/v1/people", {
    familyName: "山田",
    givenName: `太郎${sequence}`,
    familyNameKana: "ヤマダ",
    givenNameKana: "タロウ",
    email: `taro${sequence}-${Date.now()}@example.co.jp`,
    ...extra,
  });
  if (r.status !== 201) throw new Error(`makePerson: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Walks a person along the lifecycle as an admin, one allowed step at a time. */
export async function moveTo(t: TestApp, personId: string, path: string[]) {
  let person = (
    await call<{ version: number; stage: string }>(t, "admin", "GET", `/api/v1/people/${personId}`)
  ).body;
  for (const to of path) {
    const r = await call<{ person: { version: number; stage: string } }>(
      t,
      "admin",
      "POST",
      `/api/v1/people/${personId}/stage`,
      {
        to,
        reason: "test",
        version: person.version,
      },
    );
    if (r.status !== 200) throw new Error(`moveTo ${to}: ${JSON.stringify(r.body)}`);
    person = r.body.person;
  }
  return person;
}
