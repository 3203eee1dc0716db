import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../config.ts";
import {
  call,
  createTestApp,
  type ErrorBody,
  emailFor,
  TEST_PASSWORD,
  type TestApp,
} from "../test/test-app.ts";
import {
  LOGIN_LIMIT_PER_ACCOUNT,
  LOGIN_LIMIT_PER_ACCOUNT_ANY_ADDRESS,
  LOGIN_LIMIT_PER_ADDRESS,
} from "./auth.routes.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe("login and sessions", () => {
  it("logs in, returns the user and a csrf token, and sets an httpOnly cookie", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: emailFor("inside_sales"), password: TEST_PASSWORD },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.user).toMatchObject({
      email: emailFor("inside_sales"),
      role: "inside_sales",
      team: { key: "inside_sales" },
    });
    expect(body.csrfToken).toEqual(expect.any(String));
    const cookie = response.cookies.find((c) => c.name === "tasuki_session");
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Lax");
  });

  it("refuses a wrong password with a Japanese message, English on request", async () => {
    const ja = await call<ErrorBody>(t, null, "POST", "/api/v1/auth/login", {
      email: emailFor("admin"),
      password: "wrong-password",
    });
    expect(ja.status).toBe(401);
    expect(ja.body.error.code).toBe("invalid_credentials");
    expect(ja.body.error.message).toContain("パスワード");
    const en = await call<ErrorBody>(
      t,
      null,
      "POST",
      "/api/v1/auth/login",
      { email: "nobody@example.com", password: "whatever" },
      { "accept-language": "en-US,en;q=0.9" },
    );
    expect(en.status).toBe(401);
    expect(en.body.error.message).toBe("The email address or password is incorrect.");
  });

  it("validates the login body and names the field", async () => {
    const r = await call<ErrorBody>(t, null, "POST", "/api/v1/auth/login", { email: "not-an-email" });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("validation_failed");
    expect(r.body.error.details?.map((d) => d.path).sort()).toEqual(["email", "password"]);
  });

  it("getCurrentUser needs a session; logout ends it", async () => {
    expect((await call(t, null, "GET", "/api/v1/me")).status).toBe(401);
    const login = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: emailFor("manager"), password: TEST_PASSWORD },
    });
    const cookie = `tasuki_session=${login.cookies.find((c) => c.name === "tasuki_session")?.value}`;
    const me = await t.app.inject({ method: "GET", url: "/api/v1/me", headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ role: "manager", name: "テスト manager" });
    const out = await t.app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect((await t.app.inject({ method: "GET", url: "/api/v1/me", headers: { cookie } })).statusCode).toBe(
      401,
    );
  });

  it("an expired session is refused", async () => {
    const s = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: emailFor("marketing"), password: TEST_PASSWORD },
    });
    const cookie = `tasuki_session=${s.cookies.find((c) => c.name === "tasuki_session")?.value}`;
    t.clock.set(new Date(Date.now() + 13 * 3_600_000));
    try {
      expect((await t.app.inject({ method: "GET", url: "/api/v1/me", headers: { cookie } })).statusCode).toBe(
        401,
      );
    } finally {
      t.clock.set(new Date());
    }
  });

  it("cookie writes need the csrf header; a wrong one is refused", async () => {
    const s = await t.login("marketing");
    const payload = { name: "株式会社CSRF" };
    const missing = await call<ErrorBody>(t, null, "POST", "/api/v1/companies", payload, {
      cookie: s.cookie,
    });
    expect(missing.status).toBe(403);
    expect(missing.body.error.code).toBe("csrf_failed");
    const wrong = await call<ErrorBody>(t, null, "POST", "/api/v1/companies", payload, {
      cookie: s.cookie,
      "x-csrf-token": "x".repeat(43),
    });
    expect(wrong.body.error.code).toBe("csrf_failed");
    const ok = await call(t, null, "POST", "/api/v1/companies", payload, s.headers);
    expect(ok.status).toBe(201);
  });
});

