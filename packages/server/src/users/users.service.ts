import {
  type CreateUserInput,
  type CurrentUser,
  PASSWORD_MIN_LENGTH,
  type UpdateUserInput,
  type UserResponse,
} from "@tasuki/contracts";
import { formatPersonName, type Role, type TeamFunction } from "@tasuki/domain";
import { z } from "zod";
import { recordAudit } from "../audit/audit.repository.ts";
import { hashPassword } from "../auth/secrets.ts";
import type { Db } from "../db/database.ts";
import { AppError } from "../http/app-error.ts";
import type { Actor, Deps } from "../http/types.ts";
import {
  countActiveAdmins,
  findTeamById,
  findTeamByKey,
  findUserByEmail,
  findUserById,
  findUsersByIds,
  insertUser,
  listUserRows,
  type TeamRow,
  type UserRow,
  updateUserRow,
} from "./users.repository.ts";

/** The team a role works in by default; admins and managers sit outside the relay teams. */
export const DEFAULT_TEAM_FOR_ROLE: Record<Role, TeamFunction | null> = {
  admin: null,
  manager: null,
  marketing: "marketing",
  inside_sales: "inside_sales",
  field_sales: "field_sales",
  customer_success: "customer_success",
};

export { PASSWORD_MIN_LENGTH };

/**
 * A new user: the API's create request, or the CLI's and the test helpers' call, which may name
 * the team by key and leave the locale to its default.
 */
type NewUserInput = Omit<CreateUserInput, "locale" | "password"> & {
  locale?: CreateUserInput["locale"];
  /**
   * Only the server-side paths (CLI, demo, tests) set a password here. The admin API never does:
   * without one the user cannot sign in until they accept an invitation (issue 20).
   */
  password?: string;
  /** Used when teamId is not given (the admin screen picks a team by id, which takes precedence). */
  teamKey?: string | null;
};

/**
 * Creates a user (CLI, demo, the admin screen). Passwords shorter than 10 characters are refused.
 * `alsoInTransaction` runs in the same transaction (the admin screen issues the invitation there).
 */
export async function createUser(
  deps: Deps,
  actor: Actor | null,
  input: NewUserInput,
  alsoInTransaction?: (tx: Db, user: UserRow) => Promise<void>,
): Promise<UserRow> {
  if (!z.email().safeParse(input.email).success) {
    throw new AppError("validation_failed", {}, [
      { path: "email", message: "メールアドレスの形式ではありません / not an email address" },
    ]);
  }
  if (input.password !== undefined && input.password.length < PASSWORD_MIN_LENGTH) {
    throw new AppError("validation_failed", {}, [
      {
        path: "password",
        message: `パスワードは${PASSWORD_MIN_LENGTH}文字以上にしてください / password must be at least ${PASSWORD_MIN_LENGTH} characters`,
      },
    ]);
  }
  if (await findUserByEmail(deps.db, input.email)) throw new AppError("duplicate", { field: "email" });
  const team = await resolveTeam(deps, input);
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  return deps.db.transaction(async (tx) => {
    const user = await insertUser(tx, {
      email: input.email.toLowerCase(),
      familyName: input.familyName,
      givenName: input.givenName,
      role: input.role,
      teamId: team?.id ?? null,
      passwordHash,
      locale: input.locale ?? "ja",
    });
    const { passwordHash: _omit, ...safe } = user;
    await recordAudit(tx, actor, deps.clock.now(), {
      action: "user.create",
      entityType: "user",
      entityId: user.id,
      after: { ...safe, passwordSet: passwordHash !== null },
    });
    await alsoInTransaction?.(tx, user);
    return user;
  });
}

async function resolveTeam(deps: Deps, input: NewUserInput): Promise<TeamRow | null> {
  if (input.teamId !== undefined) {
    if (input.teamId === null) return null;
    const byId = await findTeamById(deps.db, input.teamId);
    if (!byId) throw new AppError("not_found", { entity: "team" });
    return byId;
  }
  const teamKey = input.teamKey === undefined ? DEFAULT_TEAM_FOR_ROLE[input.role] : input.teamKey;
  const team = teamKey ? await findTeamByKey(deps.db, teamKey) : null;
  if (teamKey && !team) throw new AppError("not_found", { entity: "team" });
  return team;
}

export async function toCurrentUser(deps: Deps, user: UserRow): Promise<CurrentUser> {
  const team: TeamRow | null = user.teamId ? await findTeamById(deps.db, user.teamId) : null;
  return {
    id: user.id,
    email: user.email,
    familyName: user.familyName,
    givenName: user.givenName,
    name: formatPersonName(user.familyName, user.givenName),
    role: user.role as Role,
    team: team ? { id: team.id, key: team.key, name: team.nameJa } : null,
    locale: user.locale as "ja" | "en",
  };
}

