/** A small API client for seeding and for checking what the browser changed. */
export interface ApiSession {
  base: string;
  cookie: string;
  csrfToken: string;
  userId: string;
}

export async function apiLogin(base: string, email: string, password: string): Promise<ApiSession> {
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`login ${email} failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => c?.startsWith("tasuki_session="));
  const body = (await response.json()) as { csrfToken: string; user: { id: string } };
  if (!cookie) throw new Error("login set no session cookie");
  return { base, cookie, csrfToken: body.csrfToken, userId: body.user.id };
}

export async function api<T = unknown>(
  session: ApiSession,
  method: "GET" | "POST" | "PATCH" | "DELETE",
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${session.base}/api/v1${path}`, {
    method,
    headers: {
      cookie: session.cookie,
      "x-csrf-token": session.csrfToken,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}
