import type {
  CreateDefinitionInput,
  DraftDefinitionInput,
  definitionDetailSchema,
  definitionVersionSchema,
  impactSchema,
} from "@tasuki/contracts";
import {
  approveVersion,
  assertCanReject,
  type CheckedExpression,
  canTransition,
  checkExpression,
  compileToSql,
  type DefinitionVersionStatus,
  DomainError,
  evaluateExpression,
  formatPersonName,
  LIFECYCLE_STAGES,
  type LifecycleStage,
  type RuleError,
} from "@tasuki/domain";
import { type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { recordAudit } from "../audit/audit.repository.ts";
import type { Db } from "../db/database.ts";
import { withStatementTimeout } from "../db/statement-timeout.ts";
import { AppError, notFound } from "../http/app-error.ts";
import type { Actor, Deps } from "../http/types.ts";
import { type JobProgress, startJob, toJobResponse } from "../jobs/jobs.service.ts";
import { advanceMatchingPeople } from "../people/people.repository.ts";
import { openHandoffsForDefinition } from "../relay/handoffs.service.ts";
import { assertUserExists } from "../users/users.service.ts";
import {
  computeImpact,
  countPeopleInStages,
  type DefinitionCommentRow,
  type DefinitionRow,
  type DefinitionVersionRow,
  findDefinition,
  findVersion,
  insertComment,
  insertDefinition,
  insertVersion,
  listCommentsOf,
  listCurrentVersions,
  listDefinitionRows,
  listVersionsOf,
  nameUsers,
  nextChunkEnd,
  updateDefinitionRow,
  updateVersion,
} from "./definitions.repository.ts";
import { fragmentToSql, loadRuleFacts } from "./rules.repository.ts";
import { type Names, toSignOffResponse, userRef } from "./sign-off.ts";

type VersionResponse = z.infer<typeof definitionVersionSchema>;
type DefinitionDetail = z.infer<typeof definitionDetailSchema>;
type Impact = z.infer<typeof impactSchema>;

/** A recycled person re-enters only on engagement after they were recycled (no ping-pong). */
const ACTIVITY_SINCE_SQL =
  "(case when p.stage = 'recycled' then p.stage_changed_at else '-infinity'::timestamptz end)";
const SWEEP_CHUNK = 5000;

// ---------- expressions ----------

const checkedCache = new Map<string, CheckedExpression>();

/** Checks an expression once per distinct text; approved texts never change, so caching is safe. */
function checked(source: string): CheckedExpression {
  const cached = checkedCache.get(source);
  if (cached) return cached;
  const result = checkExpression(source);
  if (!result.ok) throw invalidExpression(result.errors);
  if (checkedCache.size > 500) checkedCache.clear();
  checkedCache.set(source, result.expression);
  return result.expression;
}

function invalidExpression(errors: RuleError[]): AppError {
  const first = errors[0]!;
  return new AppError(
    "invalid_expression",
    { line: first.line, column: first.column, detail: first.message.ja },
    errors.map((e) => ({ path: "expression", message: `${e.message.ja} / ${e.message.en}` })),
  );
}

export function validateExpression(expression: string, locale: "ja" | "en") {
  const result = checkExpression(expression);
  if (result.ok) return { valid: true, type: "bool" as const, errors: [] };
  return {
    valid: false,
    type: null,
    errors: result.errors.map((e) => ({
      code: e.code,
      line: e.line,
      column: e.column,
      start: e.start,
      end: e.end,
      message: e.message[locale],
    })),
  };
}

function predicateFor(source: string, now: Date, withSince: boolean): SQL {
  return fragmentToSql(
    compileToSql(checked(source), { now, activitySinceSql: withSince ? ACTIVITY_SINCE_SQL : undefined }),
  );
}

// ---------- responses ----------

function toVersionResponse(
  v: DefinitionVersionRow,
  comments: DefinitionCommentRow[],
  names: Names,
): VersionResponse {
  return {
    id: v.id,
    number: v.number,
    status: v.status as DefinitionVersionStatus,
    expression: v.expression,
    description: v.description,
    changeNote: v.changeNote,
    createdAt: v.createdAt.toISOString(),
    proposedAt: v.proposedAt?.toISOString() ?? null,
    ...withProseConfirmations(v, toSignOffResponse(v, names)),
    comments: comments
      .filter((c) => c.versionId === v.id)
      .map((c) => ({
        id: c.id,
        author: userRef(names, c.authorId),
        body: c.body,
        createdAt: c.createdAt.toISOString(),
      })),
  };
}

/** Each signature says whether its signer confirmed that the description and the rule match. */
function withProseConfirmations(v: DefinitionVersionRow, signOff: ReturnType<typeof toSignOffResponse>) {
  return {
    ...signOff,
    marketingApproval: signOff.marketingApproval && {
      ...signOff.marketingApproval,
      proseMatchesRule: v.marketingProseConfirmed,
    },
    salesApproval: signOff.salesApproval && {
      ...signOff.salesApproval,
      proseMatchesRule: v.salesProseConfirmed,
    },
  };
}

/** A version goes up for signatures only with a note saying why it was made. */
function assertChangeNote(note: string | null | undefined): string {
  const trimmed = note?.trim();
  if (trimmed) return trimmed;
  throw new AppError("validation_failed", {}, [
    {
      path: "changeNote",
      message:
        "「変更の理由」を入力してください。何を・なぜ変えたのかを書くと、署名する人が文章とルールを確かめられます / Fill in “Why this change”: say what changed and why, so the signers can check the description against the rule",
    },
  ]);
}

async function toDetails(db: Db, rows: DefinitionRow[]): Promise<DefinitionDetail[]> {
  const versions = await listVersionsOf(
    db,
    rows.map((d) => d.id),
  );
  const comments = await listCommentsOf(
    db,
    versions.map((v) => v.id),
  );
  const names = await nameUsers(db, [
    ...rows.flatMap((d) => [d.marketingOwnerId, d.salesOwnerId]),
    ...versions.flatMap((v) => [v.authorId, v.marketingApproverId, v.salesApproverId, v.rejectedBy]),
    ...comments.map((c) => c.authorId),
  ]);
  return rows.map((d) => {
    const own = versions
      .filter((v) => v.definitionId === d.id)
      .map((v) => toVersionResponse(v, comments, names));
    return {
      id: d.id,
      key: d.key,
      nameJa: d.nameJa,
      nameEn: d.nameEn,
      targetStage: d.targetStage as LifecycleStage | null,
      autoAdvance: d.autoAdvance,
      marketingOwner: userRef(names, d.marketingOwnerId),
      salesOwner: userRef(names, d.salesOwnerId),
      current: own.find((v) => v.id === d.currentVersionId) ?? null,
      open: own.find((v) => v.status === "draft" || v.status === "proposed") ?? null,
      createdAt: d.createdAt.toISOString(),
      versions: own,
    };
  });
}

export async function listDefinitions(deps: Deps) {
  const details = await toDetails(deps.db, await listDefinitionRows(deps.db));
  return { items: details.map(({ versions: _v, ...rest }) => rest) };
}

export async function getDefinition(deps: Deps, id: string): Promise<DefinitionDetail> {
  const row = await findDefinition(deps.db, id);
  if (!row) throw notFound("definition");
  return (await toDetails(deps.db, [row]))[0]!;
}

// ---------- authoring and sign-off ----------

/** A new definition starts as a draft v1 that its owners refine and then propose. */
export async function createDefinition(deps: Deps, actor: Actor, input: CreateDefinitionInput) {
  checked(input.expression);
  await assertUserExists(deps, input.marketingOwnerId);
  await assertUserExists(deps, input.salesOwnerId);
  if (input.autoAdvance && !input.targetStage) {
    throw new AppError("validation_failed", {}, [
      {
        path: "autoAdvance",
        message: "自動で移動するには対象ステージ（targetStage）が必要です / autoAdvance needs a targetStage",
      },
    ]);
  }
  const now = deps.clock.now();
  const id = await deps.db.transaction(async (tx) => {
    const definition = await insertDefinition(tx, {
      key: input.key,
      nameJa: input.nameJa,
      nameEn: input.nameEn,
      targetStage: input.targetStage ?? null,
      autoAdvance: input.autoAdvance,
      marketingOwnerId: input.marketingOwnerId,
      salesOwnerId: input.salesOwnerId,
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    });
    const version = await insertVersion(tx, {
      definitionId: definition.id,
      number: 1,
      status: "draft",
      expression: input.expression,
      description: input.description,
      authorId: actor.userId,
      createdAt: now,
    });
    await recordAudit(tx, actor, now, {
      action: "definition.create",
      entityType: "definition",
      entityId: definition.id,
      after: { definition, version },
    });
    return definition.id;
  });
  return getDefinition(deps, id);
}

async function lockDefinition(
  tx: Db,
  id: string,
): Promise<{ definition: DefinitionRow; versions: DefinitionVersionRow[] }> {
  const definition = await findDefinition(tx, id, true);
  if (!definition) throw notFound("definition");
  return { definition, versions: await listVersionsOf(tx, [id]) };
}

/**
 * Puts a version up for sign-off: the open draft becomes proposed with this text, or a new
 * proposed version is created. One version at a time awaits signatures.
 */
export async function proposeDefinitionVersion(
  deps: Deps,
  actor: Actor,
  id: string,
  input: DraftDefinitionInput,
) {
  checked(input.expression);
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const { definition, versions } = await lockDefinition(tx, id);
    const open = versions.find((v) => v.status === "draft" || v.status === "proposed");
    if (open?.status === "proposed") throw new DomainError("open_version_exists", { number: open.number });
    const latest = versions[0];
    const description = input.description ?? open?.description ?? latest?.description ?? "";
    const changeNote = assertChangeNote(input.changeNote ?? open?.changeNote);
    const version = open
      ? await updateVersion(tx, open.id, {
          status: "proposed",
          expression: input.expression,
          description,
          changeNote,
          proposedAt: now,
        })
      : await insertVersion(tx, {
          definitionId: definition.id,
          number: (latest?.number ?? 0) + 1,
          status: "proposed",
          expression: input.expression,
          description,
          changeNote,
          authorId: actor.userId,
          createdAt: now,
          proposedAt: now,
        });
    await recordAudit(tx, actor, now, {
      action: "definition.propose",
      entityType: "definition_version",
      entityId: version.id,
      before: open ?? null,
      after: version,
    });
  });
  return getDefinition(deps, id);
}

