import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, json, TEST_PASSWORD, type TestApp } from "../test/test-app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

interface User {
  id: string;
  email: string;
  name: string;
  role: string;
  active: boolean;
  team: { key: string } | null;
}
interface ErrorBody {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
}

describe("users", () => {
  it("lets everyone list active users and teams, for owner pickers", async () => {
    const s = await t.login("field_sales");
    const users = await t.app.inject({ method: "GET", url: "/api/v1/users", headers: s.headers });
    expect(users.statusCode, users.body).toBe(200);
    const items = json<{ items: User[] }>(users).items;
    expect(items.map((u) => u.email)).toContain("field-sales@test.example");
    expect(items.find((u) => u.role === "field_sales")?.team?.key).toBe("field_sales");
    const teams = await t.app.inject({ method: "GET", url: "/api/v1/teams", headers: s.headers });
    expect(json<{ items: { key: string; nameJa: string }[] }>(teams).items.map((x) => x.key)).toEqual([
      "marketing",
      "inside_sales",
      "field_sales",
      "customer_success",
    ]);
  });

  it("refuses user management to anyone but admins", async () => {
    const s = await t.login("manager");
    const response = await t.app.inject({
      method: "POST",
      url: "/api/v1/users",
      headers: { ...s.headers, "accept-language": "en" },
      payload: {
        email: "x@test.example",
        familyName: "X",
        givenName: "Y",
        role: "marketing",
      },
    });
    expect(response.statusCode).toBe(403);
    expect(json<ErrorBody>(response).error.code).toBe("forbidden");
    const patch = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/users/${t.users.marketing.id}`,
      headers: s.headers,
      payload: { role: "admin" },
    });
    expect(patch.statusCode).toBe(403);
  });

  it("lets an admin create, change and deactivate a user, who then cannot sign in", async () => {
    const s = await t.login("admin");
    const created = await t.app.inject({
      method: "POST",
      url: "/api/v1/users",
      headers: s.headers,
      payload: {
        email: "New@test.example",
        familyName: "新井",
        givenName: "花子",
        role: "marketing",
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { user, invitation } = json<{ user: User; invitation: { token: string } }>(created);
    // The invited user sets their own password (invitations.test.ts covers the link itself).
    const accepted = await t.app.inject({
      method: "POST",
      url: "/api/v1/invitations/accept",
      payload: { token: invitation.token, password: "initial-password" },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(user).toMatchObject({ email: "new@test.example", name: "新井 花子", active: true });
    expect(user.team?.key).toBe("marketing");

    const duplicate = await t.app.inject({
      method: "POST",
      url: "/api/v1/users",
      headers: s.headers,
      payload: {
        email: "new@test.example",
        familyName: "A",
        givenName: "B",
        role: "marketing",
      },
    });
    expect(json<ErrorBody>(duplicate).error.code).toBe("duplicate");

    const teams = json<{ items: { id: string; key: string }[] }>(
      await t.app.inject({ method: "GET", url: "/api/v1/teams", headers: s.headers }),
    ).items;
    const insideSales = teams.find((x) => x.key === "inside_sales")!;
    const changed = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/users/${user.id}`,
      headers: s.headers,
      payload: { role: "inside_sales", teamId: insideSales.id },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(json<User>(changed)).toMatchObject({ role: "inside_sales", team: { key: "inside_sales" } });

    const login = () =>
      t.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { email: "new@test.example", password: "initial-password" },
      });
    expect((await login()).statusCode).toBe(200);
    const deactivated = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/users/${user.id}`,
      headers: s.headers,
      payload: { active: false },
    });
    expect(json<User>(deactivated).active).toBe(false);
    expect((await login()).statusCode).toBe(401);

    const active = json<{ items: User[] }>(
      await t.app.inject({ method: "GET", url: "/api/v1/users", headers: s.headers }),
    ).items;
    expect(active.some((u) => u.id === user.id)).toBe(false);
    const all = json<{ items: User[] }>(
      await t.app.inject({ method: "GET", url: "/api/v1/users?includeInactive=true", headers: s.headers }),
    ).items;
    expect(all.some((u) => u.id === user.id)).toBe(true);
  });

  it("keeps an admin from removing their own admin access", async () => {
    const s = await t.login("admin");
    const response = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/users/${s.userId}`,
      headers: s.headers,
      payload: { role: "marketing" },
    });
    expect(response.statusCode).toBe(400);
    expect(json<ErrorBody>(response).error.details?.[0]?.path).toBe("role");
  });

  it("lets users change their own name and language", async () => {
    const s = await t.login("customer_success");
    const response = await t.app.inject({
      method: "PATCH",
      url: "/api/v1/me",
      headers: s.headers,
      payload: { locale: "en", givenName: "花子" },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(json(response)).toMatchObject({ locale: "en", name: "テスト 花子" });
    const me = await t.app.inject({ method: "GET", url: "/api/v1/me", headers: s.headers });
    expect(json(me)).toMatchObject({ locale: "en" });
    const role = await t.app.inject({
      method: "PATCH",
      url: "/api/v1/me",
      headers: s.headers,
      payload: { role: "admin" },
    });
    // Unknown keys are stripped: the role cannot be changed through the profile.
    expect(role.statusCode).toBe(200);
    expect(json(role)).toMatchObject({ role: "customer_success" });
  });

  it("re-issues the CSRF token for a still-valid session cookie, and answers null without one", async () => {
    const s = await t.login("inside_sales");
    const response = await t.app.inject({
      method: "GET",
      url: "/api/v1/auth/session",
      headers: { cookie: s.cookie },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(json(response)).toMatchObject({ session: { csrfToken: s.csrfToken, user: { id: s.userId } } });
    const anonymous = await t.app.inject({ method: "GET", url: "/api/v1/auth/session" });
    expect(anonymous.statusCode).toBe(200);
    expect(json(anonymous)).toEqual({ session: null });
    const fresh = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: "inside-sales@test.example", password: TEST_PASSWORD },
    });
    const cookie = fresh.cookies.find((c) => c.name === "tasuki_session")!;
    await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/logout",
      headers: { cookie: `tasuki_session=${cookie.value}` },
    });
    const afterLogout = await t.app.inject({
      method: "GET",
      url: "/api/v1/auth/session",
      headers: { cookie: `tasuki_session=${cookie.value}` },
    });
    expect(json(afterLogout)).toEqual({ session: null });
  });
});
