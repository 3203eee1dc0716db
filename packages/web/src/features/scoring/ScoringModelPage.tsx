import { Accordion, Alert, Button, Grid, Group, Progress, Skeleton, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconChartDots3, IconPencil, IconRefresh, IconX } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { approvalSideOf } from "@tasuki/domain";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError } from "../../api/client.ts";
import { api, keys } from "../../api/endpoints.ts";
import type { ScoringModel, ScoringModelVersion } from "../../api/types.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { SignatureLine, SignOffPanel } from "../../components/SignOffPanel.tsx";
import { EmptyState } from "../../components/states.tsx";
import {
  ChangeNote,
  InForceBadge,
  OpenVersionFrame,
  RejectionAlert,
  VersionSummary,
} from "../../components/versions.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { useCan, useCurrentUser } from "../auth/session.tsx";
import { ModelRules } from "./shared.tsx";

/** The scoring model in force, the proposal waiting for signatures, and every version before. */
export function ScoringModelPage() {
  const { t } = useTranslation();
  const canWrite = useCan("definitions.write");
  const model = useQuery({ queryKey: keys.scoringModel, queryFn: api.getScoringModel });
  // The rescore started by the approval here or by the button, followed until it ends.
  const [jobId, setJobId] = useState<string | null>(null);
  const proposed = model.data?.open?.status === "proposed" ? model.data.open : null;
  return (
    <>
      <PageHeader
        title={
          <Group gap="sm" component="span">
            <span>{t("scoring.title")}</span>
            {model.data && (
              <InForceBadge inForce={Boolean(model.data.current)} testId="model-in-force">
                {model.data.current
                  ? t("scoring.inForce", { number: model.data.current.number })
                  : t("scoring.notInForce")}
              </InForceBadge>
            )}
          </Group>
        }
        description={t("scoring.description")}
        actions={
          <>
            <Button
              component={Link}
              to="/scoring/calibration"
              variant="default"
              leftSection={<IconChartDots3 size={16} />}
              data-testid="calibration-link"
            >
              {t("scoring.calibration.open")}
            </Button>
            {canWrite && (
              <Button
                component={Link}
                to="/scoring/edit"
                leftSection={<IconPencil size={16} />}
                disabled={Boolean(proposed)}
                data-testid="model-new-version"
              >
                {t("scoring.newVersion")}
              </Button>
            )}
          </>
        }
      />
      {proposed && canWrite && (
        <Text size="xs" c="dimmed" mt={-12} mb="md" ta="right">
          {t("scoring.proposedBlocksEdit", { number: proposed.number })}
        </Text>
      )}
      <QueryState
        query={model}
        loading={
          <Stack aria-busy="true" aria-label={t("common.loading")}>
            <Skeleton h={320} radius="md" />
          </Stack>
        }
      >
        {(data) => (
          <Grid gap="md">
            <Grid.Col span={{ base: 12, lg: 8 }}>
              <Stack gap="md">
                {proposed && <ProposedVersionCard model={data} version={proposed} onRescore={setJobId} />}
                <SectionCard
                  title={
                    data.current
                      ? t("scoring.currentTitle", { number: data.current.number })
                      : t("scoring.noCurrentTitle")
                  }
                  testId="current-model"
                >
                  {data.current ? (
                    <Stack gap="sm">
                      <ModelRules config={data.current.config} />
                      <Text size="xs" c="dimmed">
                        {data.current.approvedAt
                          ? t("scoring.approvedAt", { at: formatDateTime(data.current.approvedAt) })
                          : ""}
                      </Text>
                    </Stack>
                  ) : (
                    <EmptyState compact title={t("scoring.noCurrentBody")} />
                  )}
                </SectionCard>
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 4 }}>
              <Stack gap="md">
                <RescoreCard hasModel={Boolean(data.current)} jobId={jobId} onStarted={setJobId} />
                <VersionHistory model={data} />
              </Stack>
            </Grid.Col>
          </Grid>
        )}
      </QueryState>
    </>
  );
}

