import type { ApiTokenResponse } from "@tasuki/contracts";
import type { Role } from "@tasuki/domain";
import { recordAudit } from "../audit/audit.repository.ts";
import type { Db } from "../db/database.ts";
import { AppError, notFound } from "../http/app-error.ts";
import type { Actor, Deps } from "../http/types.ts";
import { findUserByEmail, findUserById, type UserRow } from "../users/users.repository.ts";
import {
  type ApiTokenRow,
  deleteExpiredSessions,
  deleteSession,
  findApiToken,
  findLiveApiToken,
  findLiveSession,
  insertApiToken,
  insertSession,
  listApiTokensOfUser,
  revokeApiTokenRow,
  touchApiToken,
} from "./auth.repository.ts";
import { createSecret, dummyPasswordHash, hashSecret, verifyPassword } from "./secrets.ts";

export const TOKEN_PREFIX = "tsk_";

export interface LoginResult {
  user: UserRow;
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function login(deps: Deps, email: string, password: string): Promise<LoginResult> {
  const user = await findUserByEmail(deps.db, email);
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  const now = deps.clock.now();
  if (!user || !ok || !user.active) {
    // Failed sign-ins are security events: kept with the email tried, never the password.
    await recordAudit(deps.db, null, now, {
      action: "auth.login_failed",
      entityType: "user",
      entityId: user?.id ?? null,
      after: { email: email.toLowerCase() },
    });
    throw new AppError("invalid_credentials");
  }
  await deleteExpiredSessions(deps.db, now);
  return deps.db.transaction((tx) => startSession(deps, tx, user, now));
}

/** A new cookie session for a user who has just proved who they are (a password, an invitation). */
export async function startSession(deps: Deps, tx: Db, user: UserRow, now: Date): Promise<LoginResult> {
  const sessionId = createSecret();
  const csrfToken = createSecret();
  const expiresAt = new Date(now.getTime() + deps.config.sessionTtlMs);
  await insertSession(tx, {
    idHash: hashSecret(sessionId),
    userId: user.id,
    csrfToken,
    createdAt: now,
    expiresAt,
  });
  await recordAudit(tx, actorOf(user, "session", null, null), now, {
    action: "auth.login",
    entityType: "user",
    entityId: user.id,
    after: { expiresAt },
  });
  return { user, sessionId, csrfToken, expiresAt };
}

export async function logout(deps: Deps, sessionId: string): Promise<void> {
  await deleteSession(deps.db, hashSecret(sessionId));
}

export interface SessionActor {
  actor: Actor;
  csrfToken: string;
}

function actorOf(
  user: UserRow,
  via: Actor["via"],
  tokenId: string | null,
  scopes: readonly string[] | null,
): Actor {
  return { userId: user.id, role: user.role as Role, teamId: user.teamId, via, tokenId, scopes };
}

export async function resolveSession(deps: Deps, sessionId: string): Promise<SessionActor | null> {
  const session = await findLiveSession(deps.db, hashSecret(sessionId), deps.clock.now());
  if (!session) return null;
  const user = await findUserById(deps.db, session.userId);
  if (!user?.active) return null;
  return { actor: actorOf(user, "session", null, null), csrfToken: session.csrfToken };
}

export async function resolveApiToken(deps: Deps, token: string): Promise<Actor | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const now = deps.clock.now();
  const row = await findLiveApiToken(deps.db, hashSecret(token), now);
  if (!row) return null;
  const user = await findUserById(deps.db, row.userId);
  if (!user?.active) return null;
  // last_used_at to the minute is enough; skipping most writes keeps token-authenticated reads cheap.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000)
    await touchApiToken(deps.db, row.id, now);
  return actorOf(user, "token", row.id, row.scopes);
}

export function toApiTokenResponse(row: ApiTokenRow): ApiTokenResponse {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes as ApiTokenResponse["scopes"],
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** Creates a token for the actor's own user; the secret is returned once and only its hash is kept. */
export async function createApiToken(
  deps: Deps,
  actor: Actor,
  input: { name: string; scopes: string[]; expiresAt?: string | null },
): Promise<{ row: ApiTokenRow; token: string }> {
  // A token can never grant more than the token that creates it.
  if (actor.scopes && input.scopes.some((s) => !actor.scopes?.includes(s))) {
    throw new AppError("insufficient_scope", { scope: input.scopes.join(",") });
  }
  const now = deps.clock.now();
  if (input.expiresAt && new Date(input.expiresAt).getTime() <= now.getTime()) {
    throw new AppError("validation_failed", {}, [
      { path: "expiresAt", message: "有効期限は未来の日時にしてください / expiresAt must be in the future" },
    ]);
  }
  const token = createSecret(TOKEN_PREFIX);
  return deps.db.transaction(async (tx) => {
    const row = await insertApiToken(tx, {
      userId: actor.userId,
      name: input.name,
      tokenHash: hashSecret(token),
      prefix: token.slice(0, TOKEN_PREFIX.length + 6),
      scopes: [...new Set(input.scopes)],
      createdAt: now,
      expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
    });
    const { tokenHash: _omit, ...safe } = row;
    await recordAudit(tx, actor, now, {
      action: "api_token.create",
      entityType: "api_token",
      entityId: row.id,
      after: safe,
    });
    return { row, token };
  });
}

export async function listApiTokens(deps: Deps, actor: Actor): Promise<ApiTokenRow[]> {
  return listApiTokensOfUser(deps.db, actor.userId);
}

/** Users revoke their own tokens; admins revoke anyone's. Revoking twice is harmless. */
export async function revokeApiToken(deps: Deps, actor: Actor, id: string): Promise<ApiTokenRow> {
  const row = await findApiToken(deps.db, id);
  if (!row || (row.userId !== actor.userId && actor.role !== "admin")) throw notFound("api_token");
  if (row.revokedAt) return row;
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const revoked = await revokeApiTokenRow(tx, id, now);
    await recordAudit(tx, actor, now, {
      action: "api_token.revoke",
      entityType: "api_token",
      entityId: id,
      before: { revokedAt: null },
      after: { revokedAt: now },
    });
    return revoked;
  });
}
