import type {
  listCalibrationPeopleQuerySchema,
  scoringModelSchema,
  scoringModelVersionSchema,
} from "@tasuki/contracts";
import {
  approveVersion,
  assertCanReject,
  assignDeciles,
  bandOfDecile,
  type CheckedScoringModel,
  calibrate,
  checkScoringModel,
  type DefinitionVersionStatus,
  DomainError,
  engagementBasis,
  fitBasis,
  fitChangesWithTime,
  formatPersonName,
  isHoldout,
  type LifecycleStage,
  type RuleReweighting,
  type ScoringModelConfig,
  scoreFromFeatures,
  scorePerson,
  suggestRuleReweighting,
  type Temperature,
} from "@tasuki/domain";
import type { z } from "zod";
import { recordAudit } from "../audit/audit.repository.ts";
import { type Db, forEachConcurrently } from "../db/database.ts";
import { decodeCursor, encodeCursor } from "../db/pagination.ts";
import { withQueryTimeout } from "../db/statement-timeout.ts";
import { nameUsers } from "../definitions/definitions.repository.ts";
import { loadRuleFacts } from "../definitions/rules.repository.ts";
import { toSignOffResponse } from "../definitions/sign-off.ts";
import { AppError, notFound } from "../http/app-error.ts";
import type { Actor, Deps } from "../http/types.ts";
import { type JobProgress, startJob, startOrJoinJob, toJobResponse } from "../jobs/jobs.service.ts";
import { findPerson } from "../people/people.repository.ts";
import { calibrationFeatureRows, findCalibrationPeople } from "./calibration.repository.ts";
import { dropScoreRebuild, startScoreRebuild, swapInScoreRebuild } from "./score-rebuild.repository.ts";
import {
  analyzeScores,
  carryForwardFrom,
  countPeople,
  findApprovedModel,
  findCheckingRun,
  findLatestRun,
  findModelVersion,
  findPersonScore,
  finishScoreRun,
  insertModelVersion,
  insertScoreRun,
  listModelVersions,
  listScoreHistory,
  lockModelVersions,
  peopleChunks,
  rescorePeople,
  type ScoringModelVersionRow,
  updateModelVersion,
} from "./scoring.repository.ts";

type VersionResponse = z.infer<typeof scoringModelVersionSchema>;
type ModelResponse = z.infer<typeof scoringModelSchema>;

/**
 * People per rescore statement; each chunk commits and reports progress. Counting activities
 * needs small id ranges (the index range of one chunk); carrying sums forward reads people,
 * companies and scores, which are cheapest in few large chunks.
 */
export const RESCORE_CHUNK = 100_000;
export const CARRY_CHUNK = 250_000;
const checkedModels = new Map<string, CheckedScoringModel>();

/** Checks a model config, or fails with every problem named by its path. */
export function checkedModel(config: ScoringModelConfig): CheckedScoringModel {
  const key = JSON.stringify(config);
  const cached = checkedModels.get(key);
  if (cached) return cached;
  const result = checkScoringModel(config);
  if (!result.ok) {
    throw new AppError(
      "validation_failed",
      {},
      result.issues.map((i) => ({ path: `config.${i.path}`, message: `${i.message.ja} / ${i.message.en}` })),
    );
  }
  if (checkedModels.size > 50) checkedModels.clear();
  checkedModels.set(key, result.model);
  return result.model;
}

/** Scoring versions keep each signer's approval comment on the version row (no comment thread). */
function withApprovalComments(
  signOff: ReturnType<typeof toSignOffResponse>,
  row: Pick<ScoringModelVersionRow, "marketingApprovalComment" | "salesApprovalComment">,
) {
  return {
    ...signOff,
    marketingApproval: signOff.marketingApproval && {
      ...signOff.marketingApproval,
      comment: row.marketingApprovalComment,
    },
    salesApproval: signOff.salesApproval && { ...signOff.salesApproval, comment: row.salesApprovalComment },
  };
}

async function toModelResponse(db: Db, versions: ScoringModelVersionRow[]): Promise<ModelResponse> {
  const names = await nameUsers(
    db,
    versions.flatMap((v) => [v.authorId, v.marketingApproverId, v.salesApproverId, v.rejectedBy]),
  );
  const items: VersionResponse[] = versions.map((v) => ({
    id: v.id,
    number: v.number,
    status: v.status as DefinitionVersionStatus,
    config: v.config as ScoringModelConfig,
    changeNote: v.changeNote,
    createdAt: v.createdAt.toISOString(),
    ...withApprovalComments(toSignOffResponse(v, names), v),
  }));
  return {
    current: items.find((v) => v.status === "approved") ?? null,
    open: items.find((v) => v.status === "proposed" || v.status === "draft") ?? null,
    versions: items,
  };
}

