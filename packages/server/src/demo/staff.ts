import type { Role, TeamFunction } from "@tasuki/domain";
import type { Random } from "./random.ts";

export interface StaffMember {
  id: string;
  email: string;
  familyName: string;
  givenName: string;
  role: Role;
  team: TeamFunction | null;
  /** Demo logins are the people a visitor signs in as; each leads its team. */
  isDemoLogin: boolean;
}

/** `<role>@example.com` with `_` written as `-` (inside-sales@example.com). */
export function demoLoginEmail(role: Role): string {
  return `${role.replaceAll("_", "-")}@example.com`;
}

const DEMO_LOGINS: readonly [Role, string, string][] = [
  ["admin", "西村", "聡"],
  ["marketing", "早川", "美咲"],
  ["inside_sales", "佐野", "拓也"],
  ["field_sales", "大塚", "健一"],
  ["customer_success", "永井", "彩"],
  ["manager", "高田", "修"],
];

/** The rest of each team, so owners and queues are spread over real-looking colleagues. */
const EXTRA_STAFF: readonly [Role, string, string, string][] = [
  ["marketing", "今井", "沙織", "s.imai"],
  ["marketing", "川村", "翔太", "s.kawamura"],
  ["inside_sales", "松井", "結衣", "y.matsui"],
  ["inside_sales", "菊地", "大樹", "d.kikuchi"],
  ["inside_sales", "広瀬", "葵", "a.hirose"],
  ["field_sales", "黒田", "直樹", "n.kuroda"],
  ["field_sales", "望月", "香織", "k.mochizuki"],
  ["field_sales", "服部", "圭介", "k.hattori"],
  ["field_sales", "上野", "亮", "r.ueno"],
  ["customer_success", "星野", "恵", "m.hoshino"],
  ["customer_success", "内藤", "陽太", "y.naito"],
];

const TEAM_OF_ROLE: Record<Role, TeamFunction | null> = {
  admin: null,
  manager: null,
  marketing: "marketing",
  inside_sales: "inside_sales",
  field_sales: "field_sales",
  customer_success: "customer_success",
};

export function buildStaff(random: Random): StaffMember[] {
  const logins = DEMO_LOGINS.map(([role, familyName, givenName]) => ({
    id: random.uuid(),
    email: demoLoginEmail(role),
    familyName,
    givenName,
    role,
    team: TEAM_OF_ROLE[role],
    isDemoLogin: true,
  }));
  const extras = EXTRA_STAFF.map(([role, familyName, givenName, local]) => ({
    id: random.uuid(),
    email: `${local}@example.com`,
    familyName,
    givenName,
    role,
    team: TEAM_OF_ROLE[role],
    isDemoLogin: false,
  }));
  return [...logins, ...extras];
}

/** The members of one team, demo login first, as a round of owners to assign. */
export function teamMembers(staff: readonly StaffMember[], team: TeamFunction): StaffMember[] {
  return staff.filter((s) => s.team === team).sort((a, b) => Number(b.isDemoLogin) - Number(a.isDemoLogin));
}
