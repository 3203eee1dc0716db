import type {
  CreateRejectionReasonInput,
  rejectionReasonSchema,
  slaPolicySchema,
  UpdateRejectionReasonInput,
} from "@tasuki/contracts";
import type { AssignmentMode, SlaGoal } from "@tasuki/domain";
import type { z } from "zod";
import { recordAudit } from "../audit/audit.repository.ts";
import type { Db } from "../db/database.ts";
import { AppError, notFound, versionConflict } from "../http/app-error.ts";
import type { Actor, Deps } from "../http/types.ts";
import { findTeamById, listTeamRows, type TeamRow } from "../users/users.repository.ts";
import { toTeamRef } from "../users/users.service.ts";
import {
  ensureTeamSettings,
  findRejectionReason,
  findSlaPolicy,
  findTeamSettings,
  insertRejectionReason,
  listRejectionReasonRows,
  listSlaPolicyRows,
  listTeamSettingsRows,
  type RejectionReasonRow,
  type SlaPolicyRow,
  updateRejectionReasonRow,
  updateSlaPolicyRow,
  updateTeamSettingsRow,
} from "./relay-settings.repository.ts";

type SlaPolicyResponse = z.infer<typeof slaPolicySchema>;
type RejectionReasonResponse = z.infer<typeof rejectionReasonSchema>;

export function toRejectionReasonResponse(row: RejectionReasonRow): RejectionReasonResponse {
  return {
    id: row.id,
    key: row.key,
    labelJa: row.labelJa,
    labelEn: row.labelEn,
    disqualifies: row.disqualifies,
    active: row.active,
    sortOrder: row.sortOrder,
    version: row.version,
  };
}

/** The shared taxonomy: active reasons for the reject dialog, all of them for settings. */
export async function listRejectionReasons(deps: Deps, includeInactive = false) {
  return { items: (await listRejectionReasonRows(deps.db, includeInactive)).map(toRejectionReasonResponse) };
}

/** `Not a fit` → `not_a_fit`; a label without latin letters gets a neutral code. */
function keyFromLabel(label: string): string {
  const slug = label
    .toLowerCase()
    .normalize("NFKC")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 40);
  return /^[a-z][a-z0-9_]{1,39}$/.test(slug) ? slug : `reason_${Date.now().toString(36)}`;
}

/** Adds a reason to the shared taxonomy; both sides see it in their reject dialog at once. */
export async function createRejectionReason(deps: Deps, actor: Actor, input: CreateRejectionReasonInput) {
  const now = deps.clock.now();
  const row = await deps.db.transaction(async (tx) => {
    const existing = await listRejectionReasonRows(tx, true);
    const key = input.key ?? keyFromLabel(input.labelEn);
    if (existing.some((r) => r.key === key))
      throw new AppError("duplicate", {}, [
        { path: "key", message: "このキーは使われています / this key is taken" },
      ]);
    const created = await insertRejectionReason(tx, {
      key,
      labelJa: input.labelJa,
      labelEn: input.labelEn,
      disqualifies: input.disqualifies,
      sortOrder: input.sortOrder ?? Math.max(0, ...existing.map((r) => r.sortOrder)) + 10,
      updatedAt: now,
    });
    await recordAudit(tx, actor, now, {
      action: "rejection_reason.create",
      entityType: "rejection_reason",
      entityId: created.id,
      after: created,
    });
    return created;
  });
  return toRejectionReasonResponse(row);
}

/**
 * Renames, reorders or (de)activates a reason. The key never changes, and past handoffs keep
 * pointing at the reason, so a rename shows in history and trends under the new label.
 */
