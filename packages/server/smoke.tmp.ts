import { PGlite } from "@electric-sql/pglite";

const db = await PGlite.create(process.argv[2]!);
const q = async (s: string) => console.table((await db.query(s)).rows);
await q(
  `select t.key as to_team, h.state, count(*), sum(case when decided_at>=due_at or (decided_at is null and due_at<=now()) then 1 else 0 end) as breached, round(avg(response_business_minutes)) as avg_resp from handoffs h join teams t on t.id=h.to_team_id group by 1,2 order by 1,2`,
);
await q(
  `select r.label_ja, count(*) from handoffs h join rejection_reasons r on r.id=h.rejection_reason_id group by 1 order by 2 desc`,
);
await q(
  `select p.stage, t.key, count(*) from people p join teams t on t.id=p.team_id where p.stage in ('sql','mql','sal','recycled') group by 1,2 order by 1,2`,
);
await q(
  `select count(*) filter (where p.stage='mql' and not exists (select 1 from handoffs h where h.person_id=p.id and h.state in ('pending','expired_escalated'))) as mql_without_open, count(*) filter (where p.stage='sal' and not exists (select 1 from handoffs h where h.person_id=p.id and h.state='accepted')) as sal_without_accepted from people p`,
);
await q(`select type, count(*), count(read_at) as read from notifications group by 1`);
await q(
  `select id, created_at, due_at, state from handoffs where state in ('pending','expired_escalated') order by created_at desc limit 8`,
);
