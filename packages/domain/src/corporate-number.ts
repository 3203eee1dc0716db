/**
 * 法人番号 (corporate number): 13 digits, the first is a check digit over the other twelve
 * (国税庁「法人番号の指定等に関する省令」: 9 − (Σ Pn×Qn mod 9), Qn = 1 for odd n, 2 for even n,
 * n counted from the rightmost of the twelve).
 */
export function corporateNumberCheckDigit(base12: string): number {
  let sum = 0;
  for (let n = 1; n <= 12; n++) {
    const digit = Number(base12[12 - n]);
    sum += digit * (n % 2 === 1 ? 1 : 2);
  }
  return 9 - (sum % 9);
}

/** True for a 13-digit string whose first digit matches the check digit. Accepts full-width digits. */
export function isValidCorporateNumber(value: string): boolean {
  const digits = toHalfWidthDigits(value);
  if (!/^\d{13}$/.test(digits)) return false;
  return Number(digits[0]) === corporateNumberCheckDigit(digits.slice(1));
}

/** Full-width digits (０-９) to ASCII, and drops spaces and hyphens people type in. */
export function toHalfWidthDigits(value: string): string {
  return value
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s-ー－]/g, "");
}
