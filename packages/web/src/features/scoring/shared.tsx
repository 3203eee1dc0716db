import { Badge, Code, Group, Stack, Table, Text } from "@mantine/core";
import { IconArrowRight } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { ScoringModelConfig } from "../../api/types.ts";
import { activityWordLabel, ruleLabel } from "../../lib/rule-label.ts";

/** `+20`, `−6` (a real minus sign), `±0`. */
export function signedPoints(points: number): string {
  if (points > 0) return `+${points}`;
  if (points < 0) return `−${Math.abs(points)}`;
  return "±0";
}

function PointsCell({ points, before }: { points: number; before?: number }) {
  const changed = before !== undefined && before !== points;
  return (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      {changed && (
        <>
          <Text span size="sm" c="dimmed" td="line-through" style={{ fontVariantNumeric: "tabular-nums" }}>
            {signedPoints(before)}
          </Text>
          <IconArrowRight size={12} color="var(--mantine-color-gray-6)" aria-hidden />
        </>
      )}
      <Text
        span
        size="sm"
        fw={700}
        c={points > 0 ? "teal.8" : points < 0 ? "red.8" : "dimmed"}
        bg={changed ? "yellow.1" : undefined}
        px={changed ? 4 : 0}
        style={{ fontVariantNumeric: "tabular-nums", borderRadius: 4 }}
      >
        {signedPoints(points)}
      </Text>
    </Group>
  );
}

/**
 * A model's rules as two tables (fit: condition and points; engagement: activities, points and
 * the per-day cap), then half-life and weights. With `before`, changed numbers show old → new.
 */
export function ModelRules({ config, before }: { config: ScoringModelConfig; before?: ScoringModelConfig }) {
  const { t, i18n } = useTranslation();
  const sameFit = (i: number) =>
    before?.fitRules[i] && before.fitRules[i].condition === config.fitRules[i]?.condition
      ? before.fitRules[i]
      : undefined;
  const sameEngagement = (i: number) =>
    before?.engagementRules[i] && before.engagementRules[i].label === config.engagementRules[i]?.label
      ? before.engagementRules[i]
      : undefined;
  return (
    <Stack gap="md">
      <div>
        <Text size="sm" fw={700} mb={4}>
          {t("scoring.fitRules")}
        </Text>
        <Table withTableBorder verticalSpacing={6} fz="sm" data-testid="fit-rules">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="26%">{t("scoring.rule.label")}</Table.Th>
              <Table.Th>{t("scoring.rule.condition")}</Table.Th>
              <Table.Th w={120} ta="right">
                {t("scoring.rule.points")}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {config.fitRules.map((rule, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rules are positional
              <Table.Tr key={i}>
                <Table.Td>{ruleLabel(rule, i18n.language)}</Table.Td>
                <Table.Td>
                  <Code
                    className="tasuki-expression"
                    style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}
                  >
                    {rule.condition}
                  </Code>
                </Table.Td>
                <Table.Td>
                  <PointsCell points={rule.points} before={sameFit(i)?.points} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      <div>
        <Text size="sm" fw={700} mb={4}>
          {t("scoring.engagementRules")}
        </Text>
        <Table withTableBorder verticalSpacing={6} fz="sm" data-testid="engagement-rules">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="26%">{t("scoring.rule.label")}</Table.Th>
              <Table.Th>{t("scoring.rule.activities")}</Table.Th>
              <Table.Th w={120} ta="right">
                {t("scoring.rule.maxPerDay")}
              </Table.Th>
              <Table.Th w={120} ta="right">
                {t("scoring.rule.points")}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {config.engagementRules.map((rule, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rules are positional
              <Table.Tr key={i}>
                <Table.Td>{ruleLabel(rule, i18n.language)}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {rule.activities.map((a) => (
                      <Badge key={a} variant="light" color="gray" radius="sm" tt="none">
                        {activityWordLabel(a, t, i18n.language)}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td ta="right">{t("scoring.perDay", { count: rule.maxPerDay })}</Table.Td>
                <Table.Td>
                  <PointsCell points={rule.points} before={sameEngagement(i)?.points} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      <Group gap="xl">
        <Text size="sm">
          <Text span c="dimmed" size="sm">
            {t("scoring.labelColon", { label: t("scoring.halfLife") })}
          </Text>
          {t("scoring.days", { count: config.halfLifeDays })}
          {before && before.halfLifeDays !== config.halfLifeDays && (
            <Text span size="xs" c="dimmed" ml={4}>
              {t("scoring.was", { value: t("scoring.days", { count: before.halfLifeDays }) })}
            </Text>
          )}
        </Text>
        <Text size="sm">
          <Text span c="dimmed" size="sm">
            {t("scoring.labelColon", { label: t("scoring.weights") })}
          </Text>
          {t("scoring.weightsValue", { fit: config.weights.fit, engagement: config.weights.engagement })}
          {before &&
            (before.weights.fit !== config.weights.fit ||
              before.weights.engagement !== config.weights.engagement) && (
              <Text span size="xs" c="dimmed" ml={4}>
                {t("scoring.was", {
                  value: t("scoring.weightsValue", {
                    fit: before.weights.fit,
                    engagement: before.weights.engagement,
                  }),
                })}
              </Text>
            )}
        </Text>
      </Group>
      <Text size="xs" c="dimmed">
        {t("scoring.scaleNote")}
      </Text>
    </Stack>
  );
}
