import { Anchor, Button, Grid, Group, Select, Text } from "@mantine/core";
import { IconArrowBackUp, IconPencil, IconThumbDown, IconTrophy } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { OPPORTUNITY_STAGES } from "@tasuki/domain";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { api, keys } from "../../api/endpoints.ts";
import type { Opportunity } from "../../api/types.ts";
import { OpportunityStageBadge } from "../../components/badges.tsx";
import { InfoList } from "../../components/InfoList.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { PageQueryState, PageSkeleton } from "../../components/QueryState.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { formatDate, formatDateTime, formatYen } from "../../lib/format.ts";
import { useCan } from "../auth/session.tsx";
import { CloseOpportunityModal } from "./CloseOpportunityModal.tsx";
import { EditOpportunityModal } from "./EditOpportunityModal.tsx";
import { ReopenOpportunityModal } from "./ReopenOpportunityModal.tsx";
import { type OpportunityStage, useMoveOpportunity } from "./shared.tsx";

export function OpportunityPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const result = useQuery({ queryKey: keys.opportunity(id), queryFn: () => api.getOpportunity(id) });
  return (
    <PageQueryState
      query={result}
      header={{
        title: t("opportunities.opportunity"),
        crumbs: [{ label: t("nav.opportunities"), to: "/opportunities" }],
      }}
      loading={<PageSkeleton height={280} />}
    >
      {(data) => <OpportunityView opportunity={data} />}
    </PageQueryState>
  );
}

function OpportunityView({ opportunity: o }: { opportunity: Opportunity }) {
  const { t, i18n } = useTranslation();
  const canWrite = useCan("opportunities.write");
  const canClose = useCan("opportunities.close");
  const move = useMoveOpportunity();
  const [closing, setClosing] = useState<"won" | "lost" | null>(null);
  const [editing, setEditing] = useState(false);
  const [reopening, setReopening] = useState(false);
  const open = o.outcome === null;
  return (
    <>
      <PageHeader
        crumbs={[{ label: t("nav.opportunities"), to: "/opportunities" }, { label: o.name }]}
        title={
          <Group gap="sm" component="span">
            <span>{o.name}</span>
            <OpportunityStageBadge stage={o.stage} outcome={o.outcome} />
          </Group>
        }
        description={
          <Anchor component={Link} to={`/companies/${o.company.id}`} size="sm">
            {o.company.name}
          </Anchor>
        }
        actions={
          <>
            {canWrite && (
              <Button
                variant="default"
                leftSection={<IconPencil size={16} />}
                onClick={() => setEditing(true)}
                data-testid="edit-opportunity"
              >
                {open ? t("common.edit") : t("opportunities.editRenewal")}
              </Button>
            )}
            {open && canClose && (
              <>
                <Button
                  color="teal"
                  variant="light"
                  leftSection={<IconTrophy size={16} />}
                  onClick={() => setClosing("won")}
                >
                  {t("opportunities.markWon")}
                </Button>
                <Button
                  color="red"
                  variant="light"
                  leftSection={<IconThumbDown size={16} />}
                  onClick={() => setClosing("lost")}
                >
                  {t("opportunities.markLost")}
                </Button>
              </>
            )}
            {!open && canClose && (
              <Button
                variant="light"
                leftSection={<IconArrowBackUp size={16} />}
                onClick={() => setReopening(true)}
                data-testid="reopen-opportunity"
              >
                {t("opportunities.reopen")}
              </Button>
            )}
          </>
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <SectionCard title={t("opportunities.details")}>
            <InfoList
              items={[
                {
                  label: t("opportunities.columns.amount"),
                  value: (
                    <Text fw={700} size="sm">
                      {formatYen(o.amount)}
                    </Text>
                  ),
                },
                { label: t("opportunities.expectedClose"), value: formatDate(o.expectedCloseDate) },
                { label: t("opportunities.renewalOn"), value: o.renewalOn && formatDate(o.renewalOn) },
                {
                  label: t("opportunities.person"),
                  value: o.person && (
                    <Anchor component={Link} to={`/people/${o.person.id}`} size="sm">
                      {o.person.name}
                    </Anchor>
                  ),
                },
                { label: t("opportunities.owner"), value: o.owner?.name ?? t("common.unassigned") },
                { label: t("people.columns.createdAt"), value: formatDateTime(o.createdAt) },
                { label: t("people.columns.updatedAt"), value: formatDateTime(o.updatedAt) },
                ...(o.outcome
                  ? [
                      { label: t("opportunities.closedOn"), value: formatDate(o.closedOn) },
                      {
                        label: t("opportunities.lostReason"),
                        value:
                          o.lostReason &&
                          (i18n.language === "en" ? o.lostReason.labelEn : o.lostReason.labelJa),
                      },
                      { label: t("opportunities.closeNote"), value: o.closeNote },
                    ]
                  : []),
              ]}
            />
          </SectionCard>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <SectionCard title={t("opportunities.columns.stage")}>
            {open ? (
              <Select
                label={t("opportunities.moveTo")}
                data={OPPORTUNITY_STAGES.map((s) => ({ value: s, label: t(`opportunityStage.${s}`) }))}
                value={o.stage}
                onChange={(v) =>
                  v && v !== o.stage && move.mutate({ opportunity: o, stage: v as OpportunityStage })
                }
                disabled={!canWrite || move.isPending}
                allowDeselect={false}
              />
            ) : (
              <Text size="sm" c="dimmed">
                {t("opportunities.closedHint")}
              </Text>
            )}
          </SectionCard>
        </Grid.Col>
      </Grid>
      <EditOpportunityModal opportunity={o} opened={editing} onClose={() => setEditing(false)} />
      <ReopenOpportunityModal opportunity={o} opened={reopening} onClose={() => setReopening(false)} />
      <CloseOpportunityModal
        opportunity={closing ? o : null}
        outcome={closing ?? "lost"}
        onClose={() => setClosing(null)}
      />
    </>
  );
}
