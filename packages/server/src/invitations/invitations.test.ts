import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, json, type TestApp } from "../test/test-app.ts";
import { INVITATION_LIMIT_PER_ADDRESS } from "./invitations.routes.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

interface Created {
  user: { id: string; email: string; name: string; active: boolean };
  invitation: { id: string; userId: string; token: string; expiresAt: string };
}
interface ErrorBody {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
}

const NEW_PASSWORD = "my-own-password-1";
let address = 0;
/** Each call from its own address, so the per-address limit only bites in the test about it. */
const nextAddress = () => `192.0.2.${(address++ % 250) + 1}`;

async function invite(email: string, extra: Record<string, unknown> = {}) {
  const admin = await t.login("admin");
  return t.app.inject({
    method: "POST",
    url: "/api/v1/users",
    headers: admin.headers,
    payload: { email, familyName: "招待", givenName: "太郎", role: "field_sales", ...extra },
  });
}
const check = (token: string, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: "POST",
    url: "/api/v1/invitations/check",
    remoteAddress: nextAddress(),
    headers,
    payload: { token },
  });
const accept = (token: string, password = NEW_PASSWORD, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: "POST",
    url: "/api/v1/invitations/accept",
    remoteAddress: nextAddress(),
    headers,
    payload: { token, password },
  });
const signIn = (email: string, password: string) =>
  t.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email, password } });

