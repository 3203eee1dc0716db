import {
  Button,
  Grid,
  Group,
  Input,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fiscalYearOf, type GoalPeriod, jstMonthOf, periodMonths, spreadEvenly } from "@tasuki/domain";
import { type FormEvent, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { ApiError } from "../../api/client.ts";
import { api, keys } from "../../api/endpoints.ts";
import type { Goal } from "../../api/types.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { PageQueryState } from "../../components/QueryState.tsx";
import { ForbiddenState, FormErrorAlert, PageLoader } from "../../components/states.tsx";
import { UserSelect } from "../../components/UserSelect.tsx";
import { YenInput } from "../../components/YenInput.tsx";
import { formatYen } from "../../lib/format.ts";
import { lengthCounter } from "../../lib/length-counter.ts";
import { useCan, useCurrentUser } from "../auth/session.tsx";
import { monthLabel } from "./shared.ts";

const PERIODS: GoalPeriod[] = ["fiscal_year", "quarter", "month"];

export function GoalFormPage() {
  const { id } = useParams();
  const canWrite = useCan("goals.write");
  const goal = useQuery({
    queryKey: keys.goal(id ?? ""),
    queryFn: () => api.getGoal(id!),
    enabled: Boolean(id),
  });
  if (!canWrite) return <ForbiddenState />;
  if (!id) return <GoalForm key="new" goal={null} />;
  return (
    <PageQueryState query={goal} loading={<PageLoader />}>
      {(data) => <GoalForm key={id} goal={data} />}
    </PageQueryState>
  );
}

function GoalForm({ goal }: { goal: Goal | null }) {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const thisMonth = jstMonthOf(new Date());
  const [startMonth, setStartMonth] = useState(goal?.fiscalYearStartMonth ?? 4);
  const [name, setName] = useState(goal?.name ?? "");
  const [periodKind, setPeriodKind] = useState<GoalPeriod>(goal?.periodKind ?? "fiscal_year");
  const [fiscalYear, setFiscalYear] = useState(goal?.fiscalYear ?? fiscalYearOf(thisMonth, 4));
  // The quarter holding this month, counted from the fiscal year's start (Q3 in November with April).
  const [quarter, setQuarter] = useState<number>(
    goal?.quarter ?? Math.floor(((Number(thisMonth.slice(5)) - 4 + 12) % 12) / 3) + 1,
  );
  const [month, setMonth] = useState(goal?.month ?? thisMonth);
  const [teamId, setTeamId] = useState<string | null>(goal?.team?.id ?? null);
  const [ownerId, setOwnerId] = useState<string | null>(goal?.owner?.id ?? null);
  const [total, setTotal] = useState<number | string>(goal?.totalTarget ?? "");
  const [perMonth, setPerMonth] = useState(Boolean(goal));
  const [monthly, setMonthly] = useState<Record<string, number | string>>(
    Object.fromEntries((goal?.monthlyTargets ?? []).map((m) => [m.month, m.revenue])),
  );
  const [touched, setTouched] = useState(false);
  const teams = useQuery({ queryKey: keys.teams, queryFn: () => api.listTeams(), staleTime: 5 * 60_000 });

  const months = useMemo(() => {
    if (goal) return goal.months;
    const period =
      periodKind === "month"
        ? { kind: periodKind, month }
        : periodKind === "quarter"
          ? { kind: periodKind, fiscalYear, quarter }
          : { kind: periodKind, fiscalYear };
    return periodMonths(period, startMonth);
  }, [goal, periodKind, month, fiscalYear, quarter, startMonth]);

  // Switching to per-month editing starts from the even spread of the total, so nothing is retyped.
  useEffect(() => {
    if (!perMonth) return;
    setMonthly((current) => {
      if (months.every((m) => current[m] !== undefined)) return current;
      const spread = spreadEvenly(typeof total === "number" ? total : 0, months);
      return Object.fromEntries(spread.map((s) => [s.month, current[s.month] ?? s.amount]));
    });
  }, [perMonth, months, total]);

  const monthlyTotal = months.reduce(
    (sum, m) => sum + (typeof monthly[m] === "number" ? (monthly[m] as number) : 0),
    0,
  );
  const monthlyValid = months.every((m) => typeof monthly[m] === "number");
  const totalValid = typeof total === "number" && total >= 0;

  const mutation = useMutation({
    mutationFn: () => {
      const monthlyTargets = months.map((m) => ({ month: m, revenue: Number(monthly[m]) }));
      if (goal) {
        return api.updateGoal(goal.id, {
          name: name.trim(),
          teamId,
          ownerId,
          monthlyTargets: perMonth
            ? monthlyTargets
            : spreadEvenly(Number(total), months).map((s) => ({ month: s.month, revenue: s.amount })),
          version: goal.version,
        });
      }
      return api.createGoal({
        name: name.trim(),
        periodKind,
        fiscalYear,
        fiscalYearStartMonth: startMonth,
        quarter: periodKind === "quarter" ? quarter : null,
        month: periodKind === "month" ? month : null,
        teamId,
        ownerId,
        ...(perMonth ? { monthlyTargets } : { totalTarget: Number(total) }),
      });
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: keys.goals });
      notifications.show({
        color: "teal",
        message: t(goal ? "goals.saved" : "goals.created", { name: saved.name }),
      });
      navigate(`/goals/${saved.id}`);
    },
  });
  const fieldErrors = mutation.error instanceof ApiError ? mutation.error.fieldErrors() : {};

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!name.trim() || (perMonth ? !monthlyValid : !totalValid)) return;
    mutation.mutate();
  };

  const yearOptions = Array.from({ length: 6 }, (_, i) => fiscalYearOf(thisMonth, startMonth) - 1 + i).map(
    (y) => ({
      value: String(y),
      label: t("goals.fiscalYear", { year: y }),
    }),
  );
  const title = goal ? t("goals.edit") : t("goals.new");

  return (
    <>
      <PageHeader
        title={title}
        crumbs={[
          { label: t("nav.goals"), to: "/goals" },
          ...(goal ? [{ label: goal.name, to: `/goals/${goal.id}` }] : []),
          { label: title },
        ]}
      />
      <Paper withBorder radius="md" p="lg" maw={860}>
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <FormErrorAlert error={mutation.error} />
            <TextInput
              label={t("goals.name")}
              placeholder={t("goals.namePlaceholder")}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              required
              maxLength={200}
              description={lengthCounter(name, 200)}
              error={touched && !name.trim() ? t("common.required") : fieldErrors.name}
            />
            {!goal && (
              <Grid>
                <Grid.Col span={{ base: 12, sm: 6 }}>
                  <Input.Wrapper label={t("goals.periodKind")} labelProps={{ id: "goal-period-label" }}>
                    <SegmentedControl
                      display="flex"
                      aria-labelledby="goal-period-label"
                      value={periodKind}
                      onChange={(v) => setPeriodKind(v as GoalPeriod)}
                      data={PERIODS.map((p) => ({ value: p, label: t(`goals.periods.${p}`) }))}
                    />
                  </Input.Wrapper>
                </Grid.Col>
                <Grid.Col span={{ base: 6, sm: 3 }}>
                  <Select
                    label={t("goals.startMonth")}
                    description={t("goals.startMonthHint")}
                    data={Array.from({ length: 12 }, (_, i) => ({
                      value: String(i + 1),
                      label: t("goals.monthNumber", { month: i + 1 }),
                    }))}
                    value={String(startMonth)}
                    onChange={(v) => v && setStartMonth(Number(v))}
                    allowDeselect={false}
                  />
                </Grid.Col>
                {periodKind !== "month" ? (
                  <Grid.Col span={{ base: 6, sm: 3 }}>
                    <Select
                      label={t("goals.fiscalYearLabel")}
                      data={yearOptions}
                      value={String(fiscalYear)}
                      onChange={(v) => v && setFiscalYear(Number(v))}
                      allowDeselect={false}
                    />
                  </Grid.Col>
                ) : (
                  <Grid.Col span={{ base: 6, sm: 3 }}>
                    <TextInput
                      type="month"
                      label={t("goals.month")}
                      value={month}
                      onChange={(e) => e.currentTarget.value && setMonth(e.currentTarget.value)}
                      error={fieldErrors.month}
                    />
                  </Grid.Col>
                )}
                {periodKind === "quarter" && (
                  <Grid.Col span={{ base: 6, sm: 3 }}>
                    <Select
                      label={t("goals.quarter")}
                      data={[1, 2, 3, 4].map((q) => ({ value: String(q), label: `Q${q}` }))}
                      value={String(quarter)}
                      onChange={(v) => v && setQuarter(Number(v))}
                      allowDeselect={false}
                      error={fieldErrors.quarter}
                    />
                  </Grid.Col>
                )}
              </Grid>
            )}
            <Text size="sm" c="dimmed" data-testid="goal-months">
              {t("goals.coversMonths", {
                from: monthLabel(months[0] ?? "", t),
                to: monthLabel(months[months.length - 1] ?? "", t),
                count: months.length,
              })}
            </Text>
            <Grid>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <Select
                  label={t("goals.team")}
                  placeholder={t("goals.scopeCompany")}
                  clearable
                  data={(teams.data?.items ?? []).map((team) => ({
                    value: team.id,
                    label: i18n.language === "en" ? team.nameEn : team.nameJa,
                  }))}
                  value={teamId}
                  onChange={setTeamId}
                  error={fieldErrors.teamId}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <UserSelect
                  label={t("goals.owner")}
                  placeholder={t("goals.scopeCompany")}
                  value={ownerId}
                  onChange={setOwnerId}
                  currentUserId={me.id}
                  error={fieldErrors.ownerId}
                />
              </Grid.Col>
            </Grid>
            <Switch
              label={t("goals.perMonth")}
              checked={perMonth}
              onChange={(e) => setPerMonth(e.currentTarget.checked)}
            />
            {perMonth ? (
              <Stack gap="xs">
                <SimpleGrid cols={{ base: 2, sm: 3, md: 4 }} spacing="sm">
                  {months.map((m) => (
                    <YenInput
                      key={m}
                      label={monthLabel(m, t)}
                      value={monthly[m] ?? ""}
                      onChange={(v) => setMonthly((current) => ({ ...current, [m]: v }))}
                      error={touched && typeof monthly[m] !== "number" ? t("common.required") : undefined}
                    />
                  ))}
                </SimpleGrid>
                <Text size="sm" fw={600} data-testid="goal-monthly-total">
                  {t("goals.totalOfMonths", { total: formatYen(monthlyTotal) })}
                </Text>
                {fieldErrors.monthlyTargets && (
                  <Text size="sm" c="red">
                    {fieldErrors.monthlyTargets}
                  </Text>
                )}
              </Stack>
            ) : (
              <YenInput
                label={t("goals.totalTarget")}
                description={t("goals.totalTargetHint")}
                value={total}
                onChange={setTotal}
                required
                maw={360}
                error={touched && !totalValid ? t("common.required") : fieldErrors.totalTarget}
              />
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => navigate(-1)}>
                {t("common.cancel")}
              </Button>
              <Button type="submit" loading={mutation.isPending}>
                {goal ? t("common.save") : t("goals.create")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </>
  );
}
