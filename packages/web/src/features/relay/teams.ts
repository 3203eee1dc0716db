import { useQuery } from "@tanstack/react-query";
import type { TeamFunction } from "@tasuki/domain";
import { useTranslation } from "react-i18next";
import { api, keys } from "../../api/endpoints.ts";
import type { Team } from "../../api/types.ts";

/** The relay in order: marketing hands to inside sales, then field sales, then customer success. */
export const RELAY_ORDER: readonly TeamFunction[] = [
  "marketing",
  "inside_sales",
  "field_sales",
  "customer_success",
];
/** Teams that receive handoffs (and so have an inbox). */
export const RECEIVING: readonly TeamFunction[] = ["inside_sales", "field_sales", "customer_success"];

export function useTeams() {
  return useQuery({ queryKey: keys.teams, queryFn: api.listTeams, staleTime: 10 * 60_000 });
}

/** A team's name in the reader's language (the API's name is Japanese). */
export function useTeamLabel(): (team: {
  key: string;
  name?: string;
  nameJa?: string;
  nameEn?: string;
}) => string {
  const { t, i18n } = useTranslation();
  return (team) => {
    if (i18n.language === "en" && team.nameEn) return team.nameEn;
    return t(`team.${team.key as TeamFunction}`, { defaultValue: team.nameJa ?? team.name ?? team.key });
  };
}

/** The team after this one in the relay, if any. */
export function nextTeam(teams: Team[], from: TeamFunction | undefined): Team | undefined {
  const index = from ? RELAY_ORDER.indexOf(from) : -1;
  const next = RELAY_ORDER[index + 1];
  return next ? teams.find((t) => t.function === next) : undefined;
}