/** Owners must be real users; a wrong id is a 404 naming the user, not a foreign-key crash. */
export async function assertUserExists(deps: Deps, id: string): Promise<void> {
  if (!(await findUserById(deps.db, id))) throw new AppError("not_found", { entity: "user" });
}

/** Display names (姓 名) for a set of user ids, for "by whom" fields. */
export async function userNames(deps: Deps, ids: (string | null)[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((id): id is string => id !== null))];
  const rows = await findUsersByIds(deps.db, unique);
  return new Map(rows.map((u) => [u.id, formatPersonName(u.familyName, u.givenName)]));
}

type SafeUser = Omit<UserRow, "passwordHash">;
function withoutSecret(user: UserRow): SafeUser {
  const { passwordHash: _omit, ...safe } = user;
  return safe;
}

export function toUserResponse(user: UserRow, team: TeamRow | null): UserResponse {
  return {
    id: user.id,
    email: user.email,
    familyName: user.familyName,
    givenName: user.givenName,
    name: formatPersonName(user.familyName, user.givenName),
    role: user.role as Role,
    team: team ? { id: team.id, key: team.key, name: team.nameJa } : null,
    locale: user.locale as "ja" | "en",
    active: user.active,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

export async function getUser(deps: Deps, id: string): Promise<UserResponse> {
  const user = await findUserById(deps.db, id);
  if (!user) throw new AppError("not_found", { entity: "user" });
  const team = user.teamId ? await findTeamById(deps.db, user.teamId) : null;
  return toUserResponse(user, team);
}

export async function listUsers(deps: Deps, includeInactive: boolean): Promise<UserResponse[]> {
  const rows = await listUserRows(deps.db, includeInactive);
  return rows.map((r) => toUserResponse(r.user, r.team));
}

/**
 * Admin edits of another user's role, team, name, active flag or password. An admin may not
 * take away their own admin role or deactivate themselves, so the system always keeps an admin.
 */
export async function updateUser(
  deps: Deps,
  actor: Actor,
  id: string,
  input: UpdateUserInput,
): Promise<UserResponse> {
  const before = await findUserById(deps.db, id);
  if (!before) throw new AppError("not_found", { entity: "user" });
  const losesAdmin =
    before.role === "admin" &&
    before.active &&
    ((input.role !== undefined && input.role !== "admin") || input.active === false);
  if (losesAdmin && (id === actor.userId || (await countActiveAdmins(deps.db)) <= 1)) {
    throw new AppError("validation_failed", {}, [
      {
        path: input.active === false ? "active" : "role",
        message:
          id === actor.userId
            ? "自分自身の管理者権限は外せません。別の管理者に依頼してください / you cannot remove your own admin access; ask another admin"
            : "最後の管理者の権限は外せません / the last admin cannot lose admin access",
      },
    ]);
  }
  if (input.teamId && !(await findTeamById(deps.db, input.teamId))) {
    throw new AppError("not_found", { entity: "team" });
  }
  const { password: _refused, ...fields } = input;
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const after = await updateUserRow(tx, id, { ...fields, updatedAt: now });
    if (!after) throw new AppError("not_found", { entity: "user" });
    await recordAudit(tx, actor, now, {
      action: "user.update",
      entityType: "user",
      entityId: id,
      before: withoutSecret(before),
      after: withoutSecret(after),
    });
  });
  return getUser(deps, id);
}

/** A user's own name and UI language; role and team stay with the admins. */
export async function updateCurrentUser(
  deps: Deps,
  actor: Actor,
  input: { familyName?: string; givenName?: string; locale?: "ja" | "en" },
): Promise<CurrentUser> {
  const before = await findUserById(deps.db, actor.userId);
  if (!before) throw new AppError("unauthenticated");
  const now = deps.clock.now();
  const after = await deps.db.transaction(async (tx) => {
    const row = await updateUserRow(tx, actor.userId, { ...input, updatedAt: now });
    if (!row) throw new AppError("unauthenticated");
    await recordAudit(tx, actor, now, {
      action: "user.update_self",
      entityType: "user",
      entityId: actor.userId,
      before: withoutSecret(before),
      after: withoutSecret(row),
    });
    return row;
  });
  return toCurrentUser(deps, after);
}

/** A team as responses name it. */
export function toTeamRef(team: Pick<TeamRow, "id" | "key" | "nameJa">) {
  return { id: team.id, key: team.key, name: team.nameJa };
}
