import { SimpleGrid, Stack } from "@mantine/core";
import type { AnalyticsFilterInput, AnalyticsView } from "@tasuki/contracts";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { api } from "../../api/endpoints.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { CohortSection } from "./CohortSection.tsx";
import { DrillProvider, type DrillTarget, RecordsDrawer } from "./Drill.tsx";
import { FilterBar } from "./FilterBar.tsx";
import { FunnelSection } from "./FunnelSection.tsx";
import { filterFromParams, filterQuery } from "./filters.ts";
import { IndustrySection } from "./IndustrySection.tsx";
import { KpiTiles } from "./KpiTiles.tsx";
import { ProgressionSection } from "./ProgressionSection.tsx";
import { ReasonSection } from "./ReasonSection.tsx";
import { useRecordLabel } from "./record-label.ts";
import { useAnalytics } from "./shared.tsx";
import { VelocitySection } from "./VelocitySection.tsx";

/** ダッシュボード: one filter bar over every metric; every number opens the records it counted. */
export function AnalyticsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterFromParams(params), [params]);
  // A link may open the period view (the marketing home's 「今週のMQL」 counts people first reaching MQL in the period).
  const [view, setView] = useState<AnalyticsView>(params.get("view") === "period" ? "period" : "cohort");
  const [drill, setDrill] = useState<DrillTarget | null>(null);

  const setFilter = (patch: Partial<AnalyticsFilterInput>) => {
    const next = filterQuery({ ...filter, ...patch });
    setParams(next, { replace: true });
  };

  const funnel = useAnalytics("funnel", { ...filter, view }, api.getFunnel);
  const velocity = useAnalytics("velocity", filter, api.getVelocity);
  const kpis = useAnalytics("kpis", filter, api.getMarketingKpis);
  const progression = useAnalytics("progression", filter, api.getStageProgression);
  const lost = useAnalytics("lost", filter, api.getLostReasons);
  const rejections = useAnalytics("rejections", filter, api.getRejectionReasons);
  const industry = useAnalytics("industry", filter, api.getIndustryResponse);
  const labelOf = useRecordLabel(lost.data, rejections.data);

  return (
    <DrillProvider value={setDrill}>
      <PageHeader title={t("analytics.title")} description={t("analytics.description")} />
      <FilterBar filter={filter} onChange={setFilter} onReset={() => setParams({}, { replace: true })} />

      <Stack gap="lg" mt="md">
        <KpiTiles data={kpis.data} error={kpis.error} onRetry={() => kpis.refetch()} filter={filter} />
        <FunnelSection funnel={funnel} view={view} onViewChange={setView} filter={filter} />
        <CohortSection funnel={funnel} view={view} />
        <VelocitySection velocity={velocity} />
        <ProgressionSection progression={progression} />
        <SimpleGrid cols={{ base: 1, xl: 2 }} spacing="lg">
          <ReasonSection kind="lost_reasons" query={lost} />
          <ReasonSection kind="rejection_reasons" query={rejections} />
        </SimpleGrid>
        <IndustrySection industry={industry} />
      </Stack>
      <RecordsDrawer target={drill} filter={filter} onClose={() => setDrill(null)} labelOf={labelOf} />
    </DrillProvider>
  );
}