/** Saves a draft (new, or the open draft) without asking anyone to sign yet. */
export async function saveDefinitionDraft(deps: Deps, actor: Actor, id: string, input: DraftDefinitionInput) {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const { definition, versions } = await lockDefinition(tx, id);
    const open = versions.find((v) => v.status === "draft" || v.status === "proposed");
    if (open?.status === "proposed") throw new DomainError("open_version_exists", { number: open.number });
    const latest = versions[0];
    const version = open
      ? await updateVersion(tx, open.id, {
          expression: input.expression,
          description: input.description ?? open.description,
          changeNote: input.changeNote ?? open.changeNote,
        })
      : await insertVersion(tx, {
          definitionId: definition.id,
          number: (latest?.number ?? 0) + 1,
          status: "draft",
          expression: input.expression,
          description: input.description ?? latest?.description ?? "",
          changeNote: input.changeNote ?? null,
          authorId: actor.userId,
          createdAt: now,
        });
    await recordAudit(tx, actor, now, {
      action: "definition.draft",
      entityType: "definition_version",
      entityId: version.id,
      before: open ?? null,
      after: version,
    });
  });
  return getDefinition(deps, id);
}

async function lockVersionOf(tx: Db, id: string, versionId: string) {
  const { definition } = await lockDefinition(tx, id);
  const version = await findVersion(tx, versionId, true);
  if (!version || version.definitionId !== id) throw notFound("definition_version");
  return { definition, version };
}

