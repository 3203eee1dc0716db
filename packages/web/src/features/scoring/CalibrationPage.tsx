import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Drawer,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Tooltip,
  UnstyledButton,
} from "@mantine/core";
import { IconArrowRight, IconInfoCircle, IconSend, IconUsers } from "@tabler/icons-react";
import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import dayjs from "dayjs";
import type { TFunction } from "i18next";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api, keys } from "../../api/endpoints.ts";
import type { CalibrationPeopleQuery, ScoringCalibration } from "../../api/types.ts";
import { StageBadge, TemperatureBadge } from "../../components/badges.tsx";
import { DateField } from "../../components/DateField.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { EmptyState, ErrorState } from "../../components/states.tsx";
import { TIME_ZONE, todayJst } from "../../lib/format.ts";
import { ruleLabel } from "../../lib/rule-label.ts";
import { useCan } from "../auth/session.tsx";
import type { EditorSeed } from "./ScoringModelEditorPage.tsx";
import { signedPoints } from "./shared.tsx";

const DecileChart = lazy(async () => ({ default: (await import("./DecileChart.tsx")).DecileChart }));

type Outcome = "reachedSql" | "reachedOpportunity" | "won" | "lost";
type Band = "high" | "middle" | "low";
type MatrixTemperature = "hot" | "warm" | "cold" | "none";
type DrillDown = Omit<CalibrationPeopleQuery, "from" | "to" | "cursor" | "limit">;

function monthsAgo(months: number): string {
  return dayjs.tz(todayJst(), TIME_ZONE).subtract(months, "month").format("YYYY-MM-DD");
}
const percent = (value: number | null, digits = 1) =>
  value === null ? "—" : `${(Math.round(value * 10 ** (digits + 2)) / 10 ** digits).toFixed(digits)}%`;
const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** Windows whose people have had time to get somewhere: entered 12→3, 18→6 or 24→3 months ago. */
const PRESETS: [number, number][] = [
  [12, 3],
  [18, 6],
  [24, 3],
];

/**
 * The score checked against what sales closed: conversion by decile, the score band × sales
 * temperature matrix, and every rule's points refitted to outcomes with the lift they would
 * bring. Every number opens the list of the people it counts.
 */
