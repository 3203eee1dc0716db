import { activityTypeCodesSql } from "../vocabulary.ts";
import type { CheckedExpression, RuleNode } from "./check.ts";
import { EMPLOYEE_BAND_MINIMUM, FREEMAIL_DOMAINS, NEVER_DAYS } from "./vocabulary.ts";

/**
 * A SQL fragment as text pieces around bound values: `text[0] value[0] text[1] …`.
 * Text comes only from this compiler's fixed tokens and vocabulary columns; everything the
 * author wrote (strings, numbers, activity words) travels as a bound value, so an expression
 * cannot inject SQL.
 */
export interface SqlFragment {
  text: string[];
  values: SqlValue[];
}
export type SqlValue = string | number | boolean | Date | string[];

/**
 * Table aliases the compiled predicate expects: `p` people, `c` companies and `s` person_scores
 * (both left joined).
 * Activity functions use correlated subqueries on `activities` and `campaigns`.
 */
export interface SqlCompileOptions {
  now: Date;
  /** SQL (fixed text) for the lower bound of counted activities, e.g. a recycled person's stage time. */
  activitySinceSql?: string;
}

const COLUMNS: Record<string, Record<string, string>> = {
  person: {
    stage: "p.stage",
    temperature: "coalesce(p.temperature, '')",
    title: "coalesce(p.title, '')",
    department: "coalesce(p.department, '')",
    // Lower-cased after the split: only the domain's characters, same result ('@' has no case).
    email_domain: "coalesce(lower(split_part(p.email, '@', 2)), '')",
    source: "coalesce(p.source, '')",
    consent: "p.consent_status",
  },
  company: {
    name: "coalesce(c.name, '')",
    industry: "coalesce(c.industry, '')",
    employee_band: "coalesce(c.employee_band, '')",
    employees: `(case c.employee_band ${Object.entries(EMPLOYEE_BAND_MINIMUM)
      .map(([band, min]) => `when '${band}' then ${min}`)
      .join(" ")} else 0 end)::bigint`,
    prefecture: "coalesce(c.prefecture, '')",
    domain: "coalesce(c.domain, '')",
  },
};

class Builder {
  readonly text: string[] = [""];
  readonly values: SqlValue[] = [];
  raw(text: string): this {
    this.text[this.text.length - 1] += text;
    return this;
  }
  value(value: SqlValue, cast: string): this {
    this.values.push(value);
    this.text.push(`::${cast}`);
    return this;
  }
}

/** Compiles a checked expression to a boolean SQL predicate over one person row. */
export function compileToSql(expression: CheckedExpression, options: SqlCompileOptions): SqlFragment {
  const b = new Builder();
  emit(b, expression.root, options);
  return { text: b.text, values: b.values };
}

function emit(b: Builder, node: RuleNode, options: SqlCompileOptions): void {
  const sub = (child: RuleNode) => emit(b, child, options);
  switch (node.kind) {
    case "literal":
      b.value(node.value, node.type === "int" ? "bigint" : node.type === "bool" ? "boolean" : "text");
      return;
    case "field": {
      if (node.object === "score") {
        b.raw(`coalesce(s.${node.field}, 0)::bigint`); // people not scored yet read 0
        return;
      }
      if (node.field === "days_in_stage" || node.field === "days_since_created") {
        const column = node.field === "days_in_stage" ? "p.stage_changed_at" : "p.created_at";
        b.raw("floor(extract(epoch from (")
          .value(options.now, "timestamptz")
          .raw(` - ${column})) / 86400)::bigint`);
        return;
      }
      const column = COLUMNS[node.object]?.[node.field];
      if (!column) throw new Error(`no column for ${node.object}.${node.field}`);
      b.raw(column);
      return;
    }
    case "freemail":
      b.value([...FREEMAIL_DOMAINS], "text[]");
      return;
    case "list":
      throw new Error("a list only appears on the right of in");
    case "not":
      b.raw("(not ");
      sub(node.operand);
      b.raw(")");
      return;
    case "negate":
      b.raw("(- ");
      sub(node.operand);
      b.raw(")");
      return;
    case "logical":
      b.raw("(");
      sub(node.left);
      b.raw(node.op === "&&" ? " and " : " or ");
      sub(node.right);
      b.raw(")");
      return;
    case "compare":
    case "arith":
      b.raw("(");
      sub(node.left);
      b.raw(` ${node.op === "!=" ? "<>" : node.op === "==" ? "=" : node.op} `);
      sub(node.right);
      b.raw(")");
      return;
    case "in":
      if (node.list.kind === "freemail") {
        b.raw("(");
        sub(node.needle);
        b.raw(" = any(");
        sub(node.list);
        b.raw("))");
        return;
      }
      if (node.list.kind !== "list" || node.list.items.length === 0) {
        b.raw("false");
        return;
      }
      b.raw("(");
      sub(node.needle);
      b.raw(" in (");
      node.list.items.forEach((item, i) => {
        if (i > 0) b.raw(", ");
        sub(item);
      });
      b.raw("))");
      return;
    case "string_test":
      if (node.op === "contains") {
        b.raw("(position(");
        sub(node.argument);
        b.raw(" in ");
        sub(node.target);
        b.raw(") > 0)");
        return;
      }
      b.raw(node.op === "startsWith" ? "(left(" : "(right(");
      sub(node.target);
      b.raw(", length(");
      sub(node.argument);
      b.raw(")) = ");
      sub(node.argument);
      b.raw(")");
      return;
    case "conditional":
      b.raw("(case when ");
      sub(node.test);
      b.raw(" then ");
      sub(node.then);
      b.raw(" else ");
      sub(node.otherwise);
      b.raw(" end)");
      return;
    case "count":
    case "last": {
      const select = node.kind === "count" ? "count(*)::bigint" : "max(a.occurred_at)";
      if (node.kind === "last")
        b.raw("coalesce((select floor(extract(epoch from (").value(options.now, "timestamptz").raw(" - ");
      // By type code (`activities.type_code`): the person's activities are then read from
      // activities_person_day_idx alone.
      b.raw(
        `(select ${select} from activities a left join campaigns k on k.id = a.campaign_id where a.person_id = p.id and (a.type_code = any(${activityTypeCodesSql(node.matcher.activityTypes)}) or k.type = any(`,
      );
      b.value(node.matcher.campaignTypes, "text[]");
      b.raw(")) and a.occurred_at <= ").value(options.now, "timestamptz");
      if (node.kind === "count") {
        b.raw(" and a.occurred_at > ").value(options.now, "timestamptz").raw(" - make_interval(secs => ");
        b.value(node.windowDays * 86_400, "bigint").raw(")");
      }
      if (options.activitySinceSql) b.raw(` and a.occurred_at > ${options.activitySinceSql}`);
      b.raw(")");
      if (node.kind === "last") b.raw(")) / 86400)::bigint), ").value(NEVER_DAYS, "bigint").raw(")");
      return;
    }
  }
}