/**
 * Signs a proposed version for the actor's side. The second side's signature approves it:
 * the previous version is superseded and, for auto-advancing definitions, everyone is re-evaluated.
 */
export async function approveDefinitionVersion(
  deps: Deps,
  actor: Actor,
  id: string,
  versionId: string,
  input: { comment?: string; proseMatchesRule?: boolean },
) {
  const { comment } = input;
  const now = deps.clock.now();
  const approved = await deps.db.transaction(async (tx) => {
    const { definition, version } = await lockVersionOf(tx, id, versionId);
    const next = approveVersion(
      {
        status: version.status as DefinitionVersionStatus,
        marketingApproverId: version.marketingApproverId,
        salesApproverId: version.salesApproverId,
      },
      actor,
    );
    // Checked after the sign-off rules, so a signer who may not sign hears that first.
    if (input.proseMatchesRule !== true) {
      throw new AppError("validation_failed", {}, [
        {
          path: "proseMatchesRule",
          message:
            "承認する前に、説明文とルールが同じことを言っているか確認してください（「文章とルールが一致していることを確認しました」にチェック） / Before approving, confirm that the description and the rule say the same thing (tick “I confirmed the description and the rule match”)",
        },
      ]);
    }
    const updated = await updateVersion(tx, version.id, {
      status: next.status,
      ...(next.side === "marketing" ? { marketingProseConfirmed: true } : { salesProseConfirmed: true }),
      marketingApproverId: next.marketingApproverId,
      marketingApprovedAt: next.side === "marketing" ? now : version.marketingApprovedAt,
      salesApproverId: next.salesApproverId,
      salesApprovedAt: next.side === "sales" ? now : version.salesApprovedAt,
      approvedAt: next.status === "approved" ? now : null,
    });
    if (comment)
      await insertComment(tx, { versionId, authorId: actor.userId, body: comment, createdAt: now });
    if (next.status === "approved") {
      if (definition.currentVersionId) {
        await updateVersion(tx, definition.currentVersionId, { status: "superseded", supersededAt: now });
      }
      await updateDefinitionRow(tx, id, { currentVersionId: version.id, updatedAt: now });
    }
    await recordAudit(tx, actor, now, {
      action: next.status === "approved" ? "definition.approve" : "definition.sign",
      entityType: "definition_version",
      entityId: version.id,
      before: version,
      after: updated,
    });
    return next.status === "approved" && definition.autoAdvance && definition.targetStage !== null;
  });
  const sweep = approved
    ? await startJob(deps, "definition_sweep", { definitionId: id }, actor.userId)
    : null;
  return { definition: await getDefinition(deps, id), sweep: sweep ? toJobResponse(sweep) : null };
}

