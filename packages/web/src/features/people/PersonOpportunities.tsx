import { Anchor, Group, Skeleton, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, keys } from "../../api/endpoints.ts";
import { OpportunityStageBadge } from "../../components/badges.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { EmptyState } from "../../components/states.tsx";
import { formatDate, formatYen } from "../../lib/format.ts";

export function PersonOpportunities({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const query = { personId, limit: 20, sort: "updatedAt" as const, order: "desc" as const };
  const result = useQuery({
    queryKey: keys.opportunitiesList(query),
    queryFn: () => api.listOpportunities(query),
  });
  return (
    <SectionCard title={t("opportunities.title")}>
      <QueryState
        query={result}
        loading={<Skeleton h={40} />}
        isEmpty={(data) => data.items.length === 0}
        empty={<EmptyState compact title={t("opportunities.noneForPerson")} />}
      >
        {(data) => (
          <Stack gap="xs">
            {data.items.map((o) => (
              <Group key={o.id} justify="space-between" wrap="nowrap">
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Anchor component={Link} to={`/opportunities/${o.id}`} size="sm" fw={600} truncate>
                    {o.name}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {t("opportunities.expectedCloseOn", { date: formatDate(o.expectedCloseDate) })}
                  </Text>
                </Stack>
                <Group gap="sm" wrap="nowrap">
                  <Text size="sm" fw={600}>
                    {formatYen(o.amount)}
                  </Text>
                  <OpportunityStageBadge stage={o.stage} outcome={o.outcome} />
                </Group>
              </Group>
            ))}
          </Stack>
        )}
      </QueryState>
    </SectionCard>
  );
}
