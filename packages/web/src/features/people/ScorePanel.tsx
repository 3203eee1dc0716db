import { Box, Divider, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Tooltip } from "@mantine/core";
import { IconChartLine } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, keys } from "../../api/endpoints.ts";
import type { ScoreHistory, ScoreLine } from "../../api/types.ts";
import { QueryState } from "../../components/QueryState.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { EmptyState } from "../../components/states.tsx";
import { formatAgeDays, formatAgeRange } from "../../lib/duration.ts";
import { formatDateTime } from "../../lib/format.ts";
import { ruleLabel } from "../../lib/rule-label.ts";
import { type GroupedLine, groupScoreLines } from "../../lib/score-lines.ts";
import { sparklinePath } from "../../lib/sparkline.ts";

/** `+20`, `−6` (a real minus sign), `±0`. */
function signed(points: number): string {
  if (points > 0) return `+${points}`;
  if (points < 0) return `−${Math.abs(points)}`;
  return "±0";
}

/**
 * The person's score: fit (who they are), engagement (what they did, decaying with time) and
 * the total, each explained line by line so anyone can check why; a sparkline of the total.
 */
export function ScorePanel({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const score = useQuery({
    queryKey: keys.personScore(personId),
    queryFn: () => api.getPersonScore(personId),
  });
  const history = useQuery({
    queryKey: keys.scoreHistory(personId),
    queryFn: () => api.getScoreHistory(personId),
  });

  return (
    <SectionCard title={t("scores.title")} testId="score-panel">
      <QueryState
        query={score}
        loading={<Skeleton h={140} />}
        isEmpty={(data) => data.computedAt === null}
        empty={(data) => (
          <EmptyState
            compact
            icon={IconChartLine}
            title={data.modelVersion ? t("scores.notYet") : t("scores.noModel")}
            description={data.modelVersion ? undefined : t("scores.noModelBody")}
          />
        )}
      >
        {(data) => (
          <Stack gap="sm">
            <SimpleGrid cols={3} spacing="xs">
              <ScoreNumber label={t("scores.total")} value={data.total} strong testId="score-total" />
              <ScoreNumber label={t("scores.fit")} value={data.fit} />
              <ScoreNumber label={t("scores.engagement")} value={data.engagement} />
            </SimpleGrid>
            <HistorySparkline history={history.data} pending={history.isPending} failed={history.isError} />
            <Divider />
            <Explanation lines={data.explanation} />
            <Text size="xs" c="dimmed">
              {t("scores.computed", {
                number: data.modelVersion?.number ?? "—",
                at: formatDateTime(data.computedAt),
              })}
            </Text>
          </Stack>
        )}
      </QueryState>
    </SectionCard>
  );
}

function ScoreNumber({
  label,
  value,
  strong = false,
  testId,
}: {
  label: string;
  value: number;
  strong?: boolean;
  testId?: string;
}) {
  return (
    <Paper bg={strong ? "ai.0" : "gray.0"} radius="md" p="xs" ta="center">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text
        fw={700}
        fz={strong ? 26 : 20}
        lh={1.2}
        c={strong ? "ai.9" : undefined}
        style={{ fontVariantNumeric: "tabular-nums" }}
        data-testid={testId}
      >
        {value}
      </Text>
    </Paper>
  );
}

function Explanation({ lines }: { lines: ScoreLine[] }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === "en" ? "en" : "ja";
  const parts = (["fit", "engagement"] as const).map((part) => ({
    part,
    lines: groupScoreLines(lines.filter((l) => l.part === part)),
  }));
  const labelOf = (line: GroupedLine) =>
    line.kind === "decay"
      ? t("scores.decay")
      : line.kind === "cap"
        ? t("scores.cap")
        : ruleLabel(line, i18n.language);
  return (
    <Stack gap="xs" data-testid="score-explanation">
      {parts.map(({ part, lines: partLines }) => (
        <Box key={part}>
          <Text size="xs" fw={700} c="dimmed" mb={2}>
            {t(`scores.${part}Lines`)}
          </Text>
          {partLines.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t("scores.noLines")}
            </Text>
          ) : (
            <Stack gap={2}>
              {partLines.map((line, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: lines repeat (one per activity) and have no id
                <Group key={i} gap="sm" wrap="nowrap" align="baseline" data-testid="score-line">
                  <Text
                    size="sm"
                    fw={700}
                    w={44}
                    ta="right"
                    c={line.points > 0 ? "teal.8" : line.points < 0 ? "red.8" : "dimmed"}
                    style={{ fontVariantNumeric: "tabular-nums", flexShrink: 0 }}
                  >
                    {signed(line.points)}
                  </Text>
                  <Text size="sm" style={{ minWidth: 0 }}>
                    {labelOf(line)}
                    {line.count > 1 && (
                      <Text span size="xs" fw={600} ml={4}>
                        {t("scores.times", { count: line.count })}
                      </Text>
                    )}
                    {line.ages && (
                      <Text span size="xs" c="dimmed" ml={4}>
                        {t("scores.age", {
                          age:
                            line.ages[0] === line.ages[1]
                              ? formatAgeDays(line.ages[0], locale)
                              : formatAgeRange(line.ages[0], line.ages[1], locale),
                        })}
                      </Text>
                    )}
                  </Text>
                </Group>
              ))}
            </Stack>
          )}
        </Box>
      ))}
    </Stack>
  );
}

const WIDTH = 240;
const HEIGHT = 36;

function HistorySparkline({
  history,
  pending,
  failed,
}: {
  history: ScoreHistory | undefined;
  pending: boolean;
  failed: boolean;
}) {
  const { t } = useTranslation();
  if (pending) return <Skeleton h={HEIGHT} />;
  if (failed || !history) return null;
  // The API lists newest first; the line reads left (old) to right (now).
  const points = [...history.items].reverse();
  if (points.length === 0)
    return (
      <Text size="xs" c="dimmed">
        {t("scores.historyShort")}
      </Text>
    );
  // One row: the first scoring. Say when and what, not "no history".
  if (points.length === 1)
    return (
      <Text size="xs" c="dimmed" data-testid="score-history-once">
        {t("scores.historyOnce", { total: points[0]!.total, at: formatDateTime(points[0]!.at) })}
      </Text>
    );
  const totals = points.map((p) => p.total);
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const label = t("scores.historyLabel", {
    count: points.length,
    from: first.total,
    to: last.total,
    since: formatDateTime(first.at),
  });
  return (
    <Tooltip label={label} withinPortal multiline w={260}>
      <Group gap="sm" wrap="nowrap" tabIndex={0} aria-label={label} data-testid="score-sparkline">
        <svg width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-hidden>
          <path
            d={sparklinePath(totals, WIDTH, HEIGHT, 3)}
            fill="none"
            stroke="var(--mantine-color-ai-6)"
            strokeWidth={2}
            strokeLinejoin="round"
            strokeLinecap="round"
          />
        </svg>
        <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
          {t("scores.historyRange", { min: Math.min(...totals), max: Math.max(...totals) })}
        </Text>
      </Group>
    </Tooltip>
  );
}
