-- The relay's defaults, all editable in settings: SLAs per edge of The Model relay
-- (マーケ→IS first action in 4 business hours, IS→FS accept in 8, FS→CS in 16), the shared
-- rejection-reason taxonomy, the company business calendar (9:00–18:00 JST, Mon–Fri, 祝日 and
-- 年末年始 off) and "team queue" assignment for every team.
INSERT INTO sla_policies (from_team_id, to_team_id, goal, business_minutes)
SELECT f.id, t.id, e.goal, e.minutes
FROM (VALUES
  ('marketing', 'inside_sales', 'first_action', 240),
  ('inside_sales', 'field_sales', 'accept', 480),
  ('field_sales', 'customer_success', 'accept', 960)
) AS e(from_key, to_key, goal, minutes)
JOIN teams f ON f.key = e.from_key
JOIN teams t ON t.key = e.to_key;
--> statement-breakpoint
INSERT INTO rejection_reasons (key, label_ja, label_en, disqualifies, sort_order) VALUES
  ('unreachable', '連絡不通', 'Unreachable', false, 10),
  ('no_budget', '予算なし', 'No budget', false, 20),
  ('not_decision_maker', '決裁者でない', 'Not the decision-maker', false, 30),
  ('competitor_chosen', '競合決定済み', 'Already chose a competitor', false, 40),
  ('research_only', '情報収集のみ', 'Only gathering information', false, 50),
  ('duplicate', '重複', 'Duplicate', true, 60),
  ('bad_data', 'データ不備', 'Incomplete or wrong data', false, 70),
  ('out_of_scope', '対象外', 'Not a fit', true, 80);
--> statement-breakpoint
INSERT INTO business_calendars (team_id, workdays, work_start_minute, work_end_minute, national_holidays, company_holidays)
VALUES (NULL, '{1,2,3,4,5}', 540, 1080, true, '[
  {"date": "12-29", "name": "年末年始"},
  {"date": "12-30", "name": "年末年始"},
  {"date": "12-31", "name": "年末年始"},
  {"date": "01-01", "name": "年末年始"},
  {"date": "01-02", "name": "年末年始"},
  {"date": "01-03", "name": "年末年始"}
]'::jsonb);
--> statement-breakpoint
INSERT INTO relay_team_settings (team_id, assignment_mode)
SELECT id, 'queue' FROM teams;
