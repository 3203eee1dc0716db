import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  Menu,
  Paper,
  ScrollArea,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Tooltip,
  UnstyledButton,
} from "@mantine/core";
import {
  IconAlertTriangle,
  IconDownload,
  IconInfoCircle,
  IconMessage2,
  IconPencil,
  IconPlus,
} from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError } from "../../api/client.ts";
import { api, keys } from "../../api/endpoints.ts";
import type { Goal, GoalComment, GoalPacing, GoalPlan } from "../../api/types.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { ErrorState, PageLoader } from "../../components/states.tsx";
import { type CsvEncoding, downloadCsv } from "../../lib/csv.ts";
import { formatDate, formatDateTime, formatYen, todayJst } from "../../lib/format.ts";
import { useCan, useCurrentUser } from "../auth/session.tsx";
import { AssumptionsEditor } from "./AssumptionsEditor.tsx";
import { CommentModal } from "./CommentModal.tsx";
import { RecordsModal } from "./RecordsModal.tsx";
import {
  formatRate,
  monthLabel,
  PLAN_STAGE_ORDER,
  type PlanStageKey,
  periodLabel,
  scopeLabel,
} from "./shared.ts";
import { WaterfallChart } from "./WaterfallChart.tsx";

type Cell = { stage: PlanStageKey; month: string };
/** Read top-down the way the plan is worked out: from the deals back to the leads. */
const STAGES_REVERSED = [...PLAN_STAGE_ORDER].reverse();

export function GoalPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const canWrite = useCan("goals.write");
  // One request for the page: the goal, plan and pacing from one read of the history. When the plan
  // cannot be worked out (an assumption without history or override: 422), the goal alone is read so
  // the page can say why and offer the assumptions editor.
  const view = useQuery({ queryKey: keys.goalView(id), queryFn: () => api.getGoalView(id), retry: false });
  const planError = view.error instanceof ApiError && view.error.status === 422 ? view.error : null;
  const goalOnly = useQuery({
    queryKey: keys.goal(id),
    queryFn: () => api.getGoal(id),
    enabled: planError !== null,
  });
  const [cell, setCell] = useState<Cell | null>(null);

  const g = view.data?.goal ?? (planError ? goalOnly.data : undefined);
  if (view.isError && !planError) return <ErrorState error={view.error} onRetry={() => view.refetch()} />;
  if (goalOnly.isError) return <ErrorState error={goalOnly.error} onRetry={() => goalOnly.refetch()} />;
  if (!g) return <PageLoader />;
  const plan = view.data?.plan;
  const pacing = view.data?.pacing;

  return (
    <>
      <PageHeader
        crumbs={[{ label: t("nav.goals"), to: "/goals" }, { label: g.name }]}
        title={g.name}
        above={`${periodLabel(g, t)} ・ ${scopeLabel(g, t)}`}
        actions={
          <>
            {plan && pacing && <CsvMenu goal={g} plan={plan} pacing={pacing} />}
            {canWrite && (
              <Button
                component={Link}
                to={`/goals/${g.id}/edit`}
                variant="default"
                leftSection={<IconPencil size={16} />}
              >
                {t("goals.edit")}
              </Button>
            )}
          </>
        }
      />
      <Stack gap="md">
        {planError && (
          <Alert
            color="orange"
            variant="light"
            icon={<IconAlertTriangle size={18} />}
            role="alert"
            data-testid="goal-plan-error"
          >
            <Text size="sm" fw={600}>
              {planError.message}
            </Text>
            <Text size="sm">{t("goals.planErrorHint")}</Text>
          </Alert>
        )}
        {pacing && <Kpis pacing={pacing} />}
        {pacing && (
          <SectionCard title={t("goals.sections.waterfall")} testId="goal-waterfall-section">
            <WaterfallChart pacing={pacing} />
          </SectionCard>
        )}
        {pacing && <PacingSection goal={g} pacing={pacing} onOpen={setCell} />}
        {plan && (
          <SectionCard title={t("goals.sections.stages")} testId="goal-stage-plan">
            <StageTable plan={plan} pacing={pacing ?? null} onOpen={setCell} />
          </SectionCard>
        )}
        <SectionCard title={t("goals.sections.assumptions")} testId="goal-assumptions-section">
          <AssumptionsEditor key={g.version} goal={g} canEdit={canWrite} />
        </SectionCard>
      </Stack>
      <RecordsModal goalId={g.id} cell={cell} onClose={() => setCell(null)} />
    </>
  );
}