export function CalibrationPage() {
  const { t } = useTranslation();
  const [range, setRange] = useState<[string, string]>([monthsAgo(12), monthsAgo(3)]);
  const [from, to] = range;
  const complete = Boolean(from && to && from < to);
  const [drill, setDrill] = useState<{ title: string; query: DrillDown } | null>(null);
  const calibration = useQuery({
    queryKey: keys.scoringCalibration({ from, to }),
    queryFn: () => api.getScoringCalibration({ from, to }),
    enabled: complete,
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
  const c = calibration.data;

  return (
    <>
      <PageHeader
        crumbs={[{ label: t("nav.scoring"), to: "/scoring" }, { label: t("scoring.calibration.title") }]}
        title={t("scoring.calibration.title")}
        description={t("scoring.calibration.intro")}
      />
      <Paper withBorder radius="md" p="md" mb="md">
        <Text size="sm" fw={600} mb={2}>
          {t("scoring.calibration.range")}
        </Text>
        <Text size="xs" c="dimmed" mb="xs">
          {t("scoring.calibration.rangeHelp", { days: c?.asOfDays ?? 30 })}
        </Text>
        <Group gap="sm" align="flex-end" wrap="wrap">
          <DateField
            label={t("scoring.calibration.from")}
            value={from}
            onChange={(value) => setRange([value, to])}
            max={to || todayJst()}
            w={190}
            data-testid="calibration-from"
          />
          <Text pb={8} c="dimmed" aria-hidden>
            〜
          </Text>
          <DateField
            label={t("scoring.calibration.to")}
            value={to}
            onChange={(value) => setRange([from, value])}
            min={from || undefined}
            max={todayJst()}
            w={190}
            data-testid="calibration-to"
          />
          <Group gap={6} ml="md">
            {PRESETS.map(([a, b]) => (
              <Button
                key={`${a}-${b}`}
                size="xs"
                variant={from === monthsAgo(a) && to === monthsAgo(b) ? "light" : "default"}
                onClick={() => setRange([monthsAgo(a), monthsAgo(b)])}
              >
                {t("scoring.calibration.preset", { from: a, to: b })}
              </Button>
            ))}
          </Group>
        </Group>
      </Paper>
      {!complete ? (
        <Paper withBorder radius="md">
          <EmptyState compact title={t("scoring.calibration.rangeInvalid")} />
        </Paper>
      ) : calibration.isPending ? (
        <Stack aria-busy="true" aria-label={t("common.loading")}>
          <Skeleton h={90} radius="md" />
          <Skeleton h={360} radius="md" />
        </Stack>
      ) : calibration.isError ? (
        <ErrorState error={calibration.error} onRetry={() => calibration.refetch()} />
      ) : !c?.modelVersion ? (
        <Paper withBorder radius="md">
          <EmptyState compact title={t("scores.noModel")} description={t("scores.noModelBody")} />
        </Paper>
      ) : c.cohort === 0 ? (
        <Paper withBorder radius="md">
          <EmptyState compact icon={IconUsers} title={t("scoring.calibration.emptyCohort")} />
        </Paper>
      ) : (
        <Stack
          gap="md"
          style={{ opacity: calibration.isPlaceholderData ? 0.6 : 1 }}
          data-testid="calibration-result"
        >
          <Summary c={c} />
          <SectionCard title={t("scoring.calibration.decilesTitle")} testId="deciles">
            <Text size="xs" c="dimmed" mb="xs">
              {t("scoring.calibration.decilesHelp")}
            </Text>
            <Suspense fallback={<Skeleton h={320} />}>
              <DecileChart
                deciles={c.deciles}
                onSelect={(decile, outcome) =>
                  setDrill({
                    title: drillTitle(t, { decile, outcome: outcome ?? undefined }),
                    query: { decile, outcome: outcome ?? undefined },
                  })
                }
              />
            </Suspense>
            <DecileTable c={c} onDrill={(query) => setDrill({ title: drillTitle(t, query), query })} />
          </SectionCard>
          <AgreementMatrix c={c} onDrill={(query) => setDrill({ title: drillTitle(t, query), query })} />
          <Reweighting c={c} />
        </Stack>
      )}
      <PeopleDrawer drill={drill} range={{ from, to }} onClose={() => setDrill(null)} />
    </>
  );
}

function drillTitle(t: TFunction, q: DrillDown): string {
  const parts: string[] = [];
  if (q.decile) parts.push(t("scoring.calibration.decileLabel", { decile: q.decile }));
  if (q.band) parts.push(t(`scoring.band.${q.band}`));
  if (q.temperature)
    parts.push(
      q.temperature === "none" ? t("scoring.calibration.notRated") : t(`temperature.${q.temperature}`),
    );
  if (q.outcome) parts.push(t(`scoring.outcome.${q.outcome}`));
  return parts.length ? parts.join("・") : t("scoring.calibration.allPeople");
}

function Stat({
  label,
  value,
  hint,
  testId,
}: {
  label: string;
  value: string;
  hint?: string;
  testId?: string;
}) {
  return (
    <Paper withBorder radius="md" p="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} fz={22} style={{ fontVariantNumeric: "tabular-nums" }} data-testid={testId}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

function Summary({ c }: { c: ScoringCalibration }) {
  const { t } = useTranslation();
  const total = c.deciles.reduce(
    (n, d) => ({
      opp: n.opp + d.reachedOpportunity,
      won: n.won + d.won,
      lost: n.lost + d.lost,
    }),
    { opp: 0, won: 0, lost: 0 },
  );
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
      <Stat
        label={t("scoring.calibration.cohort")}
        value={t("scoring.calibration.peopleCount", {
          count: c.cohort,
          formatted: c.cohort.toLocaleString(),
        })}
        hint={
          c.sampled
            ? t("scoring.calibration.sampled")
            : t("scoring.calibration.modelUsed", { number: c.modelVersion?.number })
        }
        testId="calibration-cohort"
      />
      <Stat
        label={t("scoring.calibration.opportunityRate")}
        value={percent(share(total.opp, c.cohort))}
        hint={t("scoring.calibration.ofPeople", { count: total.opp, formatted: total.opp.toLocaleString() })}
      />
      <Stat
        label={t("scoring.calibration.winRate")}
        value={percent(share(total.won, total.won + total.lost))}
        hint={t("scoring.calibration.closedOnly", { won: total.won, lost: total.lost })}
      />
      <Stat
        label={t("scoring.calibration.aucCurrent")}
        value={c.current.auc === null ? "—" : c.current.auc.toFixed(2)}
        hint={t("scoring.calibration.aucHelp")}
        testId="calibration-auc"
      />
    </SimpleGrid>
  );
}

/** A count that opens the people it counts; a count only (rates have their own columns). */
function CountLink({ count, onClick, label }: { count: number; onClick: () => void; label: string }) {
  if (count === 0)
    return (
      <Text span size="sm" c="dimmed">
        0
      </Text>
    );
  return (
    <Anchor component="button" type="button" size="sm" onClick={onClick} aria-label={label}>
      {count.toLocaleString()}
    </Anchor>
  );
}

function DecileTable({ c, onDrill }: { c: ScoringCalibration; onDrill: (q: DrillDown) => void }) {
  const { t } = useTranslation();
  const outcomes: Outcome[] = ["reachedSql", "reachedOpportunity", "won", "lost"];
  return (
    <Table.ScrollContainer minWidth={760} mt="sm">
      <Table verticalSpacing={4} fz="sm" striped data-testid="decile-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("scoring.calibration.decile")}</Table.Th>
            <Table.Th>{t("scoring.calibration.scoreRange")}</Table.Th>
            <Table.Th ta="right">{t("scoring.calibration.people")}</Table.Th>
            {outcomes.map((o) => (
              <Table.Th key={o} ta="right">
                {t(`scoring.outcome.${o}`)}
              </Table.Th>
            ))}
            <Table.Th ta="right">{t("scoring.calibration.opportunityRate")}</Table.Th>
            <Table.Th ta="right">{t("scoring.calibration.winRate")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...c.deciles].reverse().map((d) => (
            <Table.Tr key={d.decile}>
              <Table.Td fw={600}>{t("scoring.calibration.decileLabel", { decile: d.decile })}</Table.Td>
              <Table.Td>{d.minTotal === d.maxTotal ? d.minTotal : `${d.minTotal}–${d.maxTotal}`}</Table.Td>
              <Table.Td ta="right">
                <CountLink
                  count={d.people}
                  onClick={() => onDrill({ decile: d.decile })}
                  label={t("scoring.calibration.listPeople", {
                    what: t("scoring.calibration.decileLabel", { decile: d.decile }),
                  })}
                />
              </Table.Td>
              {outcomes.map((o) => (
                <Table.Td key={o} ta="right">
                  <CountLink
                    count={d[o]}
                    onClick={() => onDrill({ decile: d.decile, outcome: o })}
                    label={t("scoring.calibration.listPeople", {
                      what: `${t("scoring.calibration.decileLabel", { decile: d.decile })} ${t(`scoring.outcome.${o}`)}`,
                    })}
                  />
                </Table.Td>
              ))}
              <Table.Td ta="right">{percent(share(d.reachedOpportunity, d.people))}</Table.Td>
              <Table.Td ta="right">{percent(d.winRate)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

const BANDS: Band[] = ["high", "middle", "low"];
const MATRIX_TEMPERATURES: MatrixTemperature[] = ["hot", "warm", "cold", "none"];

function AgreementMatrix({ c, onDrill }: { c: ScoringCalibration; onDrill: (q: DrillDown) => void }) {
  const { t } = useTranslation();
  const cell = (band: Band, temperature: MatrixTemperature) =>
    c.agreement.find((a) => a.band === band && a.temperature === temperature)!;
  const maxRate = Math.max(
    0.0001,
    ...c.agreement.filter((a) => a.people >= 5).map((a) => a.reachedOpportunity / a.people),
  );
  return (
    <SectionCard title={t("scoring.calibration.matrixTitle")} testId="agreement-matrix">
      <Text size="xs" c="dimmed" mb="sm">
        {t("scoring.calibration.matrixHelp")}
      </Text>
      <Table.ScrollContainer minWidth={760}>
        <Table withTableBorder withColumnBorders verticalSpacing="xs" fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={170}>{t("scoring.calibration.bandHeader")}</Table.Th>
              {MATRIX_TEMPERATURES.map((temperature) => (
                <Table.Th key={temperature}>
                  {temperature === "none" ? (
                    t("scoring.calibration.notRated")
                  ) : (
                    <TemperatureBadge temperature={temperature} />
                  )}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {BANDS.map((band) => {
              const info = c.bands.find((b) => b.band === band);
              return (
                <Table.Tr key={band}>
                  <Table.Td>
                    <Text size="sm" fw={700}>
                      {t(`scoring.band.${band}`)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t(`scoring.bandDeciles.${band}`)}
                      {info?.minTotal !== null && info?.minTotal !== undefined
                        ? `・${info.minTotal}–${info.maxTotal}${t("scoring.pointsSuffix")}`
                        : ""}
                    </Text>
                  </Table.Td>
                  {MATRIX_TEMPERATURES.map((temperature) => {
                    const a = cell(band, temperature);
                    const rate = share(a.reachedOpportunity, a.people);
                    const shade = a.people >= 5 && rate !== null ? rate / maxRate : 0;
                    return (
                      <Table.Td
                        key={temperature}
                        style={{
                          background:
                            shade > 0 ? `rgba(121, 80, 242, ${(0.06 + shade * 0.3).toFixed(2)})` : undefined,
                        }}
                        data-testid={`matrix-${band}-${temperature}`}
                      >
                        {a.people === 0 ? (
                          <Text size="sm" c="dimmed">
                            —
                          </Text>
                        ) : (
                          <Stack gap={0}>
                            <UnstyledButton
                              onClick={() => onDrill({ band, temperature })}
                              aria-label={t("scoring.calibration.listPeople", {
                                what: `${t(`scoring.band.${band}`)} × ${temperature === "none" ? t("scoring.calibration.notRated") : t(`temperature.${temperature}`)}`,
                              })}
                            >
                              <Text size="sm" fw={700} c="ai.8" td="underline">
                                {t("scoring.calibration.peopleCount", {
                                  count: a.people,
                                  formatted: a.people.toLocaleString(),
                                })}
                              </Text>
                            </UnstyledButton>
                            <Text size="xs">
                              {t("scoring.calibration.cellOpportunity", {
                                count: a.reachedOpportunity,
                                rate: percent(rate),
                              })}
                            </Text>
                            <Text size="xs" c="dimmed">
                              {t("scoring.calibration.cellClosed", {
                                won: a.won,
                                lost: a.lost,
                                rate: percent(a.winRate, 0),
                              })}
                            </Text>
                          </Stack>
                        )}
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </SectionCard>
  );
}

function Lift({
  label,
  current,
  suggested,
  format,
  testId,
}: {
  label: string;
  current: number | null;
  suggested: number | null;
  format: (v: number | null) => string;
  testId?: string;
}) {
  const better = current !== null && suggested !== null && suggested > current;
  return (
    <Paper withBorder radius="md" p="sm" data-testid={testId}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Group gap={6} align="baseline" wrap="nowrap">
        <Text fw={600} fz={18} c="dimmed" style={{ fontVariantNumeric: "tabular-nums" }}>
          {format(current)}
        </Text>
        <IconArrowRight size={14} aria-hidden />
        <Text
          fw={700}
          fz={22}
          c={better ? "teal.8" : undefined}
          style={{ fontVariantNumeric: "tabular-nums" }}
        >
          {format(suggested)}
        </Text>
      </Group>
    </Paper>
  );
}

function Reweighting({ c }: { c: ScoringCalibration }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const canWrite = useCan("definitions.write");
  const r = c.rules;
  if (!r || !c.suggestedConfig)
    return (
      <SectionCard title={t("scoring.calibration.reweightTitle")}>
        <EmptyState compact title={t("scoring.calibration.noSuggestion")} />
      </SectionCard>
    );
  const rows = [
    ...r.fit.map((x) => ({ ...x, part: "fit" as const })),
    ...r.engagement.map((x) => ({ ...x, part: "engagement" as const })),
  ];
  const gaps = rows
    .filter((x) => x.evidence && x.suggestedPoints !== x.currentPoints)
    .sort(
      (a, b) => Math.abs(b.suggestedPoints - b.currentPoints) - Math.abs(a.suggestedPoints - a.currentPoints),
    )
    .slice(0, 3);
  const propose = () => {
    const seed: EditorSeed = {
      config: c.suggestedConfig!,
      changeNote: t("scoring.calibration.changeNote", {
        from: c.from,
        to: c.to,
        number: c.modelVersion?.number,
        current: c.current.auc?.toFixed(2) ?? "—",
        suggested: c.rules?.suggested.auc?.toFixed(2) ?? "—",
        evaluation: t(`scoring.calibration.evaluation.${r.evaluation}`, {
          count: r.evaluatedPeople,
          formatted: r.evaluatedPeople.toLocaleString(),
        }),
      }),
    };
    navigate("/scoring/edit", { state: { seed } });
  };
  return (
    <SectionCard
      title={t("scoring.calibration.reweightTitle")}
      testId="reweighting"
      actions={
        canWrite && (
          <Button leftSection={<IconSend size={16} />} onClick={propose} data-testid="propose-suggestion">
            {t("scoring.calibration.proposeSuggestion")}
          </Button>
        )
      }
    >
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t("scoring.calibration.reweightIntro")}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <Lift
            label={t("scoring.calibration.aucLift")}
            current={c.current.auc}
            suggested={r.suggested.auc}
            format={(v) => (v === null ? "—" : v.toFixed(2))}
            testId="lift-auc"
          />
          <Lift
            label={t("scoring.calibration.topConversion", { share: Math.round(r.topShare * 100) })}
            current={r.current.topConversion}
            suggested={r.suggested.topConversion}
            format={(v) => percent(v)}
            testId="lift-top"
          />
          <Lift
            label={t("scoring.calibration.topWon", { share: Math.round(r.topShare * 100) })}
            current={r.current.topWon}
            suggested={r.suggested.topWon}
            format={(v) => percent(v)}
          />
        </SimpleGrid>
        <Alert variant="light" color="gray" icon={<IconInfoCircle size={18} />} p="xs">
          <Text size="xs">
            {t(`scoring.calibration.evaluationNote.${r.evaluation}`, {
              train: r.trainPeople.toLocaleString(),
              evaluated: r.evaluatedPeople.toLocaleString(),
              converted: r.evaluatedConverted.toLocaleString(),
            })}
          </Text>
        </Alert>
        {gaps.length > 0 && (
          <Box data-testid="calibration-gaps">
            <Text size="sm" fw={700} mb={4}>
              {t("scoring.calibration.gapsTitle")}
            </Text>
            <Stack gap={2}>
              {gaps.map((g) => (
                <Text key={`${g.part}-${g.index}`} size="sm">
                  {t(`scoring.calibration.gap.${g.part}`, {
                    label: ruleLabel(g, i18n.language),
                    current: signedPoints(g.currentPoints),
                    suggested: signedPoints(g.suggestedPoints),
                    odds: Math.exp(g.coefficient).toFixed(2),
                  })}
                </Text>
              ))}
            </Stack>
          </Box>
        )}
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing={4} fz="sm" withTableBorder data-testid="rule-coefficients">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("scoring.rule.label")}</Table.Th>
                <Table.Th>{t("scoring.calibration.part")}</Table.Th>
                <Table.Th ta="right">
                  <Tooltip label={t("scoring.calibration.firedShareHelp")} multiline w={260}>
                    <span>{t("scoring.calibration.firedShare")}</span>
                  </Tooltip>
                </Table.Th>
                <Table.Th ta="right">
                  <Tooltip label={t("scoring.calibration.activitiesPerPersonHelp")} multiline w={260}>
                    <span>{t("scoring.calibration.activitiesPerPerson")}</span>
                  </Tooltip>
                </Table.Th>
                <Table.Th ta="right">
                  <Tooltip label={t("scoring.calibration.coefficientHelp")} multiline w={280}>
                    <span>{t("scoring.calibration.coefficient")}</span>
                  </Tooltip>
                </Table.Th>
                <Table.Th ta="right">{t("scoring.calibration.oddsRatio")}</Table.Th>
                <Table.Th ta="right">{t("scoring.calibration.currentPoints")}</Table.Th>
                <Table.Th ta="right">{t("scoring.calibration.suggestedPoints")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((x) => (
                <Table.Tr key={`${x.part}-${x.index}`}>
                  <Table.Td>{ruleLabel(x, i18n.language)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={x.part === "fit" ? "blue" : "grape"} radius="sm" tt="none">
                      {t(`scores.${x.part}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right">{x.part === "fit" ? percent(x.exposure, 0) : "—"}</Table.Td>
                  <Table.Td ta="right">{x.part === "engagement" ? x.exposure.toFixed(2) : "—"}</Table.Td>
                  <Table.Td ta="right" style={{ fontVariantNumeric: "tabular-nums" }}>
                    {x.evidence ? x.coefficient.toFixed(2) : "—"}
                  </Table.Td>
                  <Table.Td ta="right" style={{ fontVariantNumeric: "tabular-nums" }}>
                    {x.evidence ? `×${Math.exp(x.coefficient).toFixed(2)}` : "—"}
                  </Table.Td>
                  <Table.Td ta="right">{signedPoints(x.currentPoints)}</Table.Td>
                  <Table.Td ta="right">
                    {x.evidence ? (
                      <Text
                        span
                        size="sm"
                        fw={700}
                        c={
                          x.suggestedPoints > x.currentPoints
                            ? "teal.8"
                            : x.suggestedPoints < x.currentPoints
                              ? "red.8"
                              : undefined
                        }
                      >
                        {signedPoints(x.suggestedPoints)}
                      </Text>
                    ) : (
                      <Tooltip label={t("scoring.calibration.noEvidence")}>
                        <Text span size="sm" c="dimmed">
                          {signedPoints(x.suggestedPoints)}
                        </Text>
                      </Tooltip>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Text size="xs" c="dimmed">
          {t("scoring.calibration.scaleNote", { scale: r.scale.toFixed(1) })}
          {c.regression &&
            c.suggested &&
            ` ${t("scoring.calibration.partWeights", {
              fit: c.suggested.weights.fit,
              engagement: c.suggested.weights.engagement,
              auc: c.suggested.auc?.toFixed(2) ?? "—",
            })}`}
        </Text>
      </Stack>
    </SectionCard>
  );
}

const PAGE = 50;

/** The people behind one number, highest score first, each linking to their page. */
function PeopleDrawer({
  drill,
  range,
  onClose,
}: {
  drill: { title: string; query: DrillDown } | null;
  range: { from: string; to: string };
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const query = { ...range, ...(drill?.query ?? {}), limit: PAGE };
  const people = useInfiniteQuery({
    queryKey: keys.calibrationPeople(query),
    queryFn: ({ pageParam }) => api.listCalibrationPeople({ ...query, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: drill !== null,
    staleTime: 5 * 60_000,
  });
  const items = people.data?.pages.flatMap((p) => p.items) ?? [];
  const matched = people.data?.pages[0]?.matched ?? 0;
  return (
    <Drawer
      opened={drill !== null}
      onClose={onClose}
      position="right"
      size="xl"
      title={
        <Stack gap={0}>
          <Text fw={700}>{drill?.title}</Text>
          <Text size="xs" c="dimmed">
            {t("scoring.calibration.drawerHelp", { from: range.from, to: range.to })}
          </Text>
        </Stack>
      }
    >
      <QueryState
        query={people}
        loading={<Skeleton h={300} />}
        isEmpty={() => items.length === 0}
        empty={<EmptyState compact title={t("scoring.calibration.drawerEmpty")} />}
      >
        {() => (
          <Stack gap="sm" data-testid="calibration-people">
            <Text size="sm" data-testid="calibration-people-count">
              {t("scoring.calibration.matched", { count: matched, formatted: matched.toLocaleString() })}
            </Text>
            <Table verticalSpacing={4} fz="sm" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("people.columns.name")}</Table.Th>
                  <Table.Th>{t("people.columns.stage")}</Table.Th>
                  <Table.Th>{t("people.columns.temperature")}</Table.Th>
                  <Table.Th ta="right">
                    <Tooltip label={t("scoring.calibration.scoreAtEntryHelp")} multiline w={240}>
                      <span>{t("scoring.calibration.scoreAtEntry")}</span>
                    </Tooltip>
                  </Table.Th>
                  <Table.Th>{t("scoring.calibration.outcomeHeader")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((p) => (
                  <Table.Tr key={p.person.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/people/${p.person.id}`} size="sm" fw={600}>
                        {p.person.name}
                      </Anchor>
                      {p.person.companyName && (
                        <Text size="xs" c="dimmed">
                          {p.person.companyName}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <StageBadge stage={p.person.stage} size="sm" />
                    </Table.Td>
                    <Table.Td>
                      <TemperatureBadge temperature={p.person.temperature} />
                    </Table.Td>
                    <Table.Td ta="right" style={{ fontVariantNumeric: "tabular-nums" }}>
                      <Text span size="sm" fw={700}>
                        {p.total}
                      </Text>
                      <Text span size="xs" c="dimmed" ml={4}>
                        ({p.fit}/{p.engagement})
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {(["reachedSql", "reachedOpportunity", "won", "lost"] as const)
                          .filter((o) => p[o])
                          .map((o) => (
                            <Badge
                              key={o}
                              size="xs"
                              radius="sm"
                              tt="none"
                              variant="light"
                              color={o === "won" ? "teal" : o === "lost" ? "red" : "ai"}
                            >
                              {t(`scoring.outcome.${o}`)}
                            </Badge>
                          ))}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {people.hasNextPage && (
              <Button
                variant="default"
                onClick={() => people.fetchNextPage()}
                loading={people.isFetchingNextPage}
              >
                {t("scoring.calibration.more")}
              </Button>
            )}
          </Stack>
        )}
      </QueryState>
    </Drawer>
  );
}
