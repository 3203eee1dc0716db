import type { CreatePersonInput, PersonResponse, UpdatePersonInput } from "@tasuki/contracts";
import {
  type ConsentStatus,
  canActOnOwned,
  formatPersonName,
  type LifecycleStage,
  normalizeKana,
  normalizePhone,
  type Temperature,
} from "@tasuki/domain";
import { recordAudit } from "../audit/audit.repository.ts";
import { findCompany } from "../companies/companies.repository.ts";
import type { Db } from "../db/database.ts";
import { advanceByDefinitions, assertPersonMeets } from "../definitions/definitions.service.ts";
import { forbidden, notFound, versionConflict } from "../http/app-error.ts";
import type { Actor, Deps } from "../http/types.ts";
import { rescoreAfterWrite } from "../scoring/scoring.service.ts";
import { findTeamById } from "../users/users.repository.ts";
import { assertUserExists, userNames } from "../users/users.service.ts";
import {
  findPerson,
  findPersonView,
  insertPerson,
  insertStageChange,
  listPersonRows,
  type PersonFilter,
  type PersonRow,
  type PersonView,
  type StageChangeRow,
  updatePersonRow,
} from "./people.repository.ts";
import { moveStage } from "./stage-moves.service.ts";

/** Any of a person's profile fields: what create and update both normalize. */
type PersonFields = Partial<CreatePersonInput>;

export function toPersonResponse(view: PersonView): PersonResponse {
  const p = view.person;
  return {
    id: p.id,
    familyName: p.familyName,
    givenName: p.givenName,
    familyNameKana: p.familyNameKana,
    givenNameKana: p.givenNameKana,
    name: formatPersonName(p.familyName, p.givenName),
    email: p.email,
    phone: p.phone,
    department: p.department,
    title: p.title,
    company: p.companyId ? { id: p.companyId, name: view.companyName ?? "" } : null,
    owner: p.ownerId
      ? { id: p.ownerId, name: formatPersonName(view.ownerFamilyName ?? "", view.ownerGivenName) }
      : null,
    team: p.teamId ? { id: p.teamId, key: view.teamKey ?? "", name: view.teamName ?? "" } : null,
    stage: p.stage as LifecycleStage,
    stageChangedAt: p.stageChangedAt.toISOString(),
    temperature: p.temperature as Temperature | null,
    consentStatus: p.consentStatus as ConsentStatus,
    source: p.source,
    score:
      view.scoreTotal === null || view.scoreTotal === undefined
        ? null
        : { fit: view.scoreFit ?? 0, engagement: view.scoreEngagement ?? 0, total: view.scoreTotal },
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    version: p.version,
  };
}

/** フリガナ to katakana, phone to E.164, and referenced records checked so errors name the field. */
async function normalizePersonInput(deps: Deps, input: PersonFields): Promise<PersonFields> {
  const out: PersonFields = { ...input };
  if (input.familyNameKana) out.familyNameKana = normalizeKana(input.familyNameKana);
  if (input.givenNameKana) out.givenNameKana = normalizeKana(input.givenNameKana);
  if (input.phone) out.phone = normalizePhone(input.phone);
  if (input.phone === "") out.phone = null;
  // An emptied optional field is cleared, not stored as "" (the edit form sends what is in the box).
  for (const key of [
    "givenName",
    "familyNameKana",
    "givenNameKana",
    "department",
    "title",
    "source",
  ] as const)
    if (input[key] === "") out[key] = null;
  if (input.companyId && !(await findCompany(deps.db, input.companyId))) throw notFound("company");
  if (input.teamId && !(await findTeamById(deps.db, input.teamId))) throw notFound("team");
  if (input.ownerId) await assertUserExists(deps, input.ownerId);
  return out;
}

export async function listPeople(deps: Deps, filter: PersonFilter) {
  const { rows, nextCursor } = await listPersonRows(deps.db, filter);
  return { items: rows.map(toPersonResponse), nextCursor };
}

