import type { Feature } from "./feature.ts";

const modules = import.meta.glob<{ feature: Feature }>("../features/*/index.{ts,tsx}", { eager: true });

/** Every feature folder's `feature`, in navigation order. */
export const features: Feature[] = Object.values(modules)
  .map((m) => m.feature)
  .sort((a, b) => (a.nav?.order ?? 1000) - (b.nav?.order ?? 1000));
