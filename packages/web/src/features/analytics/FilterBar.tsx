import { Button, Group, Paper, Select, TextInput } from "@mantine/core";
import { IconCalendar, IconFilterOff } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import type { AnalyticsFilterInput } from "@tasuki/contracts";
import { EMPLOYEE_BANDS, INDUSTRIES } from "@tasuki/domain";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, keys } from "../../api/endpoints.ts";
import { DateField } from "../../components/DateField.tsx";
import { UserSelect } from "../../components/UserSelect.tsx";
import { formatEmployeeBand } from "../../lib/format.ts";
import { FILTER_KEYS, PERIOD_PRESETS, type PeriodPreset, presetPeriod } from "./filters.ts";

/** The one filter over every metric: period (or a preset), team, owner, campaign, industry, size, source. */
export function FilterBar({
  filter,
  onChange,
  onReset,
}: {
  filter: AnalyticsFilterInput;
  onChange: (patch: Partial<AnalyticsFilterInput>) => void;
  onReset: () => void;
}) {
  const { t, i18n } = useTranslation();
  const teams = useQuery({ queryKey: keys.teams, queryFn: () => api.listTeams(), staleTime: 5 * 60_000 });
  const campaigns = useQuery({
    queryKey: keys.analyticsCampaigns,
    queryFn: () => api.listCampaigns({ limit: 200 }),
    staleTime: 5 * 60_000,
  });
  const [source, setSource] = useState(filter.source ?? "");
  const active = FILTER_KEYS.some((k) => k !== "from" && k !== "to" && filter[k]);
  return (
    <Paper withBorder radius="md" p="sm" data-testid="analytics-filters">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <DateField
          label={t("analytics.filter.from")}
          value={filter.from ?? ""}
          max={filter.to}
          onChange={(v) => v && onChange({ from: v })}
          leftSection={<IconCalendar size={16} />}
          w={170}
          data-testid="filter-from"
        />
        <DateField
          label={t("analytics.filter.to")}
          value={filter.to ?? ""}
          min={filter.from}
          onChange={(v) => v && onChange({ to: v })}
          leftSection={<IconCalendar size={16} />}
          w={170}
          data-testid="filter-to"
        />
        <Select
          label={t("analytics.filter.preset")}
          placeholder={t("analytics.filter.presetPlaceholder")}
          data={PERIOD_PRESETS.map((p) => ({
            value: p,
            label: t(`analytics.preset.${p}` as "analytics.preset.thisMonth"),
          }))}
          value={null}
          onChange={(p) => p && onChange(presetPeriod(p as PeriodPreset))}
          w={150}
          data-testid="filter-preset"
        />
        <Select
          label={t("analytics.filter.team")}
          clearable
          data={(teams.data?.items ?? []).map((team) => ({
            value: team.id,
            label: i18n.language.startsWith("ja") ? team.nameJa : team.nameEn,
          }))}
          value={filter.teamId ?? null}
          onChange={(v) => onChange({ teamId: v ?? undefined })}
          w={180}
        />
        <UserSelect
          label={t("analytics.filter.owner")}
          value={filter.ownerId ?? null}
          onChange={(v) => onChange({ ownerId: v ?? undefined })}
          w={170}
        />
        <Select
          label={t("analytics.filter.campaign")}
          clearable
          searchable
          data={(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
          value={filter.campaignId ?? null}
          onChange={(v) => onChange({ campaignId: v ?? undefined })}
          w={220}
        />
        <Select
          label={t("analytics.filter.industry")}
          clearable
          searchable
          data={INDUSTRIES.map((i) => ({ value: i, label: t(`industry.${i}` as "industry.other") }))}
          value={filter.industry ?? null}
          onChange={(v) => onChange({ industry: (v ?? undefined) as AnalyticsFilterInput["industry"] })}
          w={170}
          data-testid="filter-industry"
        />
        <Select
          label={t("analytics.filter.employeeBand")}
          clearable
          data={EMPLOYEE_BANDS.map((b) => ({
            value: b,
            label: t("analytics.filter.bandLabel", { band: formatEmployeeBand(b) }),
          }))}
          value={filter.employeeBand ?? null}
          onChange={(v) =>
            onChange({ employeeBand: (v ?? undefined) as AnalyticsFilterInput["employeeBand"] })
          }
          w={150}
        />
        <TextInput
          label={t("analytics.filter.source")}
          value={source}
          onChange={(e) => setSource(e.currentTarget.value)}
          onBlur={() => onChange({ source: source.trim() || undefined })}
          onKeyDown={(e) => e.key === "Enter" && onChange({ source: source.trim() || undefined })}
          w={140}
        />
        {active && (
          <Button
            variant="subtle"
            leftSection={<IconFilterOff size={16} />}
            onClick={() => {
              setSource("");
              onReset();
            }}
          >
            {t("analytics.filter.reset")}
          </Button>
        )}
      </Group>
    </Paper>
  );
}
