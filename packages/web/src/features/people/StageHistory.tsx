import { Group, Skeleton, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, keys } from "../../api/endpoints.ts";
import { StageBadge } from "../../components/badges.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { EmptyState } from "../../components/states.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { PAGE_SIZE_MAX } from "../../lib/limits.ts";
import { isStage } from "./options.ts";

/** Stage changes from the person's timeline (its newest 200 entries), newest first. */
export function StageHistory({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const history = useQuery({
    queryKey: [...keys.timeline(personId), "stages"],
    queryFn: () => api.getPersonTimeline(personId, { limit: PAGE_SIZE_MAX }),
    select: (page) => page.items.filter((e) => e.kind === "stage_change" && e.stageChange),
  });
  return (
    <SectionCard title={t("people.stageHistory")} testId="stage-history">
      <QueryState
        query={history}
        loading={<Skeleton h={80} />}
        isEmpty={(data) => data.length === 0}
        empty={<EmptyState compact title={t("people.noStageHistory")} />}
      >
        {(data) => (
          <Stack gap="sm">
            {data.map((entry) => {
              const change = entry.stageChange!;
              return (
                <Stack key={entry.id} gap={2}>
                  <Group gap={6}>
                    {change.from && isStage(change.from) && <StageBadge stage={change.from} size="sm" />}
                    {change.from && (
                      <Text size="xs" c="dimmed">
                        →
                      </Text>
                    )}
                    {isStage(change.to) && <StageBadge stage={change.to} size="sm" />}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {formatDateTime(entry.at)}
                    {change.changedBy ? `・${change.changedBy.name}` : ""}
                  </Text>
                  {change.reason && <Text size="sm">{change.reason}</Text>}
                </Stack>
              );
            })}
          </Stack>
        )}
      </QueryState>
    </SectionCard>
  );
}
