import { DomainError } from "./errors.ts";
import type { Role } from "./vocabulary.ts";

/** A definition version's life: drafted, proposed for sign-off, then approved or rejected. */
export const DEFINITION_VERSION_STATUSES = [
  "draft",
  "proposed",
  "approved",
  "rejected",
  "superseded",
] as const;
export type DefinitionVersionStatus = (typeof DEFINITION_VERSION_STATUSES)[number];

export const APPROVAL_SIDES = ["marketing", "sales"] as const;
export type ApprovalSide = (typeof APPROVAL_SIDES)[number];

/** Which side of the table a role signs for: marketing, or sales (inside and field sales). */
export function approvalSideOf(role: Role): ApprovalSide | null {
  if (role === "marketing") return "marketing";
  if (role === "inside_sales" || role === "field_sales") return "sales";
  return null;
}

export interface VersionApprovals {
  status: DefinitionVersionStatus;
  marketingApproverId: string | null;
  salesApproverId: string | null;
}

/**
 * Records one approval. A proposed version becomes approved only when one marketing user and
 * one sales user, who are different people, have both signed; each signs for their own side only.
 */
export function approveVersion(
  version: VersionApprovals,
  approver: { userId: string; role: Role },
): VersionApprovals & { side: ApprovalSide } {
  if (version.status !== "proposed")
    throw new DomainError("definition_not_proposed", { status: version.status });
  const side = approvalSideOf(approver.role);
  if (!side) throw new DomainError("approver_side_required");
  const mine = side === "marketing" ? version.marketingApproverId : version.salesApproverId;
  const other = side === "marketing" ? version.salesApproverId : version.marketingApproverId;
  if (mine) throw new DomainError("already_signed", { side });
  if (other === approver.userId) throw new DomainError("same_approver");
  const next = {
    marketingApproverId: side === "marketing" ? approver.userId : version.marketingApproverId,
    salesApproverId: side === "sales" ? approver.userId : version.salesApproverId,
  };
  const approved = next.marketingApproverId !== null && next.salesApproverId !== null;
  return { ...next, status: approved ? "approved" : "proposed", side };
}

/** Only a proposed version can be rejected; a rejection needs a comment saying why. */
export function assertCanReject(version: { status: DefinitionVersionStatus }): void {
  if (version.status !== "proposed")
    throw new DomainError("definition_not_proposed", { status: version.status });
}

/** Definition keys are short identifiers used in URLs and reports: `mql`, `hot_lead`. */
export const DEFINITION_KEY_PATTERN = /^[a-z][a-z0-9_]{1,39}$/;