export async function rejectDefinitionVersion(
  deps: Deps,
  actor: Actor,
  id: string,
  versionId: string,
  comment: string,
) {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const { version } = await lockVersionOf(tx, id, versionId);
    assertCanReject({ status: version.status as DefinitionVersionStatus });
    const updated = await updateVersion(tx, version.id, {
      status: "rejected",
      rejectedBy: actor.userId,
      rejectedAt: now,
      rejectionComment: comment,
    });
    await insertComment(tx, { versionId, authorId: actor.userId, body: comment, createdAt: now });
    await recordAudit(tx, actor, now, {
      action: "definition.reject",
      entityType: "definition_version",
      entityId: version.id,
      before: version,
      after: updated,
    });
  });
  return getDefinition(deps, id);
}

export async function commentOnDefinitionVersion(
  deps: Deps,
  actor: Actor,
  id: string,
  versionId: string,
  body: string,
) {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await lockVersionOf(tx, id, versionId);
    await insertComment(tx, { versionId, authorId: actor.userId, body, createdAt: now });
    await recordAudit(tx, actor, now, {
      action: "definition.comment",
      entityType: "definition_version",
      entityId: versionId,
      after: { body },
    });
  });
  return getDefinition(deps, id);
}

// ---------- the relay runs on definitions ----------

