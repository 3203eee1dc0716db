import { Stack } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { api, keys } from "../../api/endpoints.ts";
import type { Handoff } from "../../api/types.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { PageQueryState, PageSkeleton } from "../../components/QueryState.tsx";
import { AcceptDialog, RejectDialog } from "./DecisionDialogs.tsx";
import { HandoffCard } from "./HandoffCard.tsx";

/** One handoff (where a notification leads): the same card as in the inbox, with its decision. */
export function HandoffPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const result = useQuery({
    queryKey: keys.handoff(id),
    queryFn: () => api.getHandoff(id),
    refetchInterval: 60_000,
  });
  const [accepting, setAccepting] = useState<Handoff | null>(null);
  const [rejecting, setRejecting] = useState<Handoff | null>(null);
  const crumbs = [{ label: t("nav.relay"), to: "/handoffs" }];
  return (
    <PageQueryState
      query={result}
      header={{ title: t("relay.handoff"), crumbs }}
      loading={<PageSkeleton height={220} />}
    >
      {(h) => (
        <>
          <PageHeader
            title={t("relay.handoffOf", { name: h.person.name })}
            crumbs={[...crumbs, { label: h.person.name }]}
          />
          <Stack maw={960}>
            <HandoffCard handoff={h} onAccept={setAccepting} onReject={setRejecting} />
          </Stack>
          <AcceptDialog handoff={accepting} onClose={() => setAccepting(null)} />
          <RejectDialog handoff={rejecting} onClose={() => setRejecting(null)} />
        </>
      )}
    </PageQueryState>
  );
}