export async function updateRejectionReason(
  deps: Deps,
  actor: Actor,
  id: string,
  input: UpdateRejectionReasonInput,
) {
  const { version, ...values } = input;
  const now = deps.clock.now();
  const row = await deps.db.transaction(async (tx) => {
    const before = await findRejectionReason(tx, id, true);
    if (!before) throw notFound("rejection_reason");
    const after = await updateRejectionReasonRow(tx, id, version, { ...values, updatedAt: now });
    if (!after) throw versionConflict(before.version);
    if (!after.active && (await listRejectionReasonRows(tx, false)).length === 0) {
      throw new AppError("validation_failed", {}, [
        {
          path: "active",
          message: "有効な差し戻し理由を1つ以上残してください / keep at least one active rejection reason",
        },
      ]);
    }
    await recordAudit(tx, actor, now, {
      action: "rejection_reason.update",
      entityType: "rejection_reason",
      entityId: id,
      before,
      after,
    });
    return after;
  });
  return toRejectionReasonResponse(row);
}

// ── SLA policies ────────────────────────────────────────────────────────────────────────────

async function teamsById(db: Db): Promise<Map<string, TeamRow>> {
  return new Map((await listTeamRows(db)).map((t) => [t.id, t]));
}

function toSlaPolicyResponse(row: SlaPolicyRow, teams: Map<string, TeamRow>): SlaPolicyResponse {
  return {
    id: row.id,
    fromTeam: toTeamRef(teams.get(row.fromTeamId)!),
    toTeam: toTeamRef(teams.get(row.toTeamId)!),
    goal: row.goal as SlaGoal,
    businessMinutes: row.businessMinutes,
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

export async function getSlaPolicies(deps: Deps) {
  const [rows, teams] = await Promise.all([listSlaPolicyRows(deps.db), teamsById(deps.db)]);
  return { items: rows.map((r) => toSlaPolicyResponse(r, teams)) };
}

/**
 * Changes SLA policies together (all or none). Pending handoffs keep the SLA they were made
 * under: a policy change is not retroactive, so nobody is breached by an edit.
 */
export async function updateSlaPolicies(
  deps: Deps,
  actor: Actor,
  input: { items: { id: string; goal?: SlaGoal; businessMinutes: number; version: number }[] },
) {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    for (const item of input.items) {
      const before = await findSlaPolicy(tx, item.id, true);
      if (!before) throw notFound("sla_policy");
      const after = await updateSlaPolicyRow(tx, item.id, item.version, {
        businessMinutes: item.businessMinutes,
        ...(item.goal ? { goal: item.goal } : {}),
        updatedAt: now,
      });
      if (!after) throw versionConflict(before.version);
      await recordAudit(tx, actor, now, {
        action: "sla_policy.update",
        entityType: "sla_policy",
        entityId: item.id,
        before,
        after,
      });
    }
  });
  return getSlaPolicies(deps);
}

// ── Assignment per team ─────────────────────────────────────────────────────────────────────

export async function listRelayTeamSettings(deps: Deps) {
  const [rows, teams] = await Promise.all([listTeamSettingsRows(deps.db), listTeamRows(deps.db)]);
  return {
    items: teams.map((team) => {
      const row = rows.find((r) => r.teamId === team.id);
      return {
        team: toTeamRef(team),
        assignmentMode: (row?.assignmentMode ?? "queue") as AssignmentMode,
        version: row?.version ?? 1,
      };
    }),
  };
}

export async function updateRelayTeamSettings(
  deps: Deps,
  actor: Actor,
  teamId: string,
  input: { assignmentMode: AssignmentMode; version?: number },
) {
  const team = await findTeamById(deps.db, teamId);
  if (!team) throw notFound("team");
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await ensureTeamSettings(tx, teamId);
    const before = (await findTeamSettings(tx, teamId, true))!;
    const after = await updateTeamSettingsRow(tx, teamId, input.version ?? null, {
      assignmentMode: input.assignmentMode,
      updatedAt: now,
    });
    if (!after) throw versionConflict(before.version);
    await recordAudit(tx, actor, now, {
      action: "relay_team_settings.update",
      entityType: "team",
      entityId: teamId,
      before,
      after,
    });
  });
  const settings = await listRelayTeamSettings(deps);
  return settings.items.find((s) => s.team.id === teamId)!;
}
