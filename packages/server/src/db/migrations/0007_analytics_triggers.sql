-- The analytics model (person_funnel) follows people, companies and stage_changes through
-- statement-level triggers with transition tables: one set-based statement per INSERT/UPDATE/COPY,
-- so the demo's COPY of a million people costs a few joins, not a million row triggers.
CREATE OR REPLACE FUNCTION analytics_people_inserted() RETURNS trigger AS $$
BEGIN
  INSERT INTO person_funnel (person_id, company_id, owner_id, team_id, source, industry, employee_band, lead_at)
  SELECT n.id, n.company_id, n.owner_id, n.team_id, n.source, c.industry, c.employee_band, n.created_at
  FROM analytics_new_people n LEFT JOIN companies c ON c.id = n.company_id
  ON CONFLICT (person_id) DO NOTHING;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER people_analytics_insert AFTER INSERT ON people
  REFERENCING NEW TABLE AS analytics_new_people
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_people_inserted();
--> statement-breakpoint
-- A person's owner, team, source or company can change; their company's industry and band with it.
CREATE OR REPLACE FUNCTION analytics_people_updated() RETURNS trigger AS $$
BEGIN
  UPDATE person_funnel f
  SET company_id = n.company_id, owner_id = n.owner_id, team_id = n.team_id, source = n.source,
      industry = c.industry, employee_band = c.employee_band
  FROM analytics_changed_people n LEFT JOIN companies c ON c.id = n.company_id
  WHERE f.person_id = n.id
    AND (f.company_id, f.owner_id, f.team_id, f.source, f.industry, f.employee_band)
        IS DISTINCT FROM (n.company_id, n.owner_id, n.team_id, n.source, c.industry, c.employee_band);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER people_analytics_update AFTER UPDATE ON people
  REFERENCING NEW TABLE AS analytics_changed_people
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_people_updated();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION analytics_companies_updated() RETURNS trigger AS $$
BEGIN
  UPDATE person_funnel f
  SET industry = n.industry, employee_band = n.employee_band
  FROM analytics_changed_companies n
  WHERE f.company_id = n.id
    AND (f.industry, f.employee_band) IS DISTINCT FROM (n.industry, n.employee_band);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER companies_analytics_update AFTER UPDATE ON companies
  REFERENCING NEW TABLE AS analytics_changed_companies
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_companies_updated();
--> statement-breakpoint
-- First arrival per stage: least() keeps the earliest, so a recycled person re-entering MQL keeps
-- the first MQL instant (re-entries stay in stage_changes).
CREATE OR REPLACE FUNCTION analytics_stage_changes_inserted() RETURNS trigger AS $$
BEGIN
  INSERT INTO person_funnel (person_id, company_id, owner_id, team_id, source, industry, employee_band, lead_at, mql_at, sal_at, sql_at, opportunity_at, won_at, lost_at, customer_at, recycled_at, disqualified_at)
  SELECT p.id, p.company_id, p.owner_id, p.team_id, p.source, c.industry, c.employee_band,
    min(s.changed_at) FILTER (WHERE s.to_stage = 'lead'),
    min(s.changed_at) FILTER (WHERE s.to_stage = 'mql'),
    min(s.changed_at) FILTER (WHERE s.to_stage = 'sal'),
    min(s.changed_at) FILTER (WHERE s.to_stage = 'sql'),
    min(s.changed_at) FILTER (WHERE s.to_stage = 'opportunity'),
    min(s.changed_at) FILTER (WHERE s.to_stage = 'won'),
    min(s.changed_at) FILTER (WHERE s.to_stage = 'lost'),
    min(s.changed_at) FILTER (WHERE s.to_stage = 'customer'),
    min(s.changed_at) FILTER (WHERE s.to_stage = 'recycled'),
    min(s.changed_at) FILTER (WHERE s.to_stage = 'disqualified')
  FROM analytics_new_stage_changes s
  JOIN people p ON p.id = s.person_id
  LEFT JOIN companies c ON c.id = p.company_id
  GROUP BY p.id, c.id
  ON CONFLICT (person_id) DO UPDATE SET
    lead_at = least(person_funnel.lead_at, excluded.lead_at),
    mql_at = least(person_funnel.mql_at, excluded.mql_at),
    sal_at = least(person_funnel.sal_at, excluded.sal_at),
    sql_at = least(person_funnel.sql_at, excluded.sql_at),
    opportunity_at = least(person_funnel.opportunity_at, excluded.opportunity_at),
    won_at = least(person_funnel.won_at, excluded.won_at),
    lost_at = least(person_funnel.lost_at, excluded.lost_at),
    customer_at = least(person_funnel.customer_at, excluded.customer_at),
    recycled_at = least(person_funnel.recycled_at, excluded.recycled_at),
    disqualified_at = least(person_funnel.disqualified_at, excluded.disqualified_at);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER stage_changes_analytics_insert AFTER INSERT ON stage_changes
  REFERENCING NEW TABLE AS analytics_new_stage_changes
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_stage_changes_inserted();
--> statement-breakpoint
-- Backfill what existed before this migration, set-based.
INSERT INTO person_funnel (person_id, company_id, owner_id, team_id, source, industry, employee_band, lead_at, mql_at, sal_at, sql_at, opportunity_at, won_at, lost_at, customer_at, recycled_at, disqualified_at)
SELECT p.id, p.company_id, p.owner_id, p.team_id, p.source, c.industry, c.employee_band,
  least(p.created_at, min(s.changed_at) FILTER (WHERE s.to_stage = 'lead')),
  min(s.changed_at) FILTER (WHERE s.to_stage = 'mql'),
  min(s.changed_at) FILTER (WHERE s.to_stage = 'sal'),
  min(s.changed_at) FILTER (WHERE s.to_stage = 'sql'),
  min(s.changed_at) FILTER (WHERE s.to_stage = 'opportunity'),
  min(s.changed_at) FILTER (WHERE s.to_stage = 'won'),
  min(s.changed_at) FILTER (WHERE s.to_stage = 'lost'),
  min(s.changed_at) FILTER (WHERE s.to_stage = 'customer'),
  min(s.changed_at) FILTER (WHERE s.to_stage = 'recycled'),
  min(s.changed_at) FILTER (WHERE s.to_stage = 'disqualified')
FROM people p
LEFT JOIN companies c ON c.id = p.company_id
LEFT JOIN stage_changes s ON s.person_id = p.id
GROUP BY p.id, c.id
ON CONFLICT (person_id) DO NOTHING;
