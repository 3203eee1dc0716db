/** Codes for rule violations the domain detects; the contracts map each to a status and a message. */
export const DOMAIN_ERROR_CODES = [
  "invalid_stage_transition",
  "lost_reason_required",
  "opportunity_closed",
  "opportunity_not_closed",
  "invalid_corporate_number",
  "invalid_phone",
  "definition_not_proposed",
  "approver_side_required",
  "already_signed",
  "same_approver",
  "open_version_exists",
  "invalid_expression",
  "definition_not_met",
  "handoff_already_decided",
  "handoff_stage_mismatch",
  "invalid_goal_assumption",
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/** A broken business rule, with the values the message needs. Never an HTTP concern. */
export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly params: Record<string, string | number>;
  constructor(code: DomainErrorCode, params: Record<string, string | number> = {}) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = "DomainError";
    this.code = code;
    this.params = params;
  }
}
