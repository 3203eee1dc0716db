-- History is data: stage changes and the audit log are append-only. The only way to remove rows is
-- an erasure request under 個人情報保護法, which sets tasuki.erasure = 'on' inside its transaction.
CREATE OR REPLACE FUNCTION tasuki_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('tasuki.erasure', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'P0001';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER stage_changes_append_only BEFORE UPDATE OR DELETE ON stage_changes
  FOR EACH ROW EXECUTE FUNCTION tasuki_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION tasuki_append_only();
--> statement-breakpoint
INSERT INTO teams (key, function, name_ja, name_en) VALUES
  ('marketing', 'marketing', 'マーケティング', 'Marketing'),
  ('inside_sales', 'inside_sales', 'インサイドセールス', 'Inside Sales'),
  ('field_sales', 'field_sales', 'フィールドセールス', 'Field Sales'),
  ('customer_success', 'customer_success', 'カスタマーサクセス', 'Customer Success');
--> statement-breakpoint
INSERT INTO lost_reasons (key, label_ja, label_en, sort_order) VALUES
  ('no_budget', '予算不足', 'No budget', 10),
  ('competitor', '競合に決定', 'Chose a competitor', 20),
  ('price', '価格が合わない', 'Price', 30),
  ('missing_features', '機能不足', 'Missing features', 40),
  ('timing', '時期尚早', 'Bad timing', 50),
  ('no_decision_maker', '決裁者の合意が得られない', 'No decision-maker buy-in', 60),
  ('no_response', '連絡途絶', 'Went silent', 70),
  ('project_frozen', '社内事情で凍結', 'Project frozen', 80),
  ('other', 'その他', 'Other', 90);
