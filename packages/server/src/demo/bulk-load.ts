import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../db/database.ts";

/** A secondary index or foreign key taken off a table for a bulk load, as the catalog defined it. */
export interface DeferredDefinition {
  table: string;
  kind: "index" | "foreign_key";
  name: string;
  definition: string;
}

/**
 * PostgreSQL's advice for populating a database: load first, then build indexes and check
 * foreign keys once, set-based. Maintaining a trigram GIN index and four foreign keys row by row
 * made ten million activities several times slower. Only non-unique secondary indexes and
 * foreign keys are dropped (primary keys and unique indexes stay and keep checking), and they
 * are re-created from the catalog's own definitions, so a schema change needs no change here.
 * The caller must restore them even when the load fails (see withDeferredIndexes).
 */
export async function dropSecondaryIndexes(
  database: Database,
  tables: readonly string[],
): Promise<DeferredDefinition[]> {
  const list = sql.join(
    tables.map((t) => sql`${t}`),
    sql`, `,
  );
  const deferred = await queryRows<DeferredDefinition>(
    database.db,
    sql`select c.relname as "table", 'index' as kind, i.relname as name, pg_get_indexdef(i.oid) as definition
        from pg_index x
        join pg_class i on i.oid = x.indexrelid
        join pg_class c on c.oid = x.indrelid
        join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = current_schema() and c.relname in (${list})
          and not x.indisprimary and not x.indisunique
          and not exists (select 1 from pg_constraint k where k.conindid = i.oid)
      union all
      select c.relname, 'foreign_key', k.conname, pg_get_constraintdef(k.oid)
        from pg_constraint k
        join pg_class c on c.oid = k.conrelid
        join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = current_schema() and c.relname in (${list}) and k.contype = 'f'
      order by 1, 2, 3`,
  );
  for (const d of deferred) {
    await database.db.execute(
      d.kind === "index"
        ? sql`drop index ${sql.identifier(d.name)}`
        : sql`alter table ${sql.identifier(d.table)} drop constraint ${sql.identifier(d.name)}`,
    );
  }
  return deferred;
}

/**
 * Re-creates what dropSecondaryIndexes took off: indexes first, then foreign keys (each validated
 * in one pass). If one fails, the error lists the statements still to run.
 */
export async function restoreSecondaryIndexes(
  database: Database,
  deferred: readonly DeferredDefinition[],
): Promise<void> {
  const ordered = [
    ...deferred.filter((d) => d.kind === "index"),
    ...deferred.filter((d) => d.kind === "foreign_key"),
  ];
  for (const [position, d] of ordered.entries()) {
    try {
      await database.db.transaction(async (tx) => {
        // More sort memory makes a big index build one pass instead of many (this transaction only).
        await tx.execute(sql`set local maintenance_work_mem = '256MB'`);
        await tx.execute(sql.raw(statementOf(d)));
      });
    } catch (error) {
      const remaining = ordered.slice(position).map((r) => `${statementOf(r)};`);
      throw new Error(
        `Could not restore the indexes and foreign keys taken off for the demo load. Recreate the database, or run:\n${remaining.join("\n")}`,
        { cause: error },
      );
    }
  }
}

/** Runs a bulk load with secondary indexes and foreign keys off, and always puts them back. */
export async function withDeferredIndexes<T>(
  database: Database,
  tables: readonly string[],
  load: () => Promise<T>,
  onRestore: () => void = () => {},
): Promise<T> {
  const deferred = await dropSecondaryIndexes(database, tables);
  let result: T;
  try {
    result = await load();
  } catch (error) {
    await restoreSecondaryIndexes(database, deferred);
    throw error;
  }
  onRestore();
  await restoreSecondaryIndexes(database, deferred);
  return result;
}

function statementOf(d: DeferredDefinition): string {
  return d.kind === "index"
    ? d.definition
    : `alter table ${quoteIdentifier(d.table)} add constraint ${quoteIdentifier(d.name)} ${d.definition}`;
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