/** Stages from which meeting the definition may move a person to its target stage. */
function fromStagesFor(target: LifecycleStage): LifecycleStage[] {
  return LIFECYCLE_STAGES.filter((s) => canTransition(s, target));
}

function autoReason(definition: DefinitionRow, version: DefinitionVersionRow): string {
  return `定義「${definition.nameJa}」v${version.number} を満たしたため自動で移動`;
}

/**
 * Re-evaluates auto-advancing definitions for these people inside the caller's transaction
 * (after a person or activity write), set-based, citing the definition version.
 */
export async function advanceByDefinitions(
  tx: Db,
  actor: Actor | null,
  personIds: string[],
  now: Date,
): Promise<void> {
  if (personIds.length === 0) return;
  for (const { definition, version } of await listCurrentVersions(tx)) {
    if (!definition.autoAdvance || !definition.targetStage) continue;
    const target = definition.targetStage as LifecycleStage;
    const moved = await advanceMatchingPeople(tx, {
      predicate: predicateFor(version.expression, now, true),
      fromStages: fromStagesFor(target),
      toStage: target,
      now,
      actorId: actor?.userId ?? null,
      reason: autoReason(definition, version),
      versionId: version.id,
      personIds,
    });
    if (moved.length > 0) {
      await recordAudit(tx, actor, now, {
        action: "person.stage_change",
        entityType: "person",
        entityId: moved.length === 1 ? moved[0]! : null,
        after: { to: target, definitionVersionId: version.id, people: moved },
      });
      // The baton goes on by itself: an MQL reached by definition opens a handoff to inside sales.
      await openHandoffsForDefinition(tx, actor, moved, target, autoReason(definition, version), now);
    }
  }
}

/** The sweep after an approval: everyone in a stage the definition moves from, chunk by chunk. */
export async function sweepDefinition(deps: Deps, payload: Record<string, unknown>, progress: JobProgress) {
  const definition = await findDefinition(deps.db, String(payload.definitionId));
  if (!definition?.currentVersionId || !definition.targetStage) return { moved: 0 };
  const version = (await findVersion(deps.db, definition.currentVersionId))!;
  const target = definition.targetStage as LifecycleStage;
  const fromStages = fromStagesFor(target);
  const now = deps.clock.now();
  const predicate = predicateFor(version.expression, now, true);
  await progress.setTotal(await countPeopleInStages(deps.db, fromStages));
  let after: string | null = null;
  let moved = 0;
  for (;;) {
    const chunk = await nextChunkEnd(deps.db, fromStages, after, SWEEP_CHUNK);
    if (!chunk) break;
    const { upTo } = chunk;
    const chunkAfter = after;
    const ids = await deps.db.transaction(async (tx) => {
      const movedIds = await advanceMatchingPeople(tx, {
        predicate,
        fromStages,
        toStage: target,
        now,
        actorId: null,
        reason: autoReason(definition, version),
        versionId: version.id,
        idRange: { after: chunkAfter, upTo },
      });
      await openHandoffsForDefinition(tx, null, movedIds, target, autoReason(definition, version), now);
      return movedIds;
    });
    moved += ids.length;
    await progress.advance(chunk.people);
    after = upTo;
  }
  await recordAudit(deps.db, null, deps.clock.now(), {
    action: "definition.sweep",
    entityType: "definition_version",
    entityId: version.id,
    after: { moved },
  });
  return { moved };
}

/**
 * A manual stage change that cites a definition: the version must be the approved one for that
 * stage, and the person must meet it now.
 */
