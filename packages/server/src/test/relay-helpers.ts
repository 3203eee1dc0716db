import type { Role } from "@tasuki/domain";
import { call, makePerson, moveTo, type TestApp } from "./test-app.ts";

export interface Handoff {
  id: string;
  state: string;
  person: { id: string; name: string; stage: string };
  fromTeam: { id: string; key: string };
  toTeam: { id: string; key: string };
  assignee: { id: string; name: string } | null;
  createdBy: { id: string } | null;
  batonNote: {
    whyNow: string;
    engagedActivities: { id: string; type: string }[];
    temperature: string | null;
    note: string | null;
  };
  slaBusinessMinutes: number;
  slaGoal: string;
  createdAt: string;
  dueAt: string;
  atRiskAt: string;
  slaStatus: string;
  businessMinutesLeft: number | null;
  escalatedTo: { id: string } | null;
  breachedAt: string | null;
  decidedAt: string | null;
  decidedBy: { id: string } | null;
  rejectionReason: { key: string; labelJa: string } | null;
  rejectionComment: string | null;
  version: number;
}

/** A JST wall-clock time as an instant: `jst("2026-06-05T17:30")`. */
export const jst = (local: string) => new Date(`${local}+09:00`);

/** Team ids by key (`marketing`, `inside_sales`, …). */
export async function teamIds(t: TestApp): Promise<Record<string, string>> {
  const r = await call<{ items: { id: string; key: string }[] }>(t, "admin", "GET", "/api/v1/teams");
  return Object.fromEntries(r.body.items.map((team) => [team.key, team.id]));
}

/** A person walked to `stage` (default MQL), ready to be handed on. */
export async function makeRelayPerson(t: TestApp, path: string[] = ["mql"], as: Role = "marketing") {
  const person = await makePerson(t, as);
  await moveTo(t, person.id, path);
  return person;
}

/** Creates a handoff as `as` (marketing → inside sales unless told otherwise). */
export async function makeHandoff(
  t: TestApp,
  personId: string,
  extra: Record<string, unknown> = {},
  as: Role = "marketing",
) {
  const teams = await teamIds(t);
  const r = await call<Handoff>(t, as, "POST", "/api/v1/handoffs", {
    personId,
    toTeamId: teams.inside_sales,
    whyNow: "料金ページを3回閲覧し、資料請求あり",
    ...extra,
  });
  if (r.status !== 201) throw new Error(`makeHandoff: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Adds an active user to a team through the admin API (invited: they set their password from the link). */
export async function makeUser(t: TestApp, role: Role, name: string) {
  const r = await call<{ user: { id: string } }>(t, "admin", "POST", "/api/v1/users", {
    email: `${role.replace(/_/g, "-")}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@test.example`,
    familyName: "追加",
    givenName: name,
    role,
  });
  if (r.status !== 201) throw new Error(`makeUser: ${JSON.stringify(r.body)}`);
  return r.body.user;
}
