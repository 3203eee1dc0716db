/**
 * Whether a URL names the API however it is spelled (`/API/v1/x`, `//api/v1/x`, `/%61pi/x`,
 * `/x/../api`): such a path that matches no API route needs sign-in first, then gets the API's
 * 404, never the web app's page.
 */
export function isApiPath(url: string): boolean {
  const path = url.split(/[?#]/, 1)[0] ?? "";
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // A malformed escape is not a path the router could have decoded either; judge it as sent.
  }
  const collapsed = decoded.replace(/\\/g, "/").replace(/\/{2,}/g, "/");
  const resolved = new URL(collapsed, "http://localhost").pathname; // resolves `.` and `..`
  return /^\/api(\/|;|$)/i.test(resolved);
}