export async function getScoringModel(deps: Deps): Promise<ModelResponse> {
  return toModelResponse(deps.db, await listModelVersions(deps.db));
}

/** Proposes a model for sign-off; it never applies until one marketing and one sales user approve. */
export async function proposeScoringModel(
  deps: Deps,
  actor: Actor,
  input: { config: ScoringModelConfig; changeNote?: string | null },
) {
  checkedModel(input.config);
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await lockModelVersions(tx);
    const versions = await listModelVersions(tx);
    const open = versions.find((v) => v.status === "proposed");
    if (open) throw new DomainError("open_version_exists", { number: open.number });
    const row = await insertModelVersion(tx, {
      number: (versions[0]?.number ?? 0) + 1,
      status: "proposed",
      config: input.config,
      changeNote: input.changeNote ?? null,
      authorId: actor.userId,
      createdAt: now,
      proposedAt: now,
    });
    await recordAudit(tx, actor, now, {
      action: "scoring_model.propose",
      entityType: "scoring_model",
      entityId: row.id,
      after: row,
    });
  });
  return getScoringModel(deps);
}

/** Signs for the actor's side; the second signature approves, supersedes the old model and rescores everyone. */
export async function approveScoringModel(deps: Deps, actor: Actor, versionId: string, comment?: string) {
  const now = deps.clock.now();
  const approved = await deps.db.transaction(async (tx) => {
    await lockModelVersions(tx);
    const version = await findModelVersion(tx, versionId, true);
    if (!version) throw notFound("scoring_model");
    const next = approveVersion(
      {
        status: version.status as DefinitionVersionStatus,
        marketingApproverId: version.marketingApproverId,
        salesApproverId: version.salesApproverId,
      },
      actor,
    );
    if (next.status === "approved") {
      const previous = await findApprovedModel(tx);
      if (previous) await updateModelVersion(tx, previous.id, { status: "superseded", supersededAt: now });
    }
    const updated = await updateModelVersion(tx, versionId, {
      status: next.status,
      marketingApproverId: next.marketingApproverId,
      marketingApprovedAt: next.side === "marketing" ? now : version.marketingApprovedAt,
      salesApproverId: next.salesApproverId,
      salesApprovedAt: next.side === "sales" ? now : version.salesApprovedAt,
      approvedAt: next.status === "approved" ? now : null,
      // The signer's comment is kept on their side of the version and so is in the audit entry's after.
      ...(next.side === "marketing"
        ? { marketingApprovalComment: comment || null }
        : { salesApprovalComment: comment || null }),
    });
    await recordAudit(tx, actor, now, {
      action: next.status === "approved" ? "scoring_model.approve" : "scoring_model.sign",
      entityType: "scoring_model",
      entityId: versionId,
      before: version,
      after: updated,
    });
    return next.status === "approved";
  });
  const rescore = approved
    ? await startJob(deps, "rescore_all", { reason: "model_approved" }, actor.userId)
    : null;
  return { model: await getScoringModel(deps), rescore: rescore ? toJobResponse(rescore) : null };
}

export async function rejectScoringModel(deps: Deps, actor: Actor, versionId: string, comment: string) {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await lockModelVersions(tx);
    const version = await findModelVersion(tx, versionId, true);
    if (!version) throw notFound("scoring_model");
    assertCanReject({ status: version.status as DefinitionVersionStatus });
    const updated = await updateModelVersion(tx, versionId, {
      status: "rejected",
      rejectedBy: actor.userId,
      rejectedAt: now,
      rejectionComment: comment,
    });
    await recordAudit(tx, actor, now, {
      action: "scoring_model.reject",
      entityType: "scoring_model",
      entityId: versionId,
      before: version,
      after: updated,
    });
  });
  return getScoringModel(deps);
}

/**
 * Rescores these people with the approved model inside the caller's transaction (after a write;
 * the reason is what was written, and is the score history's reason).
 */
export async function rescoreAfterWrite(
  tx: Db,
  personIds: string[],
  now: Date,
  reason: "activity" | "profile" | "company",
): Promise<void> {
  const model = await findApprovedModel(tx);
  if (!model || personIds.length === 0) return;
  const checked = checkedModel(model.config as ScoringModelConfig);
  // An activity leaves the profile as it was: a fit this model stored is still right.
  const storedFit = reason === "activity" && !fitChangesWithTime(checked) ? [model.id] : null;
  await rescorePeople(tx, checked, model.id, now, { personIds }, reason, { storedFit });
}

