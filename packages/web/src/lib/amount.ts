/**
 * What is wrong with a typed amount (a key under `opportunities.`), or null: it is required, whole yen, and never negative (a
 * minus sign is refused and said, never silently dropped).
 */
export function amountError(amount: number | string): "amountNegative" | "amountRequired" | null {
  if (typeof amount === "number" && amount < 0) return "amountNegative";
  if (typeof amount === "string" && amount.trim().startsWith("-")) return "amountNegative";
  if (typeof amount !== "number" || !Number.isInteger(amount)) return "amountRequired";
  return null;
}
