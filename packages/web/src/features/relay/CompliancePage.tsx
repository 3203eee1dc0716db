import { Anchor, Badge, Button, Group, Paper, ScrollArea, Table, Text, Title, Tooltip } from "@mantine/core";
import { IconArrowLeft, IconChartBar } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { api, keys } from "../../api/endpoints.ts";
import type { SlaCompliance } from "../../api/types.ts";
import { DateField } from "../../components/DateField.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { EmptyState, TableSkeleton } from "../../components/states.tsx";
import { formatBusinessMinutes } from "../../lib/duration.ts";
import { useTeamLabel } from "./teams.ts";

type Row = SlaCompliance["teams"][number] & { assignee?: SlaCompliance["assignees"][number]["assignee"] };
type CountKey = keyof Row["counts"];

/** The listHandoffs filter behind each count (as the API documents it). */
const COUNT_FILTERS: Record<CountKey, Record<string, string>> = {
  total: {},
  decided: { state: "accepted,rejected" },
  withinSla: { slaOutcome: "met" },
  breached: { slaOutcome: "breached" },
  pendingOnTrack: { slaOutcome: "pending", slaStatus: "on_track" },
  pendingAtRisk: { slaOutcome: "pending", slaStatus: "at_risk" },
  pendingOverdue: { state: "pending,expired_escalated", slaOutcome: "breached" },
  withdrawn: { state: "withdrawn" },
};
/**
 * Received first, then the parts it splits into (received = decided + withdrawn + the three
 * waiting columns), then the SLA view of the same handoffs (within SLA, breached).
 */
const COLUMNS: CountKey[] = [
  "total",
  "decided",
  "withdrawn",
  "pendingOnTrack",
  "pendingAtRisk",
  "pendingOverdue",
  "withinSla",
  "breached",
];

/** The handoff list that shows exactly the records a number counted. */
export function recordsLink(filter: Row["filter"], count: CountKey): string {
  const params = new URLSearchParams({ view: "records" });
  for (const [key, value] of Object.entries({ ...filter, ...COUNT_FILTERS[count] }))
    if (value !== undefined) params.set(key, String(value));
  return `/handoffs?${params}`;
}

/**
 * SLA遵守状況: per receiving team and per person, for a period (by default the dashboard's: this
 * month and the twelve before it, JST — resolvePeriod in domain).
 * Every number is a link to the handoffs it counted.
 */
export function CompliancePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const query = {
    ...(params.get("from") ? { from: params.get("from")! } : {}),
    ...(params.get("to") ? { to: params.get("to")! } : {}),
  };
  const result = useQuery({
    queryKey: keys.slaCompliance(query),
    queryFn: () => api.getSlaCompliance(query),
    placeholderData: keepPreviousData,
  });
  const setPeriod = (from: string, to: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (from) next.set("from", from);
        else next.delete("from");
        if (to) next.set("to", to);
        else next.delete("to");
        return next;
      },
      { replace: true },
    );
  const data = result.data;
  return (
    <>
      <PageHeader
        title={t("compliance.title")}
        description={t("compliance.description")}
        crumbs={[{ label: t("relay.title"), to: "/handoffs" }, { label: t("compliance.title") }]}
        actions={
          <Button component={Link} to="/handoffs" variant="default" leftSection={<IconArrowLeft size={16} />}>
            {t("compliance.backToInbox")}
          </Button>
        }
      />
      <Paper withBorder radius="md" p="sm" mb="md">
        <Group gap="md" align="flex-end" wrap="wrap">
          <DateField
            label={t("compliance.from")}
            value={data?.from ?? query.from ?? ""}
            onChange={(v) => setPeriod(v, data?.to ?? "")}
            data-testid="compliance-from"
          />
          <DateField
            label={t("compliance.to")}
            value={data?.to ?? query.to ?? ""}
            onChange={(v) => setPeriod(data?.from ?? "", v)}
            data-testid="compliance-to"
          />
          <Button variant="light" onClick={() => setPeriod("", "")}>
            {t("compliance.thisMonth")}
          </Button>
          <Text size="xs" c="dimmed" maw={520} ml={{ base: 0, md: "auto" }}>
            {t("compliance.hint")} {t("compliance.identity")}
          </Text>
        </Group>
      </Paper>
      <QueryState query={result} loading={<TableSkeleton rows={4} />}>
        {(compliance) => (
          <div style={{ opacity: result.isPlaceholderData ? 0.6 : 1 }}>
            <Title order={3} size="h4" mb="xs">
              {t("compliance.byTeam")}
            </Title>
            <ComplianceTable rows={compliance.teams} kind="team" testId="compliance-teams" />
            <Title order={3} size="h4" mt="xl" mb="xs">
              {t("compliance.byPerson")}
            </Title>
            {compliance.assignees.length === 0 ? (
              <Paper withBorder radius="md">
                <EmptyState icon={IconChartBar} title={t("compliance.emptyPeople")} />
              </Paper>
            ) : (
              <ComplianceTable rows={compliance.assignees} kind="person" testId="compliance-people" />
            )}
          </div>
        )}
      </QueryState>
    </>
  );
}