/**
 * The model versions whose stored numbers this model can reuse, with `model` among them: the
 * same engagement basis (their units: only points, weights or fit rules differ) and the same fit
 * basis (their fit). A version whose config no longer checks shares nothing.
 */
async function sameBasisVersions(
  db: Db,
  model: { id: string; checked: CheckedScoringModel },
): Promise<{ engagement: string[]; fit: string[] }> {
  const engagement = new Set([model.id]);
  const fit = new Set([model.id]);
  const basis = { engagement: engagementBasis(model.checked), fit: fitBasis(model.checked) };
  for (const v of await listModelVersions(db)) {
    const checked = checkScoringModel(v.config as ScoringModelConfig);
    if (!checked.ok) continue;
    if (engagementBasis(checked.model) === basis.engagement) engagement.add(v.id);
    if (fitBasis(checked.model) === basis.fit) fit.add(v.id);
  }
  return { engagement: [...engagement], fit: [...fit] };
}

/**
 * Rescores everyone at the instant `now`, chunk by chunk in person id order (each chunk one
 * statement and one transaction), recording the run so unchanged scores stay explained.
 * Returns how many scores changed.
 */
export async function rescoreEveryone(
  db: Db,
  model: { id: string; config: ScoringModelConfig },
  now: Date,
  reason: string,
  onChunk: (people: number) => Promise<void> = async () => undefined,
  /** Chunks in flight at once: 2 on PostgreSQL (one core each), 1 on PGlite (one connection). */
  concurrency = 1,
  /** People per chunk (default 100,000; 250,000 when carrying forward). */
  chunkSize?: number,
  /**
   * `update` rewrites the changed rows in place; `rebuild` fills the next score table and swaps
   * it in (`ScoreRebuild`). Default: update after a complete run with this model (nightly decay:
   * few scores change); rebuild otherwise: another model (most scores change), no run yet, or a
   * run that did not finish (a retried model change must not fall back to updating in place).
   */
  strategy?: "update" | "rebuild",
): Promise<number> {
  const checked = checkedModel(model.config);
  const same = await sameBasisVersions(db, { id: model.id, checked });
  const sameBasis = same.engagement;
  const latest = await findLatestRun(db);
  const carry = carryForwardFrom(latest, sameBasis);
  // After a complete run whose model had this fit basis, nearly every stored fit still holds
  // (see `RescoreOptions.storedFit`); otherwise (a new fit, no run yet) the rules run for all.
  const storedFit =
    latest?.finishedAt && same.fit.includes(latest.modelVersionId) && !fitChangesWithTime(checked)
      ? same.fit
      : null;
  const settled = latest?.finishedAt && latest.modelVersionId === model.id;
  const rebuilding = strategy ? strategy === "rebuild" : !settled;
  const runId = await insertScoreRun(db, { modelVersionId: model.id, asOf: now, reason });
  const into = rebuilding ? await startScoreRebuild(db, runId, now) : undefined;
  // Chunk bounds first, then the chunks, `concurrency` at a time.
  const size = chunkSize ?? (carry ? CARRY_CHUNK : RESCORE_CHUNK);
  const ranges = await peopleChunks(db, size);
  let changed = 0;
  // Awaited first: `changed += await …` reads `changed` before the await, so two chunks in
  // flight would each add to a stale total and lose the other's count.
  const scoreChunk = async (range: (typeof ranges)[number]) => {
    const chunkChanged = await db.transaction((tx) =>
      rescorePeople(tx, checked, model.id, now, { idRange: range }, reason, {
        mode: "full",
        sameBasis,
        carry,
        into,
        storedFit,
      }),
    );
    changed += chunkChanged;
    // The people in the range, not the chunk size: the last chunk (often the only one) is shorter.
    await onChunk(range.people);
  };
  try {
    await forEachConcurrently(db, ranges, concurrency, scoreChunk);
    if (into) await swapInScoreRebuild(db, into, now, concurrency);
  } catch (error) {
    if (into) await dropScoreRebuild(db, into);
    throw error;
  }
  await finishScoreRun(db, runId, now);
  // After many rows changed in place, fresh statistics keep the next run's plans (range scans by
  // person id) right; a rebuilt table was analyzed before it was swapped in.
  if (!into && changed > 10_000) await analyzeScores(db);
  return changed;
}

/** Everyone, chunk by chunk: after an approval, and nightly so that decay shows. */
export async function rescoreAll(deps: Deps, payload: Record<string, unknown>, progress: JobProgress) {
  const model = await findApprovedModel(deps.db);
  if (!model) return { changed: 0 };
  const now = deps.clock.now();
  await progress.setTotal(await countPeople(deps.db));
  const changed = await rescoreEveryone(
    deps.db,
    { id: model.id, config: model.config as ScoringModelConfig },
    now,
    String(payload.reason ?? "rescore"),
    (people) => progress.advance(people),
    deps.config.database?.kind === "postgres" ? 2 : 1,
  );
  return { changed, modelVersion: model.number };
}