export async function assertPersonMeets(
  tx: Db,
  versionId: string,
  personId: string,
  to: LifecycleStage,
  now: Date,
) {
  const version = await findVersion(tx, versionId);
  const definition = version ? await findDefinition(tx, version.definitionId) : null;
  if (!version || !definition) throw notFound("definition_version");
  if (definition.currentVersionId !== version.id || definition.targetStage !== to) {
    throw new AppError("validation_failed", {}, [
      {
        path: "definitionVersionId",
        message:
          "このステージに使える承認済みの最新の定義ではありません / not the approved definition in force for this stage",
      },
    ]);
  }
  const facts = (await loadRuleFacts(tx, [personId])).get(personId);
  if (!facts || !evaluateExpression(checked(version.expression), facts, now)) {
    throw new DomainError("definition_not_met", { definition: definition.nameJa, number: version.number });
  }
  return `定義「${definition.nameJa}」v${version.number} を満たす`;
}

/** Which definitions in force this person meets right now. */
export async function evaluatePersonDefinitions(deps: Deps, personId: string) {
  const facts = (await loadRuleFacts(deps.db, [personId])).get(personId);
  if (!facts) throw notFound("person");
  const now = deps.clock.now();
  const current = await listCurrentVersions(deps.db);
  return {
    items: current.map(({ definition, version }) => ({
      definition: {
        id: definition.id,
        key: definition.key,
        nameJa: definition.nameJa,
        nameEn: definition.nameEn,
      },
      version: { id: version.id, number: version.number, expression: version.expression },
      satisfied: evaluateExpression(checked(version.expression), facts, now),
    })),
  };
}

// ---------- impact backtest ----------

const JST_OFFSET_MS = 9 * 3_600_000;
const jstMidnight = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - JST_OFFSET_MS);

export async function getDefinitionImpact(
  deps: Deps,
  id: string,
  versionId: string,
  query: { from: string; to: string },
): Promise<Impact> {
  if (query.from >= query.to) {
    throw new AppError("validation_failed", {}, [
      { path: "query.to", message: "to は from より後の日付にしてください / to must be after from" },
    ]);
  }
  const definition = await findDefinition(deps.db, id);
  const proposed = await findVersion(deps.db, versionId);
  if (!definition || !proposed || proposed.definitionId !== id) throw notFound("definition_version");
  const current = definition.currentVersionId
    ? await findVersion(deps.db, definition.currentVersionId)
    : null;
  const started = Date.now();
  const from = jstMidnight(query.from);
  const to = jstMidnight(query.to);
  const currentSql = current ? predicateFor(current.expression, to, false) : sql`false`;
  const proposedSql = predicateFor(proposed.expression, to, false);
  const groups = await withStatementTimeout(deps.db, deps.config.queryTimeoutMs, (db) =>
    computeImpact(db, currentSql, proposedSql, from, to),
  );
  const group = (key: "both" | "current_only" | "proposed_only" | "neither") => {
    const row = groups.find((g) => g.grp === key);
    const won = row?.won ?? 0;
    const lost = row?.lost ?? 0;
    return {
      people: row?.people ?? 0,
      reachedSal: row?.reached_sal ?? 0,
      reachedSql: row?.reached_sql ?? 0,
      reachedOpportunity: row?.reached_opportunity ?? 0,
      won,
      lost,
      winRate: won + lost > 0 ? won / (won + lost) : null,
      revenue: Number(row?.revenue ?? 0),
      samples: (row?.samples ?? []).map((s) => ({
        id: s.id,
        name: formatPersonName(s.family_name, s.given_name),
        stage: s.stage as LifecycleStage,
      })),
    };
  };
  const result = {
    both: group("both"),
    currentOnly: group("current_only"),
    proposedOnly: group("proposed_only"),
    neither: group("neither"),
  };
  return {
    from: query.from,
    to: query.to,
    cohort: Object.values(result).reduce((n, g) => n + g.people, 0),
    currentVersion: current ? { id: current.id, number: current.number } : null,
    proposedVersion: { id: proposed.id, number: proposed.number },
    qualifiesCurrent: result.both.people + result.currentOnly.people,
    qualifiesProposed: result.both.people + result.proposedOnly.people,
    groups: result,
    elapsedMs: Date.now() - started,
  };
}
