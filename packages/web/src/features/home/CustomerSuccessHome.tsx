import { Grid, SimpleGrid, Stack } from "@mantine/core";
import { IconCalendarRepeat, IconInbox, IconRefresh, IconTrophy } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, keys } from "../../api/endpoints.ts";
import type { CurrentUser, OpportunitiesQuery, PeopleQuery } from "../../api/types.ts";
import { SectionCard } from "../../components/SectionCard.tsx";
import { useTeams } from "../relay/teams.ts";
import { TeamInbox, useInbox } from "./InsideSalesHome.tsx";
import { countOf, jstDays, OpportunityRows, PeopleRows, TILE_LIMIT, Tile } from "./shared.tsx";

/**
 * Customer success: won deals handed over to onboard (the team's inbox), and renewals coming:
 * won deals whose 契約更新日 falls today to 90 days ahead (not yet past), soonest first. The
 * renewal tile links to the deals list with exactly that filter.
 */
export function CustomerSuccessHome({ me }: { me: CurrentUser }) {
  const { t } = useTranslation();
  const teams = useTeams();
  const teamId = me.team?.id ?? teams.data?.items.find((tm) => tm.function === "customer_success")?.id;
  const teamKey = me.team?.key ?? "customer_success";
  const inbox = useInbox(teamId);
  const wonQuery: OpportunitiesQuery = {
    status: ["won"],
    sort: "updatedAt",
    order: "desc",
    limit: TILE_LIMIT,
  };
  const won = useQuery({
    queryKey: keys.opportunitiesList(wonQuery),
    queryFn: () => api.listOpportunities(wonQuery),
  });
  const customersQuery: PeopleQuery = {
    stage: ["customer"],
    ownerId: me.id,
    sort: "stageChangedAt",
    order: "desc",
    limit: TILE_LIMIT,
  };
  const customers = useQuery({
    queryKey: keys.peopleList(customersQuery),
    queryFn: () => api.listPeople(customersQuery),
  });
  const d = jstDays();
  const renewalsQuery: OpportunitiesQuery = {
    status: ["won"],
    renewalFrom: d.today,
    renewalTo: d.inNinetyDays,
    sort: "renewalOn",
    order: "asc",
    limit: TILE_LIMIT,
  };
  const renewals = useQuery({
    queryKey: keys.opportunitiesList(renewalsQuery),
    queryFn: () => api.listOpportunities(renewalsQuery),
  });
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
        <Tile
          icon={IconInbox}
          label={t("home.tiles.onboard")}
          hint={t("home.hints.onboard")}
          value={countOf(inbox.result.data)}
          to={`/handoffs?view=inbox&team=${teamKey}`}
          testId="tile-onboard"
        />
        <Tile
          icon={IconCalendarRepeat}
          label={t("home.tiles.renewals")}
          hint={t("home.hints.renewals")}
          value={countOf(renewals.data)}
          to={`/opportunities/list?status=won&renewalFrom=${d.today}&renewalTo=${d.inNinetyDays}&sort=renewalOn:asc`}
          testId="tile-renewals"
        />
        <Tile
          icon={IconTrophy}
          label={t("home.tiles.wonDeals")}
          hint={t("home.hints.wonDeals")}
          value={countOf(won.data)}
          to="/opportunities/list?status=won&sort=updatedAt:desc"
          testId="tile-won-deals"
        />
        <Tile
          icon={IconRefresh}
          label={t("home.tiles.myCustomers")}
          hint={t("home.hints.myCustomers")}
          value={countOf(customers.data)}
          to={`/people?stage=customer&ownerId=${me.id}&sort=stageChangedAt:desc`}
          testId="tile-my-customers"
        />
      </SimpleGrid>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <TeamInbox me={me} title={t("home.sections.onboard")} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack gap="md">
            <SectionCard title={t("home.sections.renewals")} testId="home-renewals">
              <OpportunityRows
                query={renewals}
                empty={t("home.empty.renewals")}
                dateOf={(o) => o.renewalOn}
                countdown={() => true}
              />
            </SectionCard>
            <SectionCard title={t("home.sections.myCustomers")}>
              <PeopleRows query={customers} empty={t("home.empty.myCustomers")} />
            </SectionCard>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