function RateBadge({ rate }: { rate: number | null }) {
  const { t } = useTranslation();
  if (rate === null)
    return (
      <Tooltip label={t("compliance.noRate")}>
        <Text span c="dimmed">
          —
        </Text>
      </Tooltip>
    );
  const color = rate >= 0.9 ? "teal" : rate >= 0.75 ? "yellow" : "red";
  return (
    <Badge color={color} variant="light" size="lg">
      {(rate * 100).toFixed(1)}%
    </Badge>
  );
}

function ComplianceTable({ rows, kind, testId }: { rows: Row[]; kind: "team" | "person"; testId: string }) {
  const { t, i18n } = useTranslation();
  const teamLabel = useTeamLabel();
  const locale = i18n.language === "en" ? "en" : "ja";
  return (
    <Paper withBorder radius="md">
      <ScrollArea>
        <Table striped highlightOnHover verticalSpacing="sm" miw={1080} data-testid={testId}>
          <Table.Thead>
            <Table.Tr>
              {kind === "person" && <Table.Th>{t("compliance.columns.assignee")}</Table.Th>}
              <Table.Th>{t("compliance.columns.team")}</Table.Th>
              {COLUMNS.map((c) => (
                <Table.Th key={c} ta="right">
                  <Tooltip label={t(`compliance.help.${c}`)} multiline w={260}>
                    <span>{t(`compliance.columns.${c}`)}</span>
                  </Tooltip>
                </Table.Th>
              ))}
              <Table.Th ta="right">{t("compliance.columns.rate")}</Table.Th>
              <Table.Th ta="right">{t("compliance.columns.median")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr
                key={`${row.team.id}:${row.assignee?.id ?? "team"}`}
                data-testid="compliance-row"
                data-team={row.team.key}
              >
                {kind === "person" && (
                  <Table.Td fw={500}>{row.assignee ? row.assignee.name : t("compliance.queue")}</Table.Td>
                )}
                <Table.Td fw={kind === "team" ? 600 : undefined}>{teamLabel(row.team)}</Table.Td>
                {COLUMNS.map((c) => (
                  <Table.Td key={c} ta="right" style={{ fontVariantNumeric: "tabular-nums" }}>
                    {row.counts[c] === 0 ? (
                      <Text span c="dimmed">
                        0
                      </Text>
                    ) : (
                      <Anchor
                        component={Link}
                        to={recordsLink(row.filter, c)}
                        c={
                          c === "breached" || c === "pendingOverdue"
                            ? "red"
                            : c === "pendingAtRisk"
                              ? "orange"
                              : undefined
                        }
                        fw={c === "breached" || c === "withinSla" ? 600 : undefined}
                        data-testid={`count-${c}`}
                      >
                        {row.counts[c].toLocaleString(locale === "ja" ? "ja-JP" : "en-US")}
                      </Anchor>
                    )}
                  </Table.Td>
                ))}
                <Table.Td ta="right">
                  <RateBadge rate={row.complianceRate} />
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                  {row.medianResponseBusinessMinutes === null
                    ? "—"
                    : formatBusinessMinutes(row.medianResponseBusinessMinutes, locale)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </Paper>
  );
}
