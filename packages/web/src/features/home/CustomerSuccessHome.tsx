import { Grid, SimpleGrid, Stack, Text } from "@mantine/core";
import { IconInbox, IconRefresh, IconTrophy } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, keys } from "../../api/endpoints.ts";
import type { CurrentUser, OpportunitiesQuery, PeopleQuery } from "../../api/types.ts";
import { SectionCard } from "../../components/SectionCard.tsx";
import { useTeams } from "../relay/teams.ts";
import { TeamInbox, useInbox } from "./InsideSalesHome.tsx";
import { countOf, OpportunityRows, PeopleRows, TILE_LIMIT, Tile } from "./shared.tsx";

/**
 * Customer success: won deals handed over to onboard (the team's inbox), and renewals coming.
 * Tasuki keeps no renewal date or contract term yet, so "renewals" are the won deals in order of
 * their close date (oldest first: the first to come up for renewal), and the section says so.
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
  // Oldest close first: with no renewal date, the longest-standing customers come up for renewal first.
  const byCloseDate = {
    ...won,
    data: won.data && {
      ...won.data,
      items: [...won.data.items].sort((a, b) => (a.closedOn ?? "").localeCompare(b.closedOn ?? "")),
    },
  } as typeof won;
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, xs: 3 }}>
        <Tile
          icon={IconInbox}
          label={t("home.tiles.onboard")}
          hint={t("home.hints.onboard")}
          value={countOf(inbox.result.data)}
          to={`/handoffs?view=inbox&team=${teamKey}`}
          testId="tile-onboard"
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
              <Text size="xs" c="dimmed" mb="xs">
                {t("home.renewalsNote")}
              </Text>
              <OpportunityRows
                query={byCloseDate}
                empty={t("home.empty.renewals")}
                dateOf={(o) => o.closedOn}
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
