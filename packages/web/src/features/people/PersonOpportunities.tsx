import { Skeleton } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, keys } from "../../api/endpoints.ts";
import { QueryState } from "../../components/QueryState.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { EmptyState } from "../../components/states.tsx";
import { OpportunityRows } from "../opportunities/OpportunityRows.tsx";

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
        {(data) => <OpportunityRows items={data.items} />}
      </QueryState>
    </SectionCard>
  );
}
