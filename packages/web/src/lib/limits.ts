/**
 * Limits the UI states before the server checks them. They mirror @tasuki/contracts (LIMITS,
 * PASSWORD_MIN_LENGTH); importing them from there would put every zod schema in the bundle.
 * limits.test.ts keeps the two in step.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PAGE_SIZE_MAX = 200;
