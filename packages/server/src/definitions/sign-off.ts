import { formatPersonName } from "@tasuki/domain";

export type Names = Map<string, { familyName: string; givenName: string }>;

/** A user reference for "by whom" fields; the name is empty if the user is gone. */
export function userRef(names: Names, id: string | null) {
  if (!id) return null;
  const n = names.get(id);
  return { id, name: n ? formatPersonName(n.familyName, n.givenName) : "" };
}

interface SignOffRow {
  authorId: string | null;
  marketingApproverId: string | null;
  marketingApprovedAt: Date | null;
  salesApproverId: string | null;
  salesApprovedAt: Date | null;
  rejectedBy: string | null;
  rejectedAt: Date | null;
  rejectionComment: string | null;
  approvedAt: Date | null;
}

/** Who wrote a signed version, who signed on each side, or who rejected it and why. */
export function toSignOffResponse(row: SignOffRow, names: Names) {
  const approval = (by: string | null, at: Date | null) =>
    by && at ? { by: userRef(names, by)!, at: at.toISOString() } : null;
  return {
    author: userRef(names, row.authorId),
    marketingApproval: approval(row.marketingApproverId, row.marketingApprovedAt),
    salesApproval: approval(row.salesApproverId, row.salesApprovedAt),
    rejection:
      row.rejectedBy && row.rejectedAt
        ? {
            by: userRef(names, row.rejectedBy)!,
            at: row.rejectedAt.toISOString(),
            comment: row.rejectionComment ?? "",
          }
        : null,
    approvedAt: row.approvedAt?.toISOString() ?? null,
  };
}
