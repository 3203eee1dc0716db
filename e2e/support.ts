import { fileURLToPath } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import type { ApiSession } from "./api.ts";

/** Helpers and shapes the journey files share; the runner itself lives in run.ts. */
export const SCREENSHOTS = fileURLToPath(new URL("./screenshots/", import.meta.url));
export const EXPECTED_401 = /status of 401/;

/** The phone every screen must work on. */
export const PHONE = { width: 390, height: 844 };

export const log = (line: string) => console.log(`[e2e] ${line}`);

/** What run.ts lends every journey file (its runner and helpers, so every journey behaves alike). */
export interface JourneyKit {
  journey: (
    name: string,
    fn: (page: Page, context: BrowserContext) => Promise<void>,
    /** `phone`: a 390×844 touch viewport instead of the 1440×900 laptop one. */
    options?: { allowConsole?: RegExp[]; phone?: boolean },
  ) => Promise<void>;
  signIn: (page: Page, email: string) => Promise<void>;
  shoot: (page: Page, name: string) => Promise<void>;
  navLink: (page: Page, name: string) => ReturnType<Page["getByRole"]>;
  eventually: <T>(read: () => Promise<T>, check: (value: T) => boolean, what: string) => Promise<T>;
  /** The server under test, e.g. `http://127.0.0.1:51234`. */
  base: string;
  /** The field sales demo user, signed in through the API once at the start. */
  fieldSales: ApiSession;
}

export interface Person {
  id: string;
  name: string;
  email: string | null;
  stage: string;
  temperature: string | null;
  version: number;
  owner: { id: string } | null;
  team: { key: string } | null;
}

/** Only the holder hands a person on: marketing's own or team's people, or nobody's yet. */
export const marketingHolds = (person: Person) => person.owner === null || person.team?.key === "marketing";

export interface Handoff {
  id: string;
  state: string;
  person: { id: string; name: string };
  decidedBy: { id: string } | null;
  rejectionReason: { id: string } | null;
  rejectionComment: string | null;
}

/** A link in the left navigation, by its label. */
export function navLink(page: Page, name: string) {
  return page
    .getByRole("navigation", { name: /メインメニュー|Main navigation/ })
    .getByRole("link", { name, exact: true });
}

/** Waits until no skeleton placeholder is left, so screenshots show data. */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState("networkidle");
  await page.waitForFunction(() => document.querySelectorAll(".mantine-Skeleton-root").length === 0, null, {
    timeout: 15_000,
  });
  await page.waitForTimeout(150);
}

export async function shoot(page: Page, name: string): Promise<void> {
  await settle(page);
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
}

/** Polls the API until `check` holds (the UI may still be finishing its request). */
export async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  what: string,
): Promise<T> {
  const deadline = Date.now() + 10_000;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (check(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`API never showed ${what}; last value: ${JSON.stringify(last)}`);
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** Fails unless the element lies wholly inside the page's viewport (nothing cut off on a phone). */
export async function assertInViewport(page: Page, locator: ReturnType<Page["locator"]>, what: string) {
  const box = await locator.boundingBox();
  const viewport = page.viewportSize();
  assert(box && viewport, `${what} is not on screen`);
  assert(
    box.x >= 0 &&
      box.y >= 0 &&
      box.x + box.width <= viewport.width + 0.5 &&
      box.y + box.height <= viewport.height + 0.5,
    `${what} is cut off: ${JSON.stringify(box)} in ${viewport.width}×${viewport.height}`,
  );
}

/** Fails if the page scrolls sideways (something wider than the phone). */
export async function assertNoSidewaysScroll(page: Page, what: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflow <= 1, `${what} is ${overflow}px wider than the screen`);
}
