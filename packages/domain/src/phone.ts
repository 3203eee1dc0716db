import { parsePhoneNumberFromString } from "libphonenumber-js";
import { DomainError } from "./errors.ts";

/** A phone number as E.164 (+81312345678); Japanese national format is the default reading. */
export function normalizePhone(input: string): string {
  const parsed = parsePhoneNumberFromString(input.normalize("NFKC"), "JP");
  if (!parsed?.isValid()) throw new DomainError("invalid_phone", { value: input });
  return parsed.number;
}

/** A phone number for people in Japan: 03-1234-5678, or international format abroad. */
export function formatPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.country === "JP" ? parsed.formatNational() : parsed.formatInternational();
}