function Kpi({
  label,
  value,
  tone,
  hint,
}: {
  label: string;
  value: string;
  tone?: "red" | "teal";
  hint?: string;
}) {
  return (
    <Paper withBorder radius="md" p="md">
      <Group gap={4} wrap="nowrap">
        <Text size="xs" c="dimmed" fw={600}>
          {label}
        </Text>
        {hint && (
          <Tooltip label={hint} multiline w={320} withArrow>
            <IconInfoCircle size={14} color="gray" aria-label={hint} />
          </Tooltip>
        )}
      </Group>
      <Text size="xl" fw={700} ff="monospace" c={tone} mt={4}>
        {value}
      </Text>
    </Paper>
  );
}

function Kpis({ pacing }: { pacing: GoalPacing }) {
  const { t } = useTranslation();
  const gap = pacing.projectedGap;
  return (
    <SimpleGrid cols={{ base: 2, md: 5 }} spacing="sm" data-testid="goal-kpis">
      <Kpi label={t("goals.kpi.target")} value={formatYen(pacing.targetRevenue)} />
      <Kpi label={t("goals.kpi.actual")} value={formatYen(pacing.actualRevenue)} />
      <Kpi
        label={t("goals.kpi.projected")}
        value={formatYen(pacing.projectedRevenue)}
        hint={t("goals.kpi.method")}
      />
      <Kpi
        label={t("goals.kpi.gap")}
        value={`${gap > 0 ? "+" : gap < 0 ? "−" : ""}${formatYen(Math.abs(gap))}`}
        tone={gap < 0 ? "red" : "teal"}
      />
      <Kpi
        label={t("goals.kpi.pace")}
        value={pacing.paceRatio === null ? t("goals.kpi.noPaceYet") : formatRate(pacing.paceRatio)}
        hint={t("goals.kpi.paceHint")}
      />
    </SimpleGrid>
  );
}

const STATUS_COLOR = { closed: "gray", current: "blue", future: "teal" } as const;

