import type { Role } from "./vocabulary.ts";

/** What a signed-in user is, as far as permissions go. */
export interface Actor {
  userId: string;
  role: Role;
  teamId: string | null;
}

export const PERMISSIONS = [
  "records.read",
  "companies.write",
  "people.write",
  "people.stage",
  "activities.write",
  "opportunities.write",
  "opportunities.close",
  "campaigns.write",
  "definitions.write",
  "definitions.approve",
  "handoffs.write",
  "handoffs.decide",
  "relay.manage",
  "goals.write",
  "goals.comment",
  "tokens.manage",
  "users.manage",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * Role → permission table. Everyone on the relay reads every record (one shared picture);
 * writes follow the job: marketing runs campaigns, sales runs deals, every relay team hands off and
 * decides handoffs, managers set the relay's SLAs and channels and the revenue goals (目標), sales
 * posts its status beside the goal's pacing, and only admins manage users.
 */
const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  manager: [
    "records.read",
    "companies.write",
    "people.write",
    "people.stage",
    "activities.write",
    "opportunities.write",
    "opportunities.close",
    "campaigns.write",
    "definitions.write",
    "handoffs.write",
    "handoffs.decide",
    "relay.manage",
    "goals.write",
    "goals.comment",
    "tokens.manage",
  ],
  marketing: [
    "records.read",
    "companies.write",
    "people.write",
    "people.stage",
    "activities.write",
    "campaigns.write",
    "definitions.write",
    "definitions.approve",
    "handoffs.write",
    "handoffs.decide",
    "tokens.manage",
  ],
  inside_sales: [
    "records.read",
    "companies.write",
    "people.write",
    "people.stage",
    "activities.write",
    "opportunities.write",
    "definitions.write",
    "definitions.approve",
    "handoffs.write",
    "handoffs.decide",
    "goals.comment",
    "tokens.manage",
  ],
  field_sales: [
    "records.read",
    "companies.write",
    "people.write",
    "people.stage",
    "activities.write",
    "opportunities.write",
    "opportunities.close",
    "definitions.write",
    "definitions.approve",
    "handoffs.write",
    "handoffs.decide",
    "goals.comment",
    "tokens.manage",
  ],
  customer_success: [
    "records.read",
    "companies.write",
    "people.write",
    "people.stage",
    "activities.write",
    "handoffs.write",
    "handoffs.decide",
    "tokens.manage",
  ],
};

/** Whether the role grants the permission at all. */
export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Admins and managers act for every team and on every record. */
export function actsForEveryTeam(actor: Actor): boolean {
  return actor.role === "admin" || actor.role === "manager";
}

/** Whether the actor may act as (or for) the team: its members, and admins and managers. */
export function canActForTeam(actor: Actor, teamId: string | null): boolean {
  return actsForEveryTeam(actor) || (teamId !== null && actor.teamId === teamId);
}

/**
 * Ownership: admins and managers act on every record; others on records they own, records
 * of their team, and records nobody owns yet (a fresh lead anyone on the relay may pick up).
 */
export function canActOnOwned(
  actor: Actor,
  record: { ownerId: string | null; teamId?: string | null },
): boolean {
  if (actsForEveryTeam(actor)) return true;
  if (record.ownerId === null) return true;
  if (record.ownerId === actor.userId) return true;
  return record.teamId != null && record.teamId === actor.teamId;
}