function ProposedVersionCard({
  model,
  version: v,
  onRescore,
}: {
  model: ScoringModel;
  version: ScoringModelVersion;
  onRescore: (jobId: string) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const mySide = approvalSideOf(useCurrentUser().role);
  return (
    <OpenVersionFrame
      title={t("scoring.proposedTitle", { number: v.number })}
      version={v}
      at={v.createdAt}
      changeNoteTestId="change-note"
    >
      <Text size="xs" c="dimmed" fw={600} mb={6}>
        {model.current
          ? t("scoring.diffFromCurrent", { number: model.current.number })
          : t("scoring.firstVersion")}
      </Text>
      <ModelRules config={v.config} before={model.current?.config} />
      <SignOffPanel
        number={v.number}
        marketingApproval={v.marketingApproval}
        salesApproval={v.salesApproval}
        approve={async (comment) => {
          const result = await api.approveScoringModel(v.id, comment ? { comment } : {});
          queryClient.setQueryData(keys.scoringModel, result.model);
          void queryClient.invalidateQueries({ queryKey: keys.people });
          const approved = result.model.current?.id === v.id;
          notifications.show({
            color: "teal",
            message: approved
              ? t("scoring.approvedRescoring", { number: v.number })
              : t("definitions.approval.signed", { side: t(`definitions.side.${mySide ?? "marketing"}`) }),
          });
          if (result.rescore) {
            queryClient.setQueryData(keys.job(result.rescore.id), result.rescore);
            onRescore(result.rescore.id);
          }
        }}
        reject={async (comment) => {
          const next = await api.rejectScoringModel(v.id, { comment });
          queryClient.setQueryData(keys.scoringModel, next);
          notifications.show({
            color: "orange",
            message: t("definitions.approval.rejected", { number: v.number }),
          });
        }}
      />
    </OpenVersionFrame>
  );
}

/** Rescores everyone with the model in force, in the background, with its progress. */
function RescoreCard({
  hasModel,
  jobId,
  onStarted,
}: {
  hasModel: boolean;
  jobId: string | null;
  onStarted: (jobId: string) => void;
}) {
  const { t } = useTranslation();
  const canWrite = useCan("definitions.write");
  const queryClient = useQueryClient();
  const job = useQuery({
    queryKey: keys.job(jobId ?? ""),
    queryFn: () => api.getJob(jobId!),
    enabled: Boolean(jobId),
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === "succeeded" || status === "failed" ? false : 1000;
    },
  });
  const start = useMutation({
    mutationFn: api.rescoreAll,
    onSuccess: (started) => {
      queryClient.setQueryData(keys.job(started.id), started);
      onStarted(started.id);
    },
  });
  const finished = job.data?.status === "succeeded" || job.data?.status === "failed";
  const succeeded = job.data?.status === "succeeded";
  useEffect(() => {
    // New scores: lists, person pages and the calibration read them.
    if (succeeded) void queryClient.invalidateQueries({ queryKey: keys.people });
  }, [succeeded, queryClient]);
  const progress = job.data?.progress;
  const percent = progress && progress.total > 0 ? Math.min(100, (progress.done / progress.total) * 100) : 0;
  return (
    <SectionCard title={t("scoring.rescore.title")} testId="rescore-card">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t("scoring.rescore.body")}
        </Text>
        {job.data && (
          <Stack gap={4} data-testid="rescore-progress">
            <Progress
              value={job.data.status === "succeeded" ? 100 : percent}
              color={job.data.status === "failed" ? "red" : job.data.status === "succeeded" ? "teal" : "ai"}
              animated={!finished}
              aria-label={t("scoring.rescore.progressLabel")}
            />
            <Text size="xs" c="dimmed">
              {t(`scoring.rescore.status.${job.data.status}`, {
                done: (progress?.done ?? 0).toLocaleString(),
                total: (progress?.total ?? 0).toLocaleString(),
                changed:
                  typeof job.data.result?.changed === "number"
                    ? job.data.result.changed.toLocaleString()
                    : "—",
                at: job.data.finishedAt ? formatDateTime(job.data.finishedAt) : "",
              })}
            </Text>
          </Stack>
        )}
        {start.error && (
          <Alert color="red" variant="light" icon={<IconX size={16} />}>
            {start.error instanceof ApiError ? start.error.message : t("common.unexpectedError")}
          </Alert>
        )}
        {canWrite && (
          <Button
            variant="light"
            leftSection={<IconRefresh size={16} />}
            onClick={() => start.mutate()}
            loading={start.isPending}
            disabled={!hasModel || (Boolean(job.data) && !finished)}
            data-testid="rescore-all"
          >
            {t("scoring.rescore.start")}
          </Button>
        )}
      </Stack>
    </SectionCard>
  );
}

