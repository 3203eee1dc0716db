import { actsForEveryTeam } from "@tasuki/domain";
import { and, eq, type SQL, sql } from "drizzle-orm";
import { type Db, queryRows } from "../db/database.ts";
import { companies, people } from "../db/schema.ts";
import type { Actor } from "../http/types.ts";
import { type PersonFilter, personFilterConditions } from "../people/people.repository.ts";

export type PeopleSelection = Omit<PersonFilter, "sort" | "order" | "cursor" | "limit">;

/** The ids of the selected people: the people list's own filter conditions, as a subquery. */
function selectionSubquery(db: Db, selection: PeopleSelection): SQL {
  const query = db
    .select({ id: people.id })
    .from(people)
    .leftJoin(companies, eq(companies.id, people.companyId))
    .where(and(...personFilterConditions(selection)));
  return sql`${query}`;
}

/**
 * `canActOnOwned` (domain/authorization.ts) as a condition on a row `s` with owner_id and
 * team_id: admins and managers every row; others their own, their team's and unowned ones.
 */
function ownedCondition(actor: Actor): SQL {
  if (actsForEveryTeam(actor)) return sql`true`;
  return sql`(s.owner_id is null or s.owner_id = ${actor.userId}::uuid or (s.team_id is not null and s.team_id = ${actor.teamId}::uuid))`;
}

export interface BulkSet {
  ownerId?: string | null;
  temperature?: string | null;
}

/**
 * One statement: lock the selected people (id order), keep those the actor may change, update
 * the ones whose value differs, and append one audit entry per changed person with the before
 * and after values. Returns the counts and the changed ids.
 */
export async function bulkUpdatePeopleRows(
  db: Db,
  actor: Actor,
  selection: PeopleSelection,
  set: BulkSet,
  now: Date,
): Promise<{ matched: number; allowed: number; updated: number; ids: string[] }> {
  const setOwner = set.ownerId !== undefined;
  const setTemperature = set.temperature !== undefined;
  const ownerId = set.ownerId ?? null;
  const temperature = set.temperature ?? null;
  const rows = await queryRows<{ matched: number; allowed: number; updated: number; ids: string[] }>(
    db,
    sql`with selected as (
        select p.id, p.owner_id, p.team_id, p.temperature from people p
        where p.id in (${selectionSubquery(db, selection)})
        order by p.id for update
      ),
      allowed as (select s.* from selected s where ${ownedCondition(actor)}),
      changed as (
        select a.* from allowed a
        where (${setOwner} and a.owner_id is distinct from ${ownerId}::uuid)
           or (${setTemperature} and a.temperature is distinct from ${temperature}::text)
      ),
      updated as (
        update people p set
          owner_id = case when ${setOwner} then ${ownerId}::uuid else p.owner_id end,
          temperature = case when ${setTemperature} then ${temperature}::text else p.temperature end,
          version = p.version + 1,
          updated_at = ${now.toISOString()}::timestamptz
        from changed c where p.id = c.id
        returning p.id, c.owner_id as before_owner_id, c.temperature as before_temperature,
          p.owner_id, p.temperature
      ),
      audited as (
        insert into audit_log (at, actor_user_id, actor_token_id, action, entity_type, entity_id, before, after)
        select ${now.toISOString()}::timestamptz, ${actor.userId}::uuid, ${actor.tokenId}::uuid,
          'person.bulk_update', 'person', u.id::text,
          jsonb_build_object('ownerId', u.before_owner_id, 'temperature', u.before_temperature),
          jsonb_build_object('ownerId', u.owner_id, 'temperature', u.temperature)
        from updated u
        returning entity_id
      )
      select (select count(*) from selected)::int as matched,
        (select count(*) from allowed)::int as allowed,
        (select count(*) from audited)::int as updated,
        coalesce((select array_agg(id) from updated), '{}') as ids`,
  );
  const row = rows[0]!;
  return { ...row, ids: parseIds(row.ids) };
}

/** As bulkUpdatePeopleRows: selected people the actor may act on become members (status `added`). */
export async function insertCampaignMembers(
  db: Db,
  actor: Actor,
  campaignId: string,
  selection: PeopleSelection,
  now: Date,
): Promise<{ matched: number; allowed: number; added: number }> {
  const rows = await queryRows<{ matched: number; allowed: number; added: number }>(
    db,
    sql`with selected as (
        select p.id, p.owner_id, p.team_id from people p
        where p.id in (${selectionSubquery(db, selection)})
      ),
      allowed as (select s.id from selected s where ${ownedCondition(actor)}),
      inserted as (
        insert into campaign_members (campaign_id, person_id, status, added_at, added_by)
        select ${campaignId}::uuid, a.id, 'added', ${now.toISOString()}::timestamptz, ${actor.userId}::uuid
        from allowed a
        on conflict (campaign_id, person_id) do nothing
        returning person_id
      ),
      audited as (
        insert into audit_log (at, actor_user_id, actor_token_id, action, entity_type, entity_id, before, after)
        select ${now.toISOString()}::timestamptz, ${actor.userId}::uuid, ${actor.tokenId}::uuid,
          'campaign_member.add', 'person', i.person_id::text, null,
          jsonb_build_object('campaignId', ${campaignId}::text, 'status', 'added')
        from inserted i
        returning entity_id
      )
      select (select count(*) from selected)::int as matched,
        (select count(*) from allowed)::int as allowed,
        (select count(*) from audited)::int as added`,
  );
  return rows[0]!;
}

/** A uuid[] comes back as an array from node-postgres and as `{a,b}` text from some drivers. */
function parseIds(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  return value
    .replace(/^\{|\}$/g, "")
    .split(",")
    .filter(Boolean);
}