/**
 * Starts a full rescore, or answers with the one already queued or running (same id): a full
 * rescore always scores everyone with the model in force, so a second one at the same time
 * would only redo the first one's work and compete for the same rows.
 */
export async function startRescoreAll(deps: Deps, actor: Actor) {
  const { row } = await startOrJoinJob(deps, "rescore_all", { reason: "rescore" }, actor.userId);
  return toJobResponse(row);
}

/**
 * A person's stored score and its explanation, computed from the same facts at the moment the
 * score was stored, so the lines add up to the numbers shown.
 */
export async function getPersonScore(deps: Deps, personId: string) {
  if (!(await findPerson(deps.db, personId))) throw notFound("person");
  const stored = await findPersonScore(deps.db, personId);
  // A full rescore leaves unchanged scores as they are; the latest one that checked this score
  // (same numbers, later instant, perhaps a newer model) explains it as of now-ish.
  const checking = stored ? await findCheckingRun(deps.db, stored.computedAt) : null;
  const computedAt = checking?.asOf ?? stored?.computedAt;
  const model = stored
    ? await findModelVersion(deps.db, checking?.modelVersionId ?? stored.modelVersionId)
    : null;
  if (!stored || !model || !computedAt) {
    return {
      personId,
      fit: 0,
      engagement: 0,
      total: 0,
      computedAt: null,
      modelVersion: null,
      explanation: [],
    };
  }
  const facts = (await loadRuleFacts(deps.db, [personId])).get(personId)!;
  const explained = scorePerson(checkedModel(model.config as ScoringModelConfig), facts, computedAt);
  return {
    personId,
    fit: stored.fit,
    engagement: stored.engagement,
    total: stored.total,
    computedAt: computedAt.toISOString(),
    modelVersion: { id: model.id, number: model.number },
    explanation: explained.lines,
  };
}

export async function getScoreHistory(deps: Deps, personId: string) {
  if (!(await findPerson(deps.db, personId))) throw notFound("person");
  const rows = await listScoreHistory(deps.db, personId, 200);
  return {
    items: rows.map(({ row, number }) => ({
      at: row.at.toISOString(),
      fit: row.fit,
      engagement: row.engagement,
      total: row.total,
      reason: row.reason,
      modelVersionNumber: number,
    })),
  };
}

const CALIBRATION_LIMIT = 100_000;
const CALIBRATION_AS_OF_DAYS = 30;
const jstMidnight = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 9 * 3_600_000);

function assertRange(query: { from: string; to: string }) {
  if (query.from >= query.to) {
    throw new AppError("validation_failed", {}, [
      { path: "query.to", message: "to は from より後の日付にしてください / to must be after from" },
    ]);
  }
}

/**
 * The cohort of people who entered in [from, to), each scored by the model in force as of their
 * first 30 days (so later sales activity cannot flatter the score), with their deciles and what
 * became of them. One computation behind the report and its drill-down, so both name the same people.
 */
async function loadCohort(deps: Deps, query: { from: string; to: string }) {
  const model = await findApprovedModel(deps.db);
  if (!model) return null;
  const key = `${model.id}|${query.from}|${query.to}`;
  const nowMs = deps.clock.now().getTime();
  const cached = cohorts.get(key);
  if (cached && nowMs - cached.at >= 0 && nowMs - cached.at < COHORT_TTL_MS) return cached.cohort;
  const cohort = await withQueryTimeout(deps, (d) => computeCohort(d, query, model));
  if (cohorts.size >= 8) cohorts.delete(cohorts.keys().next().value!);
  cohorts.set(key, { at: nowMs, cohort });
  return cohort;
}

/**
 * A report and the drill-downs opened from it should name the same people, and scoring a
 * cohort is the slow part, so each cohort is kept for a few minutes per model version and window
 * (a new approval is a new key). Outcomes that happen meanwhile show up after that.
 */
const COHORT_TTL_MS = 5 * 60_000;
const cohorts = new Map<string, { at: number; cohort: Awaited<ReturnType<typeof computeCohort>> }>();