describe("invitations", () => {
  it("creates a user without a password and a 72 h link with which they set their own and are signed in", async () => {
    const now = new Date("2026-12-01T00:00:00Z");
    t.clock.set(now);
    const created = await invite("Invited@test.example");
    expect(created.statusCode, created.body).toBe(201);
    const { user, invitation } = json<Created>(created);
    expect(user).toMatchObject({ email: "invited@test.example", name: "招待 太郎", active: true });
    expect(invitation.userId).toBe(user.id);
    expect(new Date(invitation.expiresAt).getTime() - now.getTime()).toBe(72 * 3600_000);

    // Only the SHA-256 of the token is stored, and no password hash until the user sets one.
    const stored = (await t.testDatabase.database.db.execute(
      `select token_hash from invitations where user_id = '${user.id}'` as never,
    )) as unknown as { rows: { token_hash: string }[] };
    expect(stored.rows).toEqual([
      { token_hash: createHash("sha256").update(invitation.token).digest("hex") },
    ]);
    expect(JSON.stringify(stored.rows)).not.toContain(invitation.token);
    const hash = (await t.testDatabase.database.db.execute(
      `select password_hash from users where id = '${user.id}'` as never,
    )) as unknown as { rows: { password_hash: string | null }[] };
    expect(hash.rows[0]?.password_hash).toBeNull();
    expect((await signIn("invited@test.example", "anything-at-all")).statusCode).toBe(401);

    const admin = await t.login("admin");
    const pending = await t.app.inject({ method: "GET", url: "/api/v1/invitations", headers: admin.headers });
    expect(pending.statusCode, pending.body).toBe(200);
    expect(json<{ items: { userId: string; expired: boolean }[] }>(pending).items).toContainEqual(
      expect.objectContaining({ userId: user.id, expired: false, email: "invited@test.example" }),
    );
    expect(pending.body).not.toContain(invitation.token);

    const checked = await check(invitation.token);
    expect(checked.statusCode, checked.body).toBe(200);
    expect(json(checked)).toMatchObject({ email: "invited@test.example", name: "招待 太郎" });

    const accepted = await accept(invitation.token);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(json(accepted)).toMatchObject({ user: { id: user.id, role: "field_sales" } });
    const cookie = accepted.cookies.find((c) => c.name === "tasuki_session");
    expect(cookie?.httpOnly).toBe(true);
    const me = await t.app.inject({
      method: "GET",
      url: "/api/v1/me",
      headers: { cookie: `tasuki_session=${cookie?.value}` },
    });
    expect(json(me)).toMatchObject({ id: user.id });
    expect((await signIn("invited@test.example", NEW_PASSWORD)).statusCode).toBe(200);

    // Single use: the same link again is refused, in Japanese by default and English on request.
    const again = await accept(invitation.token, "another-password-2");
    expect(again.statusCode).toBe(410);
    expect(json<ErrorBody>(again).error.code).toBe("invitation_used");
    expect(json<ErrorBody>(again).error.message).toContain("すでに使われた");
    const againEn = await check(invitation.token, { "accept-language": "en" });
    expect(json<ErrorBody>(againEn).error.message).toContain("already been used");
    expect((await signIn("invited@test.example", "another-password-2")).statusCode).toBe(401);
    const after = await t.app.inject({ method: "GET", url: "/api/v1/invitations", headers: admin.headers });
    expect(json<{ items: { userId: string }[] }>(after).items.some((i) => i.userId === user.id)).toBe(false);

    const audit = (await t.testDatabase.database.db.execute(
      `select action from audit_log where entity_id = '${user.id}' order by at` as never,
    )) as unknown as { rows: { action: string }[] };
    const actions = audit.rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["user.create", "invitation.issue", "invitation.accept"]));
  });

  it("refuses an expired link on the server, and a re-issued link replaces the old one", async () => {
    const start = new Date("2026-12-02T00:00:00Z");
    t.clock.set(start);
    const { user, invitation } = json<Created>(await invite("late@test.example"));
    t.clock.set(new Date(start.getTime() + 72 * 3600_000 + 1000));
    const expired = await accept(invitation.token);
    expect(expired.statusCode).toBe(410);
    expect(json<ErrorBody>(expired).error.code).toBe("invitation_expired");
    expect(json<ErrorBody>(expired).error.message).toContain("有効期限");
    const expiredEn = await check(invitation.token, { "accept-language": "en" });
    expect(json<ErrorBody>(expiredEn).error.message).toContain("expired");

    const admin = await t.login("admin");
    const listed = await t.app.inject({ method: "GET", url: "/api/v1/invitations", headers: admin.headers });
    expect(json<{ items: { userId: string; expired: boolean }[] }>(listed).items).toContainEqual(
      expect.objectContaining({ userId: user.id, expired: true }),
    );

    const reissued = await t.app.inject({
      method: "POST",
      url: `/api/v1/users/${user.id}/invitation`,
      headers: admin.headers,
    });
    expect(reissued.statusCode, reissued.body).toBe(201);
    const fresh = json<Created["invitation"]>(reissued);
    expect(fresh.token).not.toBe(invitation.token);
    const second = json<Created["invitation"]>(
      await t.app.inject({
        method: "POST",
        url: `/api/v1/users/${user.id}/invitation`,
        headers: admin.headers,
      }),
    );
    // The newer link works; the one it replaced does not.
    expect(json<ErrorBody>(await accept(fresh.token)).error.code).toBe("invitation_used");
    expect((await accept(second.token)).statusCode).toBe(200);
    t.clock.set(new Date());
  });

  it("refuses a password in the admin API, short passwords, unknown tokens and non-admins", async () => {
    const withPassword = await invite("typed@test.example", { password: "admin-typed-password" });
    expect(withPassword.statusCode).toBe(400);
    expect(json<ErrorBody>(withPassword).error.details?.[0]).toMatchObject({ path: "password" });
    expect(json<ErrorBody>(withPassword).error.details?.[0]?.message).toContain("招待リンク");
    const admin = await t.login("admin");
    const patch = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/users/${t.users.marketing.id}`,
      headers: admin.headers,
      payload: { password: "admin-typed-password" },
    });
    expect(patch.statusCode).toBe(400);
    expect(json<ErrorBody>(patch).error.details?.[0]).toMatchObject({ path: "password" });

    const { invitation } = json<Created>(await invite("short@test.example"));
    const short = await accept(invitation.token, "short");
    expect(short.statusCode).toBe(400);
    expect(json<ErrorBody>(short).error.details?.[0]).toMatchObject({ path: "password" });
    expect(json<ErrorBody>(short).error.details?.[0]?.message).toContain("10文字以上");
    // A refused password does not use up the link.
    expect((await check(invitation.token)).statusCode).toBe(200);
    const missing = await accept("");
    expect(missing.statusCode).toBe(400);
    expect(json<ErrorBody>(missing).error.details?.[0]).toMatchObject({ path: "token" });

    const unknown = await accept("inv_not-a-real-token");
    expect(unknown.statusCode).toBe(404);
    expect(json<ErrorBody>(unknown).error.code).toBe("invitation_invalid");
    expect(
      json<ErrorBody>(await check("inv_not-a-real-token", { "accept-language": "en" })).error.message,
    ).toContain("not valid");

    const noUser = await t.app.inject({
      method: "POST",
      url: "/api/v1/users/00000000-0000-4000-8000-000000000000/invitation",
      headers: admin.headers,
    });
    expect(noUser.statusCode).toBe(404);

    const manager = await t.login("manager");
    for (const request of [
      { method: "GET" as const, url: "/api/v1/invitations" },
      { method: "POST" as const, url: `/api/v1/users/${t.users.marketing.id}/invitation` },
    ]) {
      const refused = await t.app.inject({ ...request, headers: manager.headers });
      expect(refused.statusCode, request.url).toBe(403);
    }
    const anonymous = await t.app.inject({ method: "GET", url: "/api/v1/invitations" });
    expect(anonymous.statusCode).toBe(401);
  });

  it("a re-issued link works as a password reset and ends the user's other sessions", async () => {
    const admin = await t.login("admin");
    const cs = await t.login("customer_success");
    const reissued = json<Created["invitation"]>(
      await t.app.inject({
        method: "POST",
        url: `/api/v1/users/${t.users.customer_success.id}/invitation`,
        headers: admin.headers,
      }),
    );
    expect((await accept(reissued.token, "a-brand-new-password")).statusCode).toBe(200);
    const old = await t.app.inject({ method: "GET", url: "/api/v1/me", headers: cs.headers });
    expect(old.statusCode).toBe(401);
    expect((await signIn(t.users.customer_success.email, "a-brand-new-password")).statusCode).toBe(200);
  });

  it("rate-limits the public endpoints per address", async () => {
    const from = "198.51.100.77";
    const hit = () =>
      t.app.inject({
        method: "POST",
        url: "/api/v1/invitations/check",
        remoteAddress: from,
        payload: { token: "inv_guess" },
      });
    for (let i = 0; i < INVITATION_LIMIT_PER_ADDRESS; i++) expect((await hit()).statusCode).toBe(404);
    const refused = await hit();
    expect(refused.statusCode).toBe(429);
    expect(json<ErrorBody>(refused).error.code).toBe("rate_limited");
  });
});
