import { useReducedMotion } from "@mantine/hooks";

/**
 * Whether charts may animate: not when the user asked the system for reduced motion
 * (`prefers-reduced-motion: reduce`), so they then appear drawn in full at once. Read on the
 * first render (a client-only app), so a chart never starts an animation it then drops.
 */
export function useChartAnimation(): boolean {
  return !useReducedMotion(false, { getInitialValueInEffect: false });
}