describe("API tokens", () => {
  it("creates a token shown once, authenticates with it without CSRF, lists without secrets, revokes", async () => {
    const created = await call<{ token: string; apiToken: { id: string; prefix: string; scopes: string[] } }>(
      t,
      "marketing",
      "POST",
      "/api/v1/api-tokens",
      { name: "MA連携", scopes: ["read", "write"] },
    );
    expect(created.status).toBe(201);
    const { token, apiToken } = created.body;
    expect(token.startsWith(apiToken.prefix)).toBe(true);
    const bearer = { authorization: `Bearer ${token}` };
    const write = await call(t, null, "POST", "/api/v1/companies", { name: "株式会社トークン" }, bearer);
    expect(write.status).toBe(201);
    const list = await call<{ items: Record<string, unknown>[] }>(
      t,
      "marketing",
      "GET",
      "/api/v1/api-tokens",
    );
    expect(list.status).toBe(200);
    expect(list.body.items.map((i) => i.id)).toContain(apiToken.id);
    expect(JSON.stringify(list.body)).not.toContain(token);
    const revoked = await call<{ revokedAt: string | null }>(
      t,
      "marketing",
      "DELETE",
      `/api/v1/api-tokens/${apiToken.id}`,
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    expect((await call(t, null, "GET", "/api/v1/companies", undefined, bearer)).status).toBe(401);
  });

  it("a read-only token cannot write, nor mint a write token", async () => {
    const created = await call<{ token: string }>(t, "field_sales", "POST", "/api/v1/api-tokens", {
      name: "BI",
      scopes: ["read"],
    });
    const bearer = { authorization: `Bearer ${created.body.token}` };
    expect((await call(t, null, "GET", "/api/v1/people", undefined, bearer)).status).toBe(200);
    const write = await call<ErrorBody>(
      t,
      null,
      "POST",
      "/api/v1/companies",
      { name: "株式会社読取" },
      bearer,
    );
    expect(write.status).toBe(403);
    expect(write.body.error.code).toBe("insufficient_scope");
  });

  it("validates the token request, hides other users' tokens (404) and refuses unknown bearer tokens", async () => {
    const bad = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/api-tokens", {
      name: "",
      scopes: ["root"],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details?.map((d) => d.path).sort()).toEqual(["name", "scopes.0"]);
    const mine = await call<{ apiToken: { id: string } }>(t, "inside_sales", "POST", "/api/v1/api-tokens", {
      name: "IS",
    });
    const other = await call<ErrorBody>(
      t,
      "marketing",
      "DELETE",
      `/api/v1/api-tokens/${mine.body.apiToken.id}`,
    );
    expect(other.status).toBe(404);
    expect(
      (await call(t, null, "GET", "/api/v1/api-tokens", undefined, { authorization: "Bearer tsk_nope" }))
        .status,
    ).toBe(401);
    expect((await call(t, null, "POST", "/api/v1/api-tokens", { name: "x" })).status).toBe(401);
    const past = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/api-tokens", {
      name: "expired",
      expiresAt: "2020-01-01T00:00:00+09:00",
    });
    expect(past.status).toBe(400);
    expect(past.body.error.details).toEqual([
      { path: "expiresAt", message: "有効期限は未来の日時にしてください" },
    ]);
  });

  it("sign-ins, failed sign-ins and every write land in the append-only audit log", async () => {
    const logins = (await t.testDatabase.database.db.execute(
      "select action, after from audit_log where action in ('auth.login', 'auth.login_failed')" as never,
    )) as unknown as { rows: { action: string; after: { email?: string } }[] };
    expect(logins.rows.some((r) => r.action === "auth.login")).toBe(true);
    expect(
      logins.rows.some((r) => r.action === "auth.login_failed" && r.after.email === "nobody@example.com"),
    ).toBe(true);
    expect(JSON.stringify(logins.rows)).not.toContain("wrong-password");
    const rows = (await t.testDatabase.database.db.execute(
      "select action, actor_user_id from audit_log where action = 'api_token.create'" as never,
    )) as unknown as { rows: { action: string; actor_user_id: string }[] };
    expect(rows.rows.length).toBeGreaterThanOrEqual(3);
    await expect(t.testDatabase.database.db.execute("delete from audit_log" as never)).rejects.toThrow();
    await expect(
      t.testDatabase.database.db.execute("update audit_log set action = 'x'" as never),
    ).rejects.toThrow();
  });
});

