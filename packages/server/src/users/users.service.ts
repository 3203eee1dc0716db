import type { CurrentUser } from "@tasuki/contracts";
import { formatPersonName, type Role, type TeamFunction } from "@tasuki/domain";
import { z } from "zod";
import { recordAudit } from "../audit/audit.repository.ts";
import { hashPassword } from "../auth/secrets.ts";
import { AppError } from "../http/app-error.ts";
import type { Actor, Deps } from "../http/types.ts";
import {
  findTeamById,
  findTeamByKey,
  findUserByEmail,
  findUserById,
  findUsersByIds,
  insertUser,
  type TeamRow,
  type UserRow,
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

export const PASSWORD_MIN_LENGTH = 10;

export interface CreateUserInput {
  email: string;
  familyName: string;
  givenName: string;
  role: Role;
  password: string;
  teamKey?: string | null;
  locale?: "ja" | "en";
}

/** Creates a user (CLI, demo, later the admin screen). Passwords shorter than 10 characters are refused. */
export async function createUser(deps: Deps, actor: Actor | null, input: CreateUserInput): Promise<UserRow> {
  if (!z.email().safeParse(input.email).success) {
    throw new AppError("validation_failed", {}, [
      { path: "email", message: "メールアドレスの形式ではありません / not an email address" },
    ]);
  }
  if (input.password.length < PASSWORD_MIN_LENGTH) {
    throw new AppError("validation_failed", {}, [
      {
        path: "password",
        message: `パスワードは${PASSWORD_MIN_LENGTH}文字以上にしてください / password must be at least ${PASSWORD_MIN_LENGTH} characters`,
      },
    ]);
  }
  if (await findUserByEmail(deps.db, input.email)) throw new AppError("duplicate", { field: "email" });
  const teamKey = input.teamKey === undefined ? DEFAULT_TEAM_FOR_ROLE[input.role] : input.teamKey;
  const team = teamKey ? await findTeamByKey(deps.db, teamKey) : null;
  if (teamKey && !team) throw new AppError("not_found", { entity: "team" });
  const passwordHash = await hashPassword(input.password);
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
      after: safe,
    });
    return user;
  });
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
