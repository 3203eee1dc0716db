import { Grid, SimpleGrid, Stack } from "@mantine/core";
import { IconAlarm, IconAlertTriangle, IconChartFunnel, IconCoinYen } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, keys } from "../../api/endpoints.ts";
import type { CurrentUser, OpportunitiesQuery } from "../../api/types.ts";
import { SectionCard } from "../../components/SectionCard.tsx";
import { formatYen } from "../../lib/format.ts";
import { TeamInbox } from "./InsideSalesHome.tsx";
import { countOf, jstDays, OpportunityRows, TILE_LIMIT, Tile } from "./shared.tsx";

/** The deals list with exactly these filters (the tile's number is this list's length). */
function listLink(query: OpportunitiesQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || key === "limit") continue;
    if (key === "sort") params.set("sort", `${value}:${query.order ?? "desc"}`);
    else if (key !== "order") params.set(key, Array.isArray(value) ? value.join(",") : String(value));
  }
  return `/opportunities/list?${params}`;
}

function useDeals(query: OpportunitiesQuery) {
  return useQuery({ queryKey: keys.opportunitiesList(query), queryFn: () => api.listOpportunities(query) });
}

/**
 * Field sales: their own open deals. 「7日以内に完了予定」 is today to 7 days ahead and never
 * includes overdue deals, which have their own 期限超過 list.
 */
export function FieldSalesHome({ me }: { me: CurrentUser }) {
  const { t } = useTranslation();
  const d = jstDays();
  const base = { ownerId: me.id, status: ["open" as const], limit: TILE_LIMIT };
  const openQuery: OpportunitiesQuery = { ...base, sort: "expectedCloseDate", order: "asc" };
  const soonQuery: OpportunitiesQuery = {
    ...openQuery,
    expectedCloseFrom: d.today,
    expectedCloseTo: d.inSevenDays,
  };
  const overdueQuery: OpportunitiesQuery = { ...openQuery, expectedCloseTo: d.yesterday };
  const soon = useDeals(soonQuery);
  const overdue = useDeals(overdueQuery);
  // パイプライン金額 and the open-deal count from their one definition (getPipeline: open deals now), never
  // summed from a page of deals (docs/METRICS.md); the list they link to has the same filter.
  const pipelineQuery = { dealOwnerId: me.id };
  const pipeline = useQuery({
    queryKey: keys.pipeline(pipelineQuery),
    queryFn: () => api.getPipeline(pipelineQuery),
  });
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
        <Tile
          icon={IconChartFunnel}
          label={t("home.tiles.myOpenDeals")}
          hint={t("home.hints.myOpenDeals")}
          value={pipeline.data ? String(pipeline.data.count) : null}
          to={listLink(openQuery)}
          testId="tile-my-open-deals"
        />
        <Tile
          icon={IconCoinYen}
          label={t("home.pipelineAmount")}
          hint={t("home.hints.myPipeline")}
          value={pipeline.data ? formatYen(pipeline.data.amount) : null}
          to={listLink(openQuery)}
          testId="tile-my-pipeline"
        />
        <Tile
          icon={IconAlarm}
          label={t("home.tiles.closingSoon")}
          hint={t("home.hints.closingSoon")}
          value={countOf(soon.data)}
          to={listLink(soonQuery)}
          tone="orange"
          testId="tile-closing-soon"
        />
        <Tile
          icon={IconAlertTriangle}
          label={t("home.tiles.overdueDeals")}
          hint={t("home.hints.overdueDeals")}
          value={countOf(overdue.data)}
          to={listLink(overdueQuery)}
          tone="red"
          testId="tile-overdue-deals"
        />
      </SimpleGrid>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack gap="md">
            <SectionCard title={t("home.sections.overdueDeals")} testId="home-overdue">
              <OpportunityRows query={overdue} empty={t("home.empty.overdueDeals")} />
            </SectionCard>
            <SectionCard title={t("home.sections.closingSoon")} testId="home-closing-soon">
              <OpportunityRows query={soon} empty={t("home.empty.closingSoon")} />
            </SectionCard>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <TeamInbox me={me} title={t("home.sections.sqlInbox")} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