async function computeCohort(deps: Deps, query: { from: string; to: string }, model: ScoringModelVersionRow) {
  const config = model.config as ScoringModelConfig;
  const rows = await calibrationFeatureRows(
    deps.db,
    checkedModel(config),
    deps.clock.now(),
    { from: jstMidnight(query.from), to: jstMidnight(query.to), asOfDays: CALIBRATION_AS_OF_DAYS },
    CALIBRATION_LIMIT + 1,
  );
  const sampled = rows.length > CALIBRATION_LIMIT;
  const people = rows.slice(0, CALIBRATION_LIMIT).map((r) => ({
    ...r,
    ...scoreFromFeatures(config, r),
    features: { fit: r.fit, engagement: r.engagement },
    holdout: isHoldout(r.personId),
  }));
  const deciles = assignDeciles(people.map((p) => p.total));
  return { model, config, sampled, people, deciles };
}

/**
 * Checks the model in force against outcomes for people who entered in [from, to): conversion
 * by decile, the agreement matrix with sales' temperature, a fit/engagement reweighting, and
 * every rule's points refitted to who reached an opportunity with the lift measured on held-out
 * people. The suggestion is only ever a config to propose for two-sided sign-off.
 */
export async function getScoringCalibration(deps: Deps, query: { from: string; to: string }) {
  assertRange(query);
  const base = { from: query.from, to: query.to, asOfDays: CALIBRATION_AS_OF_DAYS };
  const cohort = await loadCohort(deps, query);
  if (!cohort) {
    const empty = calibrate([], { fit: 1, engagement: 1 });
    return { ...base, ...empty, modelVersion: null, sampled: false, rules: null, suggestedConfig: null };
  }
  const { model, config, people, sampled } = cohort;
  const result = calibrate(people, config.weights);
  const rules = suggestRuleReweighting(
    people.map((p) => ({
      features: p.features,
      converted: p.reachedOpportunity,
      won: p.won,
      holdout: p.holdout,
    })),
    config,
  );
  const { config: ruleConfig, ...ruleReport } = rules ?? { config: null };
  return {
    ...base,
    ...result,
    modelVersion: { id: model.id, number: model.number },
    sampled,
    rules: rules ? (ruleReport as Omit<RuleReweighting, "config">) : null,
    suggestedConfig:
      ruleConfig ?? (result.suggested ? { ...config, weights: result.suggested.weights } : null),
  };
}

type CalibrationPeopleQuery = z.infer<typeof listCalibrationPeopleQuerySchema>;

/**
 * The people behind a number of the calibration report: a decile, a cell of the agreement
 * matrix, optionally only those who reached an outcome; highest score first.
 */
export async function listCalibrationPeople(deps: Deps, query: CalibrationPeopleQuery) {
  assertRange(query);
  const cohort = await loadCohort(deps, query);
  if (!cohort) return { items: [], nextCursor: null, matched: 0 };
  const matches = cohort.people
    .map((p, i) => ({ ...p, decile: cohort.deciles[i]!, band: bandOfDecile(cohort.deciles[i]!) }))
    .filter(
      (p) =>
        (query.decile === undefined || p.decile === query.decile) &&
        (query.band === undefined || p.band === query.band) &&
        (query.temperature === undefined || (p.temperature ?? "none") === query.temperature) &&
        (query.outcome === undefined || (query.outcome === "lost" ? p.lost && !p.won : p[query.outcome])),
    )
    .sort((a, b) => b.total - a.total || (a.personId < b.personId ? 1 : -1));
  let start = 0;
  if (query.cursor) {
    const [total, id] = decodeCursor(query.cursor, "score");
    const after = Number(total);
    start = matches.findIndex((p) => p.total < after || (p.total === after && p.personId < id));
    if (start < 0) start = matches.length;
  }
  const page = matches.slice(start, start + query.limit);
  const refs = new Map(
    (
      await findCalibrationPeople(
        deps.db,
        page.map((p) => p.personId),
      )
    ).map((r) => [r.id, r]),
  );
  const last = page[page.length - 1];
  return {
    items: page.map((p) => {
      const ref = refs.get(p.personId);
      return {
        person: {
          id: p.personId,
          name: ref ? formatPersonName(ref.familyName, ref.givenName) : "",
          companyName: ref?.companyName ?? null,
          stage: (ref?.stage ?? "lead") as LifecycleStage,
          temperature: (ref?.temperature ?? null) as Temperature | null,
        },
        fit: p.fit,
        engagement: p.engagement,
        total: p.total,
        decile: p.decile,
        band: p.band,
        holdout: p.holdout,
        reachedSql: p.reachedSql,
        reachedOpportunity: p.reachedOpportunity,
        won: p.won,
        lost: p.lost && !p.won,
      };
    }),
    nextCursor:
      last && start + query.limit < matches.length ? encodeCursor(String(last.total), last.personId) : null,
    matched: matches.length,
  };
}
