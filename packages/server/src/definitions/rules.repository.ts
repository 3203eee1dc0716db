import type { RuleFacts, SqlFragment } from "@tasuki/domain";
import { eq, inArray, type SQL, sql } from "drizzle-orm";
import { arrayLiteral, type Db, queryRows } from "../db/database.ts";
import { activities, campaigns, companies, people, personScores } from "../db/schema.ts";

/** A compiled rule as drizzle SQL: fixed text stays text, every author value is bound. */
export function fragmentToSql(fragment: SqlFragment): SQL {
  const chunks: SQL[] = [];
  fragment.text.forEach((text, i) => {
    chunks.push(sql.raw(text));
    if (i < fragment.values.length) {
      const value = fragment.values[i]!;
      chunks.push(sql`${Array.isArray(value) ? arrayLiteral(value) : value}`);
    }
  });
  return sql.join(chunks);
}

/** The rows a compiled rule reads: people `p` with their company `c` and score `s`. */
export const PERSON_ROW_SOURCE = sql.raw(
  "people p left join companies c on c.id = p.company_id left join person_scores s on s.person_id = p.id",
);

/** Ids of the people (optionally among `personIds`) for whom the compiled predicate holds. */
export async function selectMatchingPeople(db: Db, predicate: SQL, personIds?: string[]): Promise<string[]> {
  const restrict = personIds ? sql`and p.id = any(${arrayLiteral(personIds)}::uuid[])` : sql``;
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select p.id from ${PERSON_ROW_SOURCE} where ${predicate} ${restrict}`,
  );
  return rows.map((r) => r.id);
}

/** Everything the rule language reads about these people, for evaluating one at a time. */
export async function loadRuleFacts(db: Db, personIds: string[]): Promise<Map<string, RuleFacts>> {
  if (personIds.length === 0) return new Map();
  const rows = await db
    .select({ person: people, company: companies, score: personScores })
    .from(people)
    .leftJoin(companies, eq(companies.id, people.companyId))
    .leftJoin(personScores, eq(personScores.personId, people.id))
    .where(inArray(people.id, personIds));
  const activityRows = await db
    .select({
      personId: activities.personId,
      type: activities.type,
      occurredAt: activities.occurredAt,
      campaignType: campaigns.type,
    })
    .from(activities)
    .leftJoin(campaigns, eq(campaigns.id, activities.campaignId))
    .where(inArray(activities.personId, personIds));
  const byPerson = new Map<string, RuleFacts["activities"][number][]>();
  for (const a of activityRows) {
    const list = byPerson.get(a.personId) ?? [];
    list.push({ type: a.type, campaignType: a.campaignType, occurredAt: a.occurredAt });
    byPerson.set(a.personId, list);
  }
  return new Map(
    rows.map(({ person: p, company: c, score }) => [
      p.id,
      {
        person: {
          stage: p.stage,
          temperature: p.temperature,
          title: p.title,
          department: p.department,
          email: p.email,
          source: p.source,
          consentStatus: p.consentStatus,
          stageChangedAt: p.stageChangedAt,
          createdAt: p.createdAt,
        },
        company: c
          ? {
              name: c.name,
              industry: c.industry,
              employeeBand: c.employeeBand,
              prefecture: c.prefecture,
              domain: c.domain,
            }
          : null,
        score: { fit: score?.fit ?? 0, engagement: score?.engagement ?? 0, total: score?.total ?? 0 },
        activities: byPerson.get(p.id) ?? [],
      },
    ]),
  );
}
