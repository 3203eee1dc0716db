import type { Db } from "../db/database.ts";
import { auditLog } from "../db/schema.ts";
import type { Actor } from "../http/types.ts";

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

/** Appends to the audit log inside the caller's transaction, so a write and its record land together. */
export async function recordAudit(tx: Db, actor: Actor | null, at: Date, entry: AuditEntry): Promise<void> {
  await recordAudits(tx, actor, at, [entry]);
}

/** Several audit entries by one actor at one instant, in one statement. */
export async function recordAudits(
  tx: Db,
  actor: Actor | null,
  at: Date,
  entries: AuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await tx.insert(auditLog).values(
    entries.map((entry) => ({
      at,
      actorUserId: actor?.userId ?? null,
      actorTokenId: actor?.tokenId ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: entry.before ?? null,
      after: entry.after ?? null,
    })),
  );
}