export async function getPerson(deps: Deps, id: string): Promise<PersonResponse> {
  const view = await findPersonView(deps.db, id);
  if (!view) throw notFound("person");
  return toPersonResponse(view);
}

/** A new person enters the relay as a lead, with the entry recorded as the first stage change. */
export async function createPerson(deps: Deps, actor: Actor, input: CreatePersonInput) {
  const values = await normalizePersonInput(deps, input);
  const now = deps.clock.now();
  const id = await deps.db.transaction(async (tx) => {
    const row = await insertPerson(tx, {
      ...values,
      familyName: input.familyName,
      teamId: values.teamId === undefined ? actor.teamId : values.teamId,
      stage: "lead",
      stageChangedAt: now,
      createdAt: now,
      updatedAt: now,
    });
    await insertStageChange(tx, {
      personId: row.id,
      fromStage: null,
      toStage: "lead",
      changedAt: now,
      changedBy: actor.userId,
      reason: null,
    });
    await recordAudit(tx, actor, now, {
      action: "person.create",
      entityType: "person",
      entityId: row.id,
      after: row,
    });
    await rescoreAfterWrite(tx, [row.id], now, "profile");
    await advanceByDefinitions(tx, actor, [row.id], now);
    return row.id;
  });
  return getPerson(deps, id);
}

async function lockOwnedPerson(tx: Db, actor: Actor, id: string): Promise<PersonRow> {
  const person = await findPerson(tx, id, true);
  if (!person) throw notFound("person");
  if (!canActOnOwned(actor, { ownerId: person.ownerId, teamId: person.teamId })) throw forbidden();
  return person;
}

export async function updatePerson(deps: Deps, actor: Actor, id: string, input: UpdatePersonInput) {
  const { version, ...fields } = input;
  const values = await normalizePersonInput(deps, fields);
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const before = await lockOwnedPerson(tx, actor, id);
    const after = await updatePersonRow(tx, id, version, { ...values, updatedAt: now });
    if (!after) throw versionConflict(before.version);
    await recordAudit(tx, actor, now, {
      action: "person.update",
      entityType: "person",
      entityId: id,
      before,
      after,
    });
    await rescoreAfterWrite(tx, [id], now, "profile");
    await advanceByDefinitions(tx, actor, [id], now);
  });
  return getPerson(deps, id);
}

export async function changePersonStage(
  deps: Deps,
  actor: Actor,
  id: string,
  input: { to: LifecycleStage; reason?: string; definitionVersionId?: string; version: number },
) {
  const now = deps.clock.now();
  const stageChange = await deps.db.transaction(async (tx) => {
    const person = await lockOwnedPerson(tx, actor, id);
    if (person.version !== input.version) throw versionConflict(person.version);
    // A move that cites a definition is checked against it; otherwise the reason explains it.
    const cited = input.definitionVersionId
      ? await assertPersonMeets(tx, input.definitionVersionId, id, input.to, now)
      : null;
    const reason = input.reason ?? cited ?? "";
    const move = { to: input.to, reason, definitionVersionId: input.definitionVersionId ?? null };
    return (await moveStage(tx, actor, person, move, now)).stageChange;
  });
  const names = await userNames(deps, [stageChange.changedBy]);
  return { person: await getPerson(deps, id), stageChange: toStageChangeResponse(stageChange, names) };
}

export function toStageChangeResponse(row: StageChangeRow, names: Map<string, string>) {
  return {
    id: row.id,
    personId: row.personId,
    from: row.fromStage as LifecycleStage | null,
    to: row.toStage as LifecycleStage,
    changedAt: row.changedAt.toISOString(),
    changedBy: row.changedBy ? { id: row.changedBy, name: names.get(row.changedBy) ?? "" } : null,
    reason: row.reason,
    definitionVersionId: row.definitionVersionId,
  };
}
