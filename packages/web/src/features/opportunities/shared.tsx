import { Button, Group, SegmentedControl } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconLayoutKanban, IconList, IconPlus } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { OPPORTUNITY_STAGES } from "@tasuki/domain";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { ApiError } from "../../api/client.ts";
import { api, keys } from "../../api/endpoints.ts";
import type { Opportunity } from "../../api/types.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useCan } from "../auth/session.tsx";

export type OpportunityStage = (typeof OPPORTUNITY_STAGES)[number];

/** Header shared by the board and the list, with the switch between them. */
export function OpportunitiesHeader({ view }: { view: "board" | "list" }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canCreate = useCan("opportunities.write");
  return (
    <PageHeader
      title={t("opportunities.title")}
      description={t("opportunities.description")}
      actions={
        <Group gap="sm">
          <SegmentedControl
            aria-label={t("opportunities.view")}
            value={view}
            onChange={(v) => navigate(v === "board" ? "/opportunities" : "/opportunities/list")}
            data={[
              {
                value: "board",
                label: (
                  <Group gap={6} wrap="nowrap">
                    <IconLayoutKanban size={16} />
                    {t("opportunities.board")}
                  </Group>
                ),
              },
              {
                value: "list",
                label: (
                  <Group gap={6} wrap="nowrap">
                    <IconList size={16} />
                    {t("opportunities.list")}
                  </Group>
                ),
              },
            ]}
          />
          {canCreate && (
            <Button component={Link} to="/opportunities/new" leftSection={<IconPlus size={16} />}>
              {t("opportunities.new")}
            </Button>
          )}
        </Group>
      }
    />
  );
}

/** Moves an open deal to another stage (board drag, card menu, detail page). */
export function useMoveOpportunity() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ opportunity, stage }: { opportunity: Opportunity; stage: OpportunityStage }) =>
      api.updateOpportunity(opportunity.id, { stage, version: opportunity.version }),
    onSuccess: (updated) => {
      queryClient.setQueryData(keys.opportunity(updated.id), updated);
      void queryClient.invalidateQueries({ queryKey: keys.opportunities });
      notifications.show({
        color: "teal",
        message: t("opportunities.moved", {
          name: updated.name,
          stage: t(`opportunityStage.${updated.stage}`),
        }),
      });
    },
    onError: (error) => {
      void queryClient.invalidateQueries({ queryKey: keys.opportunities });
      notifications.show({
        color: "red",
        title: t("opportunities.moveFailed"),
        message: error instanceof ApiError ? error.message : t("common.unexpectedError"),
      });
    },
  });
}
