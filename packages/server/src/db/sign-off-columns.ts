import { text, uuid } from "drizzle-orm/pg-core";
import { createdAt, instant } from "./columns.ts";
import { users } from "./schema-core.ts";

/**
 * The columns of a version that needs two-sided sign-off (definition versions, scoring model
 * versions): author, one marketing and one sales signature, or a rejection with its comment.
 */
export const signOffColumns = () => ({
  authorId: uuid("author_id").references(() => users.id),
  createdAt: createdAt(),
  proposedAt: instant("proposed_at"),
  marketingApproverId: uuid("marketing_approver_id").references(() => users.id),
  marketingApprovedAt: instant("marketing_approved_at"),
  salesApproverId: uuid("sales_approver_id").references(() => users.id),
  salesApprovedAt: instant("sales_approved_at"),
  rejectedBy: uuid("rejected_by").references(() => users.id),
  rejectedAt: instant("rejected_at"),
  rejectionComment: text("rejection_comment"),
  approvedAt: instant("approved_at"),
  supersededAt: instant("superseded_at"),
});
