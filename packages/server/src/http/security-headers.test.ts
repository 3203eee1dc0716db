import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../test/test-app.ts";
import { isApiPath } from "./api-path.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const directivesOf = (header: unknown) =>
  new Map(
    String(header)
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([name = "", ...values]) => [name, values]),
  );

describe("Content Security Policy", () => {
  it("admits scripts from this origin only: no inline script, no CDN, no framing", async () => {
    for (const url of ["/api/v1/me", "/api/openapi.json", "/api/docs/js/scalar.js", "/"]) {
      const response = await t.app.inject({ method: "GET", url });
      const csp = directivesOf(response.headers["content-security-policy"]);
      expect(csp.get("script-src"), url).toEqual(["'self'"]);
      expect(csp.get("default-src"), url).toEqual(["'self'"]);
      expect(csp.get("frame-ancestors"), url).toEqual(["'none'"]);
      expect(String(response.headers["content-security-policy"]), url).not.toMatch(/https?:|unsafe-eval/);
    }
  });

  it("serves the API reference from the npm package and admits only its own inline script, by hash", async () => {
    const page = await t.app.inject({ method: "GET", url: "/api/docs/" });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('src="js/scalar.js"');
    expect(page.body).not.toMatch(/https?:\/\/(?!localhost)/);
    const inline = [...page.body.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)];
    expect(inline).toHaveLength(1);
    const hash = createHash("sha256")
      .update(inline[0]?.[1] ?? "")
      .digest("base64");
    const csp = directivesOf(page.headers["content-security-policy"]);
    expect(csp.get("script-src")).toEqual(["'self'", `'sha256-${hash}'`]);
    const script = await t.app.inject({ method: "GET", url: "/api/docs/js/scalar.js" });
    expect(script.statusCode).toBe(200);
    expect(script.headers["content-type"]).toContain("javascript");
  });

  it("asks browsers to upgrade to https only where the app runs on https", async () => {
    const plain = await t.app.inject({ method: "GET", url: "/api/v1/me" });
    expect(directivesOf(plain.headers["content-security-policy"]).has("upgrade-insecure-requests")).toBe(
      false,
    );
    const secure = await createTestApp({ env: { COOKIE_SECURE: "true" } });
    try {
      const response = await secure.app.inject({ method: "GET", url: "/api/v1/me" });
      expect(directivesOf(response.headers["content-security-policy"]).has("upgrade-insecure-requests")).toBe(
        true,
      );
    } finally {
      await secure.close();
    }
  });
});

describe("isApiPath", () => {
  it.each([
    ["/api/v1/x", true],
    ["/API/v1/x", true],
    ["//api/v1/x", true],
    ["/%61pi/x", true],
    ["/./api/x", true],
    ["/people/../api/v1/x", true],
    ["/api;x=1", true],
    ["/api", true],
    ["/%E0%A4%A", false],
    ["/apiary", false],
    ["/people/api", false],
    ["/", false],
  ])("%s → %s", (url, expected) => {
    expect(isApiPath(url)).toBe(expected);
  });
});
