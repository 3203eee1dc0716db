import { Badge, Button, Group, NumberInput, ScrollArea, Stack, Table, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client.ts";
import { api, keys } from "../../api/endpoints.ts";
import type { Goal } from "../../api/types.ts";
import { FormErrorAlert } from "../../components/states.tsx";
import { YenInput } from "../../components/YenInput.tsx";
import { formatDate, formatYen } from "../../lib/format.ts";
import { formatCount, formatRate, PLAN_STEP_ORDER, type PlanStepKey } from "./shared.ts";

type Value = Goal["assumptions"]["averageDealSize"];
type Draft = {
  averageDealSize: number | string;
  rates: Record<PlanStepKey, number | string>;
  lags: Record<PlanStepKey, number | string>;
};

const percent = (rate: number | null) => (rate === null ? "" : Math.round(rate * 10_000) / 100);

function draftOf(goal: Goal): Draft {
  const a = goal.assumptions;
  return {
    averageDealSize: a.averageDealSize.override ?? "",
    rates: Object.fromEntries(
      PLAN_STEP_ORDER.map((s) => [s, percent(a.conversionRates[s].override)]),
    ) as Draft["rates"],
    lags: Object.fromEntries(
      PLAN_STEP_ORDER.map((s) => [s, a.lagBusinessDays[s].override ?? ""]),
    ) as Draft["lags"],
  };
}

const num = (v: number | string) => (typeof v === "number" ? v : null);

function SourceBadge({ value }: { value: Value }) {
  const { t } = useTranslation();
  const color = value.source === "override" ? "grape" : value.source === "historical" ? "blue" : "red";
  return (
    <Badge variant="light" color={color} size="sm">
      {t(`goals.assumptions.sources.${value.source}`)}
    </Badge>
  );
}

/** Every assumption beside its historical value; an empty input means "use history". */
export function AssumptionsEditor({ goal, canEdit }: { goal: Goal; canEdit: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftOf(goal));
  const a = goal.assumptions;
  const mutation = useMutation({
    mutationFn: () =>
      api.updateGoal(goal.id, {
        assumptions: {
          averageDealSize: num(draft.averageDealSize),
          conversionRates: Object.fromEntries(
            PLAN_STEP_ORDER.map((s) => [
              s,
              num(draft.rates[s]) === null ? null : (num(draft.rates[s]) as number) / 100,
            ]),
          ),
          lagBusinessDays: Object.fromEntries(PLAN_STEP_ORDER.map((s) => [s, num(draft.lags[s])])),
        },
        version: goal.version,
      }),
    onSuccess: (saved) => {
      queryClient.setQueryData(keys.goal(goal.id), saved);
      void queryClient.invalidateQueries({ queryKey: ["goals"] });
      setDraft(draftOf(saved));
      notifications.show({ color: "teal", message: t("goals.assumptions.saved") });
    },
  });
  const fieldErrors = mutation.error instanceof ApiError ? mutation.error.fieldErrors() : {};
  const rows: {
    key: string;
    label: string;
    value: Value;
    historical: string;
    effective: string;
    input: React.ReactNode;
  }[] = [
    {
      key: "averageDealSize",
      label: t("goals.assumptions.averageDealSize"),
      value: a.averageDealSize,
      historical: formatYen(a.averageDealSize.historical),
      effective: formatYen(a.averageDealSize.effective),
      input: (
        <YenInput
          aria-label={t("goals.assumptions.averageDealSize")}
          size="xs"
          min={1}
          value={draft.averageDealSize}
          onChange={(v) => setDraft((d) => ({ ...d, averageDealSize: v }))}
          placeholder={t("goals.assumptions.useHistory")}
          disabled={!canEdit}
          error={fieldErrors["assumptions.averageDealSize"]}
          w={170}
        />
      ),
    },
    ...PLAN_STEP_ORDER.map((step) => ({
      key: `rate-${step}`,
      label: t(`goals.assumptions.rate.${step}`),
      value: a.conversionRates[step],
      historical: formatRate(a.conversionRates[step].historical),
      effective: formatRate(a.conversionRates[step].effective),
      input: (
        <NumberInput
          aria-label={t(`goals.assumptions.rate.${step}`)}
          size="xs"
          suffix="%"
          decimalScale={2}
          allowNegative={false}
          min={0.01}
          max={100}
          value={draft.rates[step]}
          onChange={(v) => setDraft((d) => ({ ...d, rates: { ...d.rates, [step]: v } }))}
          placeholder={t("goals.assumptions.useHistory")}
          disabled={!canEdit}
          error={fieldErrors[`assumptions.conversionRates.${step}`]}
          w={170}
        />
      ),
    })),
    ...PLAN_STEP_ORDER.map((step) => ({
      key: `lag-${step}`,
      label: t(`goals.assumptions.lag.${step}`),
      value: a.lagBusinessDays[step],
      historical:
        a.lagBusinessDays[step].historical === null
          ? "—"
          : t("goals.assumptions.days", { days: formatCount(a.lagBusinessDays[step].historical) }),
      effective:
        a.lagBusinessDays[step].effective === null
          ? "—"
          : t("goals.assumptions.days", { days: formatCount(a.lagBusinessDays[step].effective) }),
      input: (
        <NumberInput
          aria-label={t(`goals.assumptions.lag.${step}`)}
          size="xs"
          suffix={t("goals.assumptions.daysSuffix")}
          decimalScale={1}
          allowNegative={false}
          min={0}
          max={1250}
          value={draft.lags[step]}
          onChange={(v) => setDraft((d) => ({ ...d, lags: { ...d.lags, [step]: v } }))}
          placeholder={t("goals.assumptions.useHistory")}
          disabled={!canEdit}
          error={fieldErrors[`assumptions.lagBusinessDays.${step}`]}
          w={170}
        />
      ),
    })),
  ];
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t("goals.assumptions.window", {
          from: formatDate(a.historicalWindow.from),
          to: formatDate(a.historicalWindow.to),
        })}
      </Text>
      <FormErrorAlert error={mutation.error} />
      <ScrollArea type="auto">
        <Table verticalSpacing={6} fz="sm" miw={720} data-testid="goal-assumptions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("goals.assumptions.item")}</Table.Th>
              <Table.Th ta="right">{t("goals.assumptions.historical")}</Table.Th>
              <Table.Th>{t("goals.assumptions.override")}</Table.Th>
              <Table.Th ta="right">{t("goals.assumptions.effective")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.key}>
                <Table.Td>{row.label}</Table.Td>
                <Table.Td ta="right">
                  <Text span size="sm" ff="monospace">
                    {row.historical}
                  </Text>
                  {row.value.sampleSize !== null && (
                    <Text span size="xs" c="dimmed" ml={6}>
                      {t("goals.assumptions.sample", { count: row.value.sampleSize })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{row.input}</Table.Td>
                <Table.Td ta="right">
                  <Group gap={6} justify="flex-end" wrap="nowrap">
                    <Text span size="sm" ff="monospace" fw={600}>
                      {row.effective}
                    </Text>
                    <SourceBadge value={row.value} />
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      {canEdit && (
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setDraft(draftOf(goal))} disabled={mutation.isPending}>
            {t("goals.assumptions.reset")}
          </Button>
          <Button onClick={() => mutation.mutate()} loading={mutation.isPending}>
            {t("goals.assumptions.save")}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
