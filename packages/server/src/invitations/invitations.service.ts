import { INVITATION_TTL_HOURS, type IssuedInvitation } from "@tasuki/contracts";
import { formatPersonName } from "@tasuki/domain";
import { recordAudit } from "../audit/audit.repository.ts";
import { deleteSessionsOfUser } from "../auth/auth.repository.ts";
import { type LoginResult, startSession } from "../auth/auth.service.ts";
import { createSecret, hashPassword, hashSecret } from "../auth/secrets.ts";
import type { Db } from "../db/database.ts";
import { AppError } from "../http/app-error.ts";
import type { Actor, Deps } from "../http/types.ts";
import { findUserById, type UserRow, updateUserRow } from "../users/users.repository.ts";
import {
  claimInvitation,
  findInvitationByHash,
  type InvitationRow,
  insertInvitation,
  listOpenInvitations,
  revokeOpenInvitations,
} from "./invitations.repository.ts";

const TTL_MS = INVITATION_TTL_HOURS * 60 * 60 * 1000;
/** Tokens start with this, so a pasted link is recognisable in logs and support requests. */
const TOKEN_PREFIX = "inv_";

/**
 * A new one-time link for a user, inside the caller's transaction. Earlier open links of the
 * user are revoked first, so only the newest link works. The token is returned once; only its
 * SHA-256 is stored.
 */
export async function issueInvitationIn(
  deps: Deps,
  tx: Db,
  actor: Actor | null,
  user: UserRow,
): Promise<IssuedInvitation> {
  const now = deps.clock.now();
  const token = createSecret(TOKEN_PREFIX);
  const replaced = await revokeOpenInvitations(tx, user.id, now);
  const row = await insertInvitation(tx, {
    userId: user.id,
    tokenHash: hashSecret(token),
    createdByUserId: actor?.userId ?? null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + TTL_MS),
  });
  await recordAudit(tx, actor, now, {
    action: "invitation.issue",
    entityType: "user",
    entityId: user.id,
    after: { invitationId: row.id, expiresAt: row.expiresAt, replaced },
  });
  return { id: row.id, userId: user.id, token, expiresAt: row.expiresAt.toISOString() };
}

/** The admin's re-issue: a new link for an active user; the old one stops working. */
export async function reissueInvitation(deps: Deps, actor: Actor, userId: string): Promise<IssuedInvitation> {
  const user = await findUserById(deps.db, userId);
  if (!user) throw new AppError("not_found", { entity: "user" });
  if (!user.active) {
    throw new AppError("validation_failed", {}, [
      {
        path: "id",
        message:
          "無効化されたユーザーには招待リンクを発行できません。先に有効にしてください / the user is deactivated: activate them before issuing an invitation",
      },
    ]);
  }
  return deps.db.transaction((tx) => issueInvitationIn(deps, tx, actor, user));
}

export async function listInvitations(deps: Deps) {
  const now = deps.clock.now();
  const rows = await listOpenInvitations(deps.db);
  return rows.map(({ invitation, user }) => ({
    id: invitation.id,
    userId: user.id,
    email: user.email,
    name: formatPersonName(user.familyName, user.givenName),
    createdAt: invitation.createdAt.toISOString(),
    expiresAt: invitation.expiresAt.toISOString(),
    expired: invitation.expiresAt.getTime() <= now.getTime(),
  }));
}

/** Why a link cannot be used, checked on the server at this moment. */
function refuse(row: InvitationRow | null, user: UserRow | null, now: Date): AppError | null {
  if (!row || !user?.active) return new AppError("invitation_invalid");
  if (row.usedAt || row.revokedAt) return new AppError("invitation_used");
  if (row.expiresAt.getTime() <= now.getTime()) return new AppError("invitation_expired");
  return null;
}

/** What the invitation page shows before the password is set; refuses a used or expired link. */
export async function checkInvitation(deps: Deps, token: string) {
  const row = await findInvitationByHash(deps.db, hashSecret(token));
  const user = row ? await findUserById(deps.db, row.userId) : null;
  const problem = refuse(row, user, deps.clock.now());
  if (problem || !row || !user) throw problem ?? new AppError("invitation_invalid");
  return {
    email: user.email,
    name: formatPersonName(user.familyName, user.givenName),
    locale: user.locale as "ja" | "en",
    expiresAt: row.expiresAt.toISOString(),
  };
}

/**
 * The invited person sets their own password and is signed in. The link is claimed in the same
 * transaction as the password is stored, so it works exactly once. A user who already had a
 * password (a re-issued link as a reset) loses their other sessions.
 */
export async function acceptInvitation(deps: Deps, token: string, password: string): Promise<LoginResult> {
  const tokenHash = hashSecret(token);
  const now = deps.clock.now();
  const passwordHash = await hashPassword(password);
  return deps.db.transaction(async (tx) => {
    const claimed = await claimInvitation(tx, tokenHash, now);
    const user = claimed ? await findUserById(tx, claimed.userId) : null;
    if (!claimed || !user?.active) {
      const row = claimed ?? (await findInvitationByHash(tx, tokenHash));
      throw (
        refuse(row, user ?? (row ? await findUserById(tx, row.userId) : null), now) ??
        new AppError("invitation_invalid")
      );
    }
    const hadPassword = user.passwordHash !== null;
    if (hadPassword) await deleteSessionsOfUser(tx, user.id);
    const updated = await updateUserRow(tx, user.id, { passwordHash, updatedAt: now });
    await recordAudit(
      tx,
      {
        userId: user.id,
        role: user.role as Actor["role"],
        teamId: user.teamId,
        via: "session",
        tokenId: null,
        scopes: null,
      },
      now,
      {
        action: "invitation.accept",
        entityType: "user",
        entityId: user.id,
        after: { invitationId: claimed.id, passwordReplaced: hadPassword },
      },
    );
    return startSession(deps, tx, updated ?? user, now);
  });
}
