import { DOMAIN_ERROR_CODES } from "@tasuki/domain";
import { z } from "zod";

export const ERROR_CODES = [
  "validation_failed",
  "unauthenticated",
  "invalid_credentials",
  "csrf_failed",
  "forbidden",
  "insufficient_scope",
  "not_found",
  "version_conflict",
  "duplicate",
  "rate_limited",
  "internal",
  // issue 21: a file an import refuses before it reads a row into anything
  "import_file_too_large",
  "import_file_empty",
  "import_file_binary",
  "import_encoding_unknown",
  "import_encoding_mismatch",
  "import_ragged_row",
  "import_unbalanced_quote",
  "import_bom_in_middle",
  "import_too_many_rows",
  "import_sheet_not_found",
  "handoff_pending_exists",
  "handoff_not_holder",
  "no_sla_policy",
  "goal_assumption_missing",
  // issue 18 (webhook targets, idempotency keys)
  "webhook_target_not_allowed",
  "idempotency_key_reused",
  "idempotency_key_in_progress",
  // Input hardening (issue 18): a list cursor that was not made by the server.
  "invalid_cursor",
  // issue 18: a user-triggered analytical statement ran past TASUKI_QUERY_TIMEOUT_SECONDS
  "query_timeout",
  // issue 20: invitation links (unknown, already used or replaced, past their 72 h)
  "invitation_invalid",
  "invitation_used",
  "invitation_expired",
  ...DOMAIN_ERROR_CODES,
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One table from error code to HTTP status; the CLI maps the same codes to exit codes. */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  csrf_failed: 403,
  forbidden: 403,
  insufficient_scope: 403,
  not_found: 404,
  version_conflict: 409,
  duplicate: 409,
  rate_limited: 429,
  internal: 500,
  import_file_too_large: 413,
  import_file_empty: 422,
  import_file_binary: 422,
  import_encoding_unknown: 422,
  import_encoding_mismatch: 422,
  import_ragged_row: 422,
  import_unbalanced_quote: 422,
  import_bom_in_middle: 422,
  import_too_many_rows: 422,
  import_sheet_not_found: 422,
  handoff_pending_exists: 409,
  handoff_not_holder: 403,
  no_sla_policy: 422,
  goal_assumption_missing: 422,
  webhook_target_not_allowed: 422,
  idempotency_key_reused: 422,
  idempotency_key_in_progress: 409,
  invalid_cursor: 400,
  // 422, not 503: the remedy is in the request (a shorter period, a simpler rule), retrying the
  // same request does not help, and a 5xx would read as a server fault to clients and monitors.
  query_timeout: 422,
  invitation_invalid: 404,
  invitation_used: 410,
  invitation_expired: 410,
  invalid_stage_transition: 409,
  lost_reason_required: 422,
  opportunity_closed: 409,
  opportunity_not_closed: 409,
  invalid_corporate_number: 422,
  invalid_phone: 422,
  definition_not_proposed: 409,
  approver_side_required: 403,
  already_signed: 409,
  same_approver: 409,
  open_version_exists: 409,
  invalid_expression: 422,
  definition_not_met: 422,
  handoff_already_decided: 409,
  handoff_stage_mismatch: 409,
  invalid_goal_assumption: 422,
};

export const errorDetailSchema = z.object({
  path: z.string().describe("Field path, e.g. `items.3.type`"),
  message: z.string(),
});

export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      details: z.array(errorDetailSchema).optional(),
    }),
  })
  .meta({ id: "ErrorResponse" });
export type ErrorResponse = z.infer<typeof errorResponseSchema>;