function VersionHistory({ model }: { model: ScoringModel }) {
  const { t } = useTranslation();
  const versions = model.versions;
  return (
    <SectionCard title={t("scoring.history")} testId="version-history">
      {versions.length === 0 ? (
        <EmptyState compact title={t("scoring.noVersions")} />
      ) : (
        <Accordion variant="separated" radius="md">
          {versions.map((v, i) => (
            <Accordion.Item key={v.id} value={v.id} data-testid="version-item">
              <Accordion.Control>
                <VersionSummary version={v} at={v.approvedAt ?? v.createdAt} />
              </Accordion.Control>
              <Accordion.Panel>
                <Stack gap="sm">
                  {v.changeNote && <ChangeNote note={v.changeNote} />}
                  <VersionChanges version={v} previous={versions[i + 1]} />
                  <SignatureLine side="marketing" approval={v.marketingApproval} />
                  <SignatureLine side="sales" approval={v.salesApproval} />
                  {v.rejection && <RejectionAlert rejection={v.rejection} />}
                </Stack>
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      )}
    </SectionCard>
  );
}

/** What a version changed from the one before it, in a sentence per changed number. */
function VersionChanges({
  version: v,
  previous,
}: {
  version: ScoringModelVersion;
  previous: ScoringModelVersion | undefined;
}) {
  const { t } = useTranslation();
  if (!previous)
    return (
      <Text size="xs" c="dimmed">
        {t("scoring.firstVersion")}
      </Text>
    );
  const lines: string[] = [];
  const rules = (c: ScoringModelVersion["config"]) => [
    ...c.fitRules.map((r) => [r.label, r.points] as const),
    ...c.engagementRules.map((r) => [r.label, r.points] as const),
  ];
  const before = new Map(rules(previous.config));
  const after = new Map(rules(v.config));
  for (const [label, points] of after) {
    const old = before.get(label);
    if (old === undefined) lines.push(t("scoring.change.added", { label, points }));
    else if (old !== points) lines.push(t("scoring.change.points", { label, from: old, to: points }));
  }
  for (const label of before.keys())
    if (!after.has(label)) lines.push(t("scoring.change.removed", { label }));
  if (previous.config.halfLifeDays !== v.config.halfLifeDays)
    lines.push(
      t("scoring.change.halfLife", { from: previous.config.halfLifeDays, to: v.config.halfLifeDays }),
    );
  if (
    previous.config.weights.fit !== v.config.weights.fit ||
    previous.config.weights.engagement !== v.config.weights.engagement
  )
    lines.push(
      t("scoring.change.weights", {
        from: `${previous.config.weights.fit}:${previous.config.weights.engagement}`,
        to: `${v.config.weights.fit}:${v.config.weights.engagement}`,
      }),
    );
  if (lines.length === 0)
    return (
      <Text size="xs" c="dimmed">
        {t("scoring.change.none")}
      </Text>
    );
  return (
    <Stack gap={2}>
      {lines.map((line) => (
        <Text key={line} size="xs">
          {line}
        </Text>
      ))}
    </Stack>
  );
}