function PacingSection({
  goal,
  pacing,
  onOpen,
}: {
  goal: Goal;
  pacing: GoalPacing;
  onOpen: (cell: Cell) => void;
}) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const canComment = useCan("goals.comment");
  const [editing, setEditing] = useState<{ month: string; comment: GoalComment | null } | null>(null);
  const canEdit = (c: GoalComment) =>
    me.role === "admin" || me.role === "manager" || c.author === null || c.author.id === me.id;
  return (
    <SectionCard title={t("goals.sections.pacing")} testId="goal-pacing">
      <ScrollArea type="auto">
        <Table verticalSpacing={8} fz="sm" miw={1000} data-testid="goal-pacing-table">
          <Table.Thead>
            <Table.Tr>
              {(["month", "target", "actual", "projected", "cumulative", "comments"] as const).map((c) => (
                <Table.Th
                  key={c}
                  fz="xs"
                  c="dimmed"
                  ta={["target", "actual", "projected", "cumulative"].includes(c) ? "right" : undefined}
                  w={c === "comments" ? "40%" : undefined}
                >
                  {t(`goals.pacingColumns.${c}`)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {pacing.revenue.map((m) => {
              const comments = pacing.comments.filter((c) => c.month === m.month);
              // Only a judged month (closed, in the goal, after data began) can be short.
              const behind = m.judged && m.actual !== null && m.actual < m.target;
              return (
                <Table.Tr key={m.month} data-month={m.month}>
                  <Table.Td style={{ verticalAlign: "top" }}>
                    <Text size="sm" fw={600}>
                      {monthLabel(m.month, t)}
                    </Text>
                    <Badge size="xs" variant="light" color={STATUS_COLOR[m.status]}>
                      {t(`goals.status.${m.status}`)}
                    </Badge>
                    {m.status === "closed" && !m.judged && (
                      <Text size="xs" c="dimmed" data-testid="month-not-judged">
                        {t("goals.beforeData")}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace" style={{ verticalAlign: "top" }}>
                    {formatYen(m.target)}
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace" style={{ verticalAlign: "top" }}>
                    {m.actual === null ? (
                      "—"
                    ) : (
                      <Anchor
                        component="button"
                        type="button"
                        ff="monospace"
                        fz="sm"
                        c={behind ? "red" : undefined}
                        onClick={() => onOpen({ stage: "won", month: m.month })}
                        aria-label={t("goals.openRecords", {
                          stage: t("goals.stages.won"),
                          month: monthLabel(m.month, t),
                        })}
                      >
                        {formatYen(m.actual)}
                      </Anchor>
                    )}
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace" style={{ verticalAlign: "top" }}>
                    {formatYen(m.projected)}
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace" style={{ verticalAlign: "top" }}>
                    <Text size="xs" c="dimmed">
                      {t("goals.cumulativeTarget", { value: formatYen(m.cumulativeTarget) })}
                    </Text>
                    <Text size="xs">
                      {m.cumulativeActual === null
                        ? t("goals.cumulativeProjected", { value: formatYen(m.cumulativeProjected) })
                        : t("goals.cumulativeActual", { value: formatYen(m.cumulativeActual) })}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ verticalAlign: "top" }}>
                    <Stack gap={6}>
                      {comments.map((c) => (
                        <Paper
                          key={c.id}
                          withBorder
                          radius="sm"
                          p="xs"
                          bg="var(--mantine-color-gray-0)"
                          data-testid="goal-comment"
                        >
                          <Group justify="space-between" wrap="nowrap" align="flex-start">
                            <Stack gap={2}>
                              <Text size="xs">
                                <Text span fw={700}>
                                  {t("goals.comments.currentNumbers")}：
                                </Text>
                                {c.currentNumbers}
                              </Text>
                              <Text size="xs">
                                <Text span fw={700}>
                                  {t("goals.comments.nextActions")}：
                                </Text>
                                {c.nextActions}
                              </Text>
                              <Text size="xs">
                                <Text span fw={700}>
                                  {t("goals.comments.dueOn")}：
                                </Text>
                                {formatDate(c.dueOn)}
                              </Text>
                              <Text size="xs" c="dimmed">
                                {t("goals.comments.by", {
                                  name: c.author?.name ?? "—",
                                  at: formatDateTime(c.updatedAt),
                                })}
                                {c.version > 1 ? ` ${t("goals.comments.edited")}` : ""}
                              </Text>
                            </Stack>
                            {canComment && canEdit(c) && (
                              <ActionIcon
                                variant="subtle"
                                size="sm"
                                aria-label={t("goals.comments.edit")}
                                onClick={() => setEditing({ month: m.month, comment: c })}
                              >
                                <IconPencil size={14} />
                              </ActionIcon>
                            )}
                          </Group>
                        </Paper>
                      ))}
                      {canComment && (
                        <Box>
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            leftSection={
                              comments.length === 0 ? <IconMessage2 size={14} /> : <IconPlus size={14} />
                            }
                            onClick={() => setEditing({ month: m.month, comment: null })}
                          >
                            {t("goals.comments.add")}
                          </Button>
                        </Box>
                      )}
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      {editing && (
        <CommentModal
          key={`${editing.month}-${editing.comment?.id ?? "new"}`}
          goalId={goal.id}
          month={editing.month}
          comment={editing.comment}
          onClose={() => setEditing(null)}
        />
      )}
    </SectionCard>
  );
}

function StageTable({
  plan,
  pacing,
  onOpen,
}: {
  plan: GoalPlan;
  pacing: GoalPacing | null;
  onOpen: (cell: Cell) => void;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        {t("goals.stageTableHint", { days: plan.businessDaysPerMonth.toFixed(1) })}
      </Text>
      <ScrollArea type="auto">
        <Table
          verticalSpacing={6}
          horizontalSpacing="xs"
          fz="sm"
          miw={240 + plan.months.length * 84}
          withColumnBorders
          data-testid="goal-stage-table"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th fz="xs" c="dimmed">
                {t("goals.stageColumn")}
              </Table.Th>
              {plan.months.map((m) => (
                <Table.Th
                  key={m}
                  fz="xs"
                  ta="right"
                  c={m === plan.currentMonth ? "blue" : "dimmed"}
                  bg={m === plan.currentMonth ? "var(--mantine-color-blue-0)" : undefined}
                >
                  {monthLabel(m, t, true)}
                </Table.Th>
              ))}
              <Table.Th fz="xs" c="dimmed" ta="right">
                {t("goals.totalColumn")}
              </Table.Th>
              <Table.Th fz="xs" c="dimmed" ta="right">
                {t("goals.catchUpColumn")}
              </Table.Th>
              <Table.Th fz="xs" c="dimmed" ta="right">
                {t("goals.thisMonthColumn")}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {STAGES_REVERSED.map((stage) => {
              const planned = plan.stages.find((s) => s.stage === stage);
              const paced = pacing?.stages.find((s) => s.stage === stage) ?? null;
              return (
                <Table.Tr key={stage} data-stage={stage}>
                  <Table.Td fw={600}>{t(`goals.stages.${stage}`)}</Table.Td>
                  {(planned?.cells ?? []).map((c, i) => {
                    const actual = paced?.cells[i]?.actual ?? null;
                    // Months before the goal period or before any data show their actual, never a shortfall.
                    const short = paced?.cells[i]?.judged === true && actual !== null && actual < c.count;
                    return (
                      <Table.Td
                        key={c.month}
                        ta="right"
                        bg={
                          short
                            ? "var(--mantine-color-red-0)"
                            : c.month === plan.currentMonth
                              ? "var(--mantine-color-blue-0)"
                              : undefined
                        }
                      >
                        <Text size="sm" fw={600} ff="monospace" c={c.count === 0 ? "dimmed" : undefined}>
                          {c.count.toLocaleString("ja-JP")}
                        </Text>
                        {actual !== null && (
                          <UnstyledButton
                            onClick={() => onOpen({ stage, month: c.month })}
                            aria-label={t("goals.openRecords", {
                              stage: t(`goals.stages.${stage}`),
                              month: monthLabel(c.month, t),
                            })}
                          >
                            <Text
                              size="xs"
                              c={short ? "red" : paced?.cells[i]?.judged ? "teal" : "dimmed"}
                              td="underline"
                              ff="monospace"
                              data-short={short}
                            >
                              {t("goals.actualShort", { value: actual.toLocaleString("ja-JP") })}
                            </Text>
                          </UnstyledButton>
                        )}
                      </Table.Td>
                    );
                  })}
                  <Table.Td ta="right" ff="monospace" fw={600}>
                    {(planned?.totalCount ?? 0).toLocaleString("ja-JP")}
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace" c={paced && paced.catchUp > 0 ? "red" : "dimmed"}>
                    {paced ? paced.catchUp.toLocaleString("ja-JP") : "—"}
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace" fw={700}>
                    {paced ? paced.neededThisMonth.toLocaleString("ja-JP") : "—"}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </Stack>
  );
}

/** The plan table as rows for CSV: revenue and each stage's plan and actual per month. */
export function planCsvRows(
  goal: Goal,
  plan: GoalPlan,
  pacing: GoalPacing,
  t: TFunction,
): (string | number | null)[][] {
  const header = [
    t("goals.csv.row"),
    ...plan.months.map((m) => m),
    t("goals.totalColumn"),
    t("goals.catchUpColumn"),
    t("goals.thisMonthColumn"),
  ];
  const revenueByMonth = new Map(pacing.revenue.map((r) => [r.month, r]));
  const revenueRow = (
    label: string,
    pick: (r: GoalPacing["revenue"][number]) => number | null,
    total: number,
  ) => [
    label,
    ...plan.months.map((m) => {
      const r = revenueByMonth.get(m);
      return r ? pick(r) : null;
    }),
    total,
    null,
    null,
  ];
  const rows: (string | number | null)[][] = [
    [t("goals.csv.goal"), goal.name, periodLabel(goal, t), scopeLabel(goal, t)],
    [t("goals.csv.exportedOn"), todayJst()],
    header,
    revenueRow(t("goals.csv.targetRevenue"), (r) => r.target, pacing.targetRevenue),
    revenueRow(t("goals.csv.actualRevenue"), (r) => r.actual, pacing.actualRevenue),
    revenueRow(t("goals.csv.projectedRevenue"), (r) => r.projected, pacing.projectedRevenue),
  ];
  for (const stage of STAGES_REVERSED) {
    const planned = plan.stages.find((s) => s.stage === stage);
    const paced = pacing.stages.find((s) => s.stage === stage);
    const label = t(`goals.stages.${stage}`);
    rows.push([
      t("goals.csv.planned", { stage: label }),
      ...(planned?.cells.map((c) => c.count) ?? []),
      planned?.totalCount ?? 0,
      paced?.catchUp ?? null,
      paced?.neededThisMonth ?? null,
    ]);
    rows.push([
      t("goals.csv.actual", { stage: label }),
      ...(paced?.cells.map((c) => c.actual) ?? []),
      paced?.cells.reduce((sum, c) => sum + (c.actual ?? 0), 0) ?? 0,
      null,
      null,
    ]);
  }
  return rows;
}

function CsvMenu({ goal, plan, pacing }: { goal: Goal; plan: GoalPlan; pacing: GoalPacing }) {
  const { t } = useTranslation();
  const download = (encoding: CsvEncoding) =>
    downloadCsv(
      `goal-plan-${goal.fiscalYear}-${todayJst()}.csv`,
      planCsvRows(goal, plan, pacing, t),
      encoding,
    );
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" leftSection={<IconDownload size={16} />}>
          {t("goals.csv.export")}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => download("utf8_bom")}>{t("goals.csv.utf8")}</Menu.Item>
        <Menu.Item onClick={() => download("shift_jis")}>{t("goals.csv.sjis")}</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
