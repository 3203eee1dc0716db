import { Anchor, Grid, Group, SimpleGrid, Skeleton, Stack, Text } from "@mantine/core";
import { IconArrowBackUp, IconSpeakerphone, IconTrendingUp } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, keys } from "../../api/endpoints.ts";
import type { CurrentUser, HandoffsQuery, PeopleQuery } from "../../api/types.ts";
import { QueryState } from "../../components/QueryState.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { EmptyState } from "../../components/states.tsx";
import { formatDate } from "../../lib/format.ts";
import { useTeams } from "../relay/teams.ts";
import { handoffRecordsLink } from "./InsideSalesHome.tsx";
import { countOf, HandoffRows, jstDays, PeopleRows, TILE_LIMIT, Tile } from "./shared.tsx";

/**
 * Marketing: the MQL flow this week (people first reaching MQL, the dashboard's period funnel),
 * leads returned with their reasons, and the campaigns running today.
 */
export function MarketingHome({ me }: { me: CurrentUser }) {
  const { t } = useTranslation();
  const teams = useTeams();
  const d = jstDays();
  const teamId = me.team?.id ?? teams.data?.items.find((tm) => tm.function === "marketing")?.id;

  const funnelQuery = { from: d.weekStart, to: d.today, view: "period" as const };
  const funnel = useQuery({
    queryKey: keys.analytics("funnel", funnelQuery),
    queryFn: () => api.getFunnel(funnelQuery),
  });
  const mql = funnel.data?.stages.find((s) => s.stage === "mql")?.people;

  const returnedQuery: HandoffsQuery = {
    fromTeamId: teamId,
    state: ["rejected"],
    from: d.monthStart,
    to: d.today,
    limit: TILE_LIMIT,
  };
  const returned = useQuery({
    queryKey: keys.handoffsList(returnedQuery),
    queryFn: () => api.listHandoffs(returnedQuery),
    enabled: teamId !== undefined,
  });

  const campaignsQuery = { limit: TILE_LIMIT, sort: "startsOn", order: "desc" as const };
  const campaigns = useQuery({
    queryKey: keys.campaignsList(campaignsQuery),
    queryFn: () => api.listCampaigns(campaignsQuery),
  });
  // Running today: started on or before today and not ended before it (no end date: still running).
  const running = (campaigns.data?.items ?? []).filter(
    (c) => c.startsOn <= d.today && (c.endsOn === null || c.endsOn >= d.today),
  );

  const leadsQuery: PeopleQuery = { stage: ["lead"], sort: "createdAt", order: "desc", limit: 8 };
  const leads = useQuery({
    queryKey: keys.peopleList(leadsQuery),
    queryFn: () => api.listPeople(leadsQuery),
  });

  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, xs: 3 }}>
        <Tile
          icon={IconTrendingUp}
          label={t("home.tiles.mqlThisWeek")}
          hint={t("home.hints.mqlThisWeek", { from: formatDate(d.weekStart) })}
          value={mql === undefined ? null : String(mql)}
          to={`/analytics?from=${d.weekStart}&to=${d.today}&view=period`}
          testId="tile-mql-week"
        />
        <Tile
          icon={IconArrowBackUp}
          label={t("home.tiles.returnedLeads")}
          hint={t("home.hints.returnedLeads")}
          value={countOf(returned.data)}
          to={handoffRecordsLink(returnedQuery)}
          tone="orange"
          testId="tile-returned-leads"
        />
        <Tile
          icon={IconSpeakerphone}
          label={t("home.tiles.runningCampaigns")}
          hint={t("home.hints.runningCampaigns")}
          value={campaigns.data ? `${running.length}${campaigns.data.nextCursor ? "+" : ""}` : null}
          to="#home-campaigns"
          testId="tile-running-campaigns"
        />
      </SimpleGrid>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <SectionCard
              title={t("home.sections.returnedLeads")}
              testId="home-returned"
              actions={
                <Anchor component={Link} to={handoffRecordsLink(returnedQuery)} size="sm">
                  {t("common.showAll")}
                </Anchor>
              }
            >
              <HandoffRows query={returned} empty={t("home.empty.returnedLeads")} showReason />
            </SectionCard>
            <SectionCard title={t("home.sections.newLeads")}>
              <PeopleRows query={leads} empty={t("home.empty.newLeads")} />
            </SectionCard>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <div id="home-campaigns">
            <SectionCard title={t("home.sections.runningCampaigns")} testId="home-campaigns">
              <QueryState
                query={campaigns}
                loading={<Skeleton h={80} />}
                isEmpty={() => running.length === 0}
                empty={<EmptyState compact title={t("home.empty.runningCampaigns")} />}
              >
                {() => (
                  <Stack gap={8}>
                    {running.map((c) => (
                      <Group key={c.id} justify="space-between" wrap="nowrap">
                        <Anchor
                          component={Link}
                          to={`/analytics?campaignId=${c.id}`}
                          size="sm"
                          fw={600}
                          truncate
                        >
                          {c.name}
                        </Anchor>
                        <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
                          {c.endsOn ? t("home.until", { date: formatDate(c.endsOn) }) : t("home.noEnd")}
                        </Text>
                      </Group>
                    ))}
                  </Stack>
                )}
              </QueryState>
            </SectionCard>
          </div>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