describe("the sign-in rate limit", () => {
  const signIn = (email: string, address: string, password = "wrong-password", headers = {}) =>
    t.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      remoteAddress: address,
      headers,
      payload: { email, password },
    });

  it("gives each account its own 20 a minute per address, so one office behind NAT can sign in", async () => {
    const office = "203.0.113.10";
    for (let i = 0; i < LOGIN_LIMIT_PER_ACCOUNT; i++)
      expect((await signIn(emailFor("marketing"), office)).statusCode).toBe(401);
    const refused = await signIn(emailFor("marketing"), office, TEST_PASSWORD);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error).toEqual({
      code: "rate_limited",
      message: "リクエストが多すぎます。少し待ってからやり直してください。",
    });
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    // The same account however the email is capitalised; the message in English on request.
    const en = await signIn(emailFor("marketing").toUpperCase(), office, TEST_PASSWORD, {
      "accept-language": "en",
    });
    expect(en.statusCode).toBe(429);
    expect(en.json().error.message).toBe("Too many requests. Wait a moment and try again.");
    // A colleague at the same address still signs in, and so does the account from elsewhere.
    expect((await signIn(emailFor("inside_sales"), office, TEST_PASSWORD)).statusCode).toBe(200);
    expect((await signIn(emailFor("marketing"), "198.51.100.20", TEST_PASSWORD)).statusCode).toBe(200);
  });

  it("caps one address across accounts, so spraying many accounts is stopped", async () => {
    const sprayer = "203.0.113.99";
    // Malformed attempts count too: the cap is checked before the body is read.
    for (let i = 0; i < LOGIN_LIMIT_PER_ADDRESS; i++)
      expect((await signIn(`user${i}@example.com`, sprayer, "")).statusCode).toBe(400);
    const refused = await signIn(emailFor("admin"), sprayer, TEST_PASSWORD);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe("rate_limited");
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    expect((await signIn(emailFor("admin"), "198.51.100.21", TEST_PASSWORD)).statusCode).toBe(200);
  });

  it("ignores X-Forwarded-For by default, so a client cannot pick a fresh address for every guess", async () => {
    const attacker = "203.0.113.50";
    for (let i = 0; i < LOGIN_LIMIT_PER_ACCOUNT; i++) {
      const forged = { "x-forwarded-for": `198.18.${i}.1` };
      expect((await signIn(emailFor("field_sales"), attacker, "wrong-password", forged)).statusCode).toBe(
        401,
      );
    }
    const refused = await signIn(emailFor("field_sales"), attacker, TEST_PASSWORD, {
      "x-forwarded-for": "198.18.200.1",
    });
    expect(refused.statusCode).toBe(429);
  });

  it("caps one account across all addresses, the same for an account that does not exist", async () => {
    for (const email of [emailFor("customer_success"), "nobody-here@test.example"]) {
      for (let i = 0; i < LOGIN_LIMIT_PER_ACCOUNT_ANY_ADDRESS; i++)
        expect((await signIn(email, `192.0.2.${i + 1}`)).statusCode).toBe(401);
      const refused = await signIn(email, "192.0.2.250", TEST_PASSWORD);
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.code).toBe("rate_limited");
      expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    }
    // Other accounts from the same addresses are not affected.
    expect((await signIn(emailFor("admin"), "192.0.2.1", TEST_PASSWORD)).statusCode).toBe(200);
  });
});

describe("behind a proxy (TRUST_PROXY)", () => {
  it("reads the TRUST_PROXY setting: off by default, else the proxies' addresses, never 'everyone'", () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "false" }).trustProxy).toBe(false);
    expect(() => loadConfig({ TRUST_PROXY: "1" })).toThrow(/proxies' addresses/);
    expect(loadConfig({ TRUST_PROXY: "10.0.0.0/8, loopback,::1" }).trustProxy).toEqual([
      "10.0.0.0/8",
      "loopback",
      "::1",
    ]);
    expect(() => loadConfig({ TRUST_PROXY: "true" })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: "true" })).toThrow(/forge X-Forwarded-For/);
    expect(() => loadConfig({ TRUST_PROXY: "10.0.0.0/33" })).toThrow(/10.0.0.0\/33/);
    expect(() => loadConfig({ TRUST_PROXY: "proxy.example.com" })).toThrow(/proxy.example.com/);
  });

  it("with a trusted proxy, limits the forwarded client address and marks the cookie Secure over https", async () => {
    const proxied = await createTestApp({ env: { TRUST_PROXY: "10.0.0.0/8" } });
    try {
      const signInVia = (client: string, password: string, proto = "http") =>
        proxied.app.inject({
          method: "POST",
          url: "/api/v1/auth/login",
          remoteAddress: "10.0.0.2",
          headers: { "x-forwarded-for": client, "x-forwarded-proto": proto },
          payload: { email: emailFor("marketing"), password },
        });
      for (let i = 0; i < LOGIN_LIMIT_PER_ACCOUNT; i++)
        expect((await signInVia("203.0.113.7", "wrong-password")).statusCode).toBe(401);
      expect((await signInVia("203.0.113.7", TEST_PASSWORD)).statusCode).toBe(429);
      // A client reaching the app directly (not from the proxy) cannot forward a chosen address.
      const direct = await proxied.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        remoteAddress: "203.0.113.7",
        headers: { "x-forwarded-for": "198.18.0.1" },
        payload: { email: emailFor("marketing"), password: TEST_PASSWORD },
      });
      expect(direct.statusCode).toBe(429);
      // Another client behind the same proxy has its own budget; https from the proxy makes the cookie Secure.
      const other = await signInVia("203.0.113.8", TEST_PASSWORD, "https");
      expect(other.statusCode).toBe(200);
      expect(other.cookies.find((c) => c.name === "tasuki_session")?.secure).toBe(true);
      const plain = await signInVia("203.0.113.9", TEST_PASSWORD);
      expect(plain.cookies.find((c) => c.name === "tasuki_session")?.secure).toBeFalsy();
    } finally {
      await proxied.close();
    }
  });

  it("without a trusted proxy, a forged X-Forwarded-Proto does not make the cookie Secure; COOKIE_SECURE does", async () => {
    const forged = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      headers: { "x-forwarded-proto": "https" },
      payload: { email: emailFor("manager"), password: TEST_PASSWORD },
    });
    expect(forged.cookies.find((c) => c.name === "tasuki_session")?.secure).toBeFalsy();
    expect(loadConfig({ COOKIE_SECURE: "true" }).cookieSecure).toBe(true);
    expect(loadConfig({ NODE_ENV: "production" }).cookieSecure).toBe(true);
  });
});
