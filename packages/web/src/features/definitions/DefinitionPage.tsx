import {
  Accordion,
  Alert,
  Avatar,
  Button,
  Grid,
  Group,
  Skeleton,
  Stack,
  Text,
  Textarea,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconChartBar, IconMessage, IconPencil } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { approvalSideOf } from "@tasuki/domain";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError } from "../../api/client.ts";
import { api, keys } from "../../api/endpoints.ts";
import type { DefinitionDetail, DefinitionVersion } from "../../api/types.ts";
import { StageBadge } from "../../components/badges.tsx";
import { InfoList } from "../../components/InfoList.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { PageQueryState } from "../../components/QueryState.tsx";
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
import { lengthCounter } from "../../lib/length-counter.ts";
import { useCan, useCurrentUser } from "../auth/session.tsx";
import { DiffView, ExpressionBlock, useDefinitionName } from "./shared.tsx";

export function DefinitionPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const result = useQuery({ queryKey: keys.definition(id), queryFn: () => api.getDefinition(id) });
  return (
    <PageQueryState
      query={result}
      header={{
        title: t("definitions.definition"),
        crumbs: [{ label: t("nav.definitions"), to: "/definitions" }],
      }}
      loading={
        <Stack aria-busy="true" aria-label={t("common.loading")}>
          <Skeleton h={14} w={200} />
          <Skeleton h={32} w={320} />
          <Grid>
            <Grid.Col span={{ base: 12, md: 8 }}>
              <Skeleton h={260} radius="md" />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <Skeleton h={260} radius="md" />
            </Grid.Col>
          </Grid>
        </Stack>
      }
    >
      {(data) => <DefinitionView definition={data} />}
    </PageQueryState>
  );
}

function DefinitionView({ definition: d }: { definition: DefinitionDetail }) {
  const { t } = useTranslation();
  const nameOf = useDefinitionName();
  const canWrite = useCan("definitions.write");
  const open = d.open;
  const proposed = open?.status === "proposed" ? open : null;

  return (
    <>
      <PageHeader
        crumbs={[{ label: t("nav.definitions"), to: "/definitions" }, { label: nameOf(d) }]}
        above={<span className="tasuki-expression">{d.key}</span>}
        title={
          <Group gap="sm" component="span">
            <span data-testid="definition-name">{nameOf(d)}</span>
            <InForceBadge inForce={Boolean(d.current)}>
              {d.current
                ? t("definitions.inForce", { number: d.current.number })
                : t("definitions.notInForce")}
            </InForceBadge>
          </Group>
        }
        actions={
          <>
            {open && (
              <Button
                component={Link}
                to={`/definitions/${d.id}/versions/${open.id}/impact`}
                variant="default"
                leftSection={<IconChartBar size={16} />}
                data-testid="impact-link"
              >
                {t("definitions.impact.open", { number: open.number })}
              </Button>
            )}
            {canWrite && (
              <Button
                component={Link}
                to={`/definitions/${d.id}/edit`}
                leftSection={<IconPencil size={16} />}
                disabled={Boolean(proposed)}
                data-testid="new-version"
              >
                {open?.status === "draft" ? t("definitions.editDraft") : t("definitions.newVersion")}
              </Button>
            )}
          </>
        }
      />
      {proposed && canWrite && (
        <Text size="xs" c="dimmed" mt={-12} mb="md" ta="right">
          {t("definitions.proposedBlocksEdit", { number: proposed.number })}
        </Text>
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            {open && <OpenVersionCard definition={d} version={open} />}
            <SectionCard
              title={
                d.current
                  ? t("definitions.currentTitle", { number: d.current.number })
                  : t("definitions.noCurrentTitle")
              }
            >
              {d.current ? (
                <Stack gap="sm">
                  <Text size="sm" lh={1.8} style={{ whiteSpace: "pre-wrap" }}>
                    {d.current.description}
                  </Text>
                  <ExpressionBlock expression={d.current.expression} testId="current-expression" />
                  <Text size="xs" c="dimmed">
                    {t("definitions.approvedAt", { at: formatDateTime(d.current.approvedAt) })}
                  </Text>
                </Stack>
              ) : (
                <EmptyState compact title={t("definitions.noCurrentBody")} />
              )}
            </SectionCard>
            <VersionHistory definition={d} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <SectionCard title={t("definitions.summary")}>
            <InfoList
              items={[
                {
                  label: t("definitions.fields.key"),
                  value: <span className="tasuki-expression">{d.key}</span>,
                },
                { label: t("definitions.fields.nameJa"), value: d.nameJa },
                { label: t("definitions.fields.nameEn"), value: d.nameEn },
                {
                  label: t("definitions.fields.targetStage"),
                  value: d.targetStage ? (
                    <StageBadge stage={d.targetStage} size="sm" />
                  ) : (
                    t("definitions.noStage")
                  ),
                },
                {
                  label: t("definitions.fields.autoAdvance"),
                  value: d.targetStage
                    ? d.autoAdvance
                      ? t("definitions.autoYes", { stage: t(`stage.${d.targetStage}`) })
                      : t("definitions.autoNo")
                    : "—",
                },
                { label: t("definitions.fields.marketingOwner"), value: d.marketingOwner?.name },
                { label: t("definitions.fields.salesOwner"), value: d.salesOwner?.name },
                { label: t("people.columns.createdAt"), value: formatDateTime(d.createdAt) },
              ]}
            />
          </SectionCard>
        </Grid.Col>
      </Grid>
    </>
  );
}

/** The version waiting for work: a draft to finish, or a proposal waiting for both signatures. */
function OpenVersionCard({
  definition: d,
  version: v,
}: {
  definition: DefinitionDetail;
  version: DefinitionVersion;
}) {
  const { t } = useTranslation();
  return (
    <OpenVersionFrame
      title={
        v.status === "proposed"
          ? t("definitions.proposedTitle", { number: v.number })
          : t("definitions.draftTitle", { number: v.number })
      }
      version={v}
      at={v.proposedAt ?? v.createdAt}
    >
      <Stack gap="xs">
        <Text size="xs" c="dimmed" fw={600}>
          {d.current
            ? t("definitions.diffFromCurrent", { number: d.current.number })
            : t("definitions.firstVersionText")}
        </Text>
        <DiffView before={d.current?.expression ?? ""} after={v.expression} mono />
        <DiffView before={d.current?.description ?? ""} after={v.description} />
      </Stack>
      {v.status === "proposed" ? (
        <ApprovalPanel definition={d} version={v} />
      ) : (
        <Alert color="gray" variant="light" mt="md" icon={<IconPencil size={18} />}>
          {t("definitions.draftHint")}
        </Alert>
      )}
    </OpenVersionFrame>
  );
}

/** The definition's sign-off: the shared panel, with the definition's owners as hints. */
function ApprovalPanel({
  definition: d,
  version: v,
}: {
  definition: DefinitionDetail;
  version: DefinitionVersion;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const mySide = approvalSideOf(useCurrentUser().role);
  return (
    <SignOffPanel
      number={v.number}
      marketingApproval={v.marketingApproval}
      salesApproval={v.salesApproval}
      owners={{ marketing: d.marketingOwner, sales: d.salesOwner }}
      review={<ProseBesideRule definition={d} version={v} />}
      approve={async (comment) => {
        // The dialog lets the signer approve only after ticking the confirmation.
        const result = await api.approveDefinitionVersion(d.id, v.id, {
          ...(comment ? { comment } : {}),
          proseMatchesRule: true,
        });
        queryClient.setQueryData(keys.definition(d.id), result.definition);
        void queryClient.invalidateQueries({ queryKey: keys.definitions });
        void queryClient.invalidateQueries({ queryKey: keys.people });
        const approved = result.definition.current?.id === v.id;
        notifications.show({
          color: "teal",
          message: approved
            ? result.sweep
              ? t("definitions.approval.approvedSweep", { number: v.number })
              : t("definitions.approval.approved", { number: v.number })
            : t("definitions.approval.signed", { side: t(`definitions.side.${mySide ?? "marketing"}`) }),
        });
      }}
      reject={async (comment) => {
        const detail = await api.rejectDefinitionVersion(d.id, v.id, { comment });
        queryClient.setQueryData(keys.definition(d.id), detail);
        void queryClient.invalidateQueries({ queryKey: keys.definitions });
        notifications.show({
          color: "orange",
          message: t("definitions.approval.rejected", { number: v.number }),
        });
      }}
    />
  );
}

/** In the approval dialog: what changed in the plain words beside what changed in the rule. */
function ProseBesideRule({
  definition: d,
  version: v,
}: {
  definition: DefinitionDetail;
  version: DefinitionVersion;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <Text size="sm" fw={600}>
        {t("definitions.approval.reviewTitle")}
      </Text>
      <Text size="xs" c="dimmed">
        {d.current
          ? t("definitions.diffFromCurrent", { number: d.current.number })
          : t("definitions.firstVersionText")}
      </Text>
      <Grid gap="sm">
        <Grid.Col span={{ base: 12, sm: 6 }} data-testid="review-prose">
          <Text size="xs" fw={700} mb={4}>
            {t("definitions.approval.reviewProse")}
          </Text>
          {d.current?.description === v.description ? (
            <Unchanged text={v.description} />
          ) : (
            <DiffView before={d.current?.description ?? ""} after={v.description} />
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }} data-testid="review-rule">
          <Text size="xs" fw={700} mb={4}>
            {t("definitions.approval.reviewRule")}
          </Text>
          {d.current?.expression === v.expression ? (
            <Unchanged text={v.expression} mono />
          ) : (
            <DiffView before={d.current?.expression ?? ""} after={v.expression} mono />
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** An unchanged side is still shown in full: the signer compares it with the other side. */
function Unchanged({ text, mono = false }: { text: string; mono?: boolean }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Text size="xs" c="orange.8">
        {t("definitions.noChange")}
      </Text>
      {mono ? (
        <ExpressionBlock expression={text} />
      ) : (
        <Text size="sm" lh={1.8} style={{ whiteSpace: "pre-wrap" }}>
          {text}
        </Text>
      )}
    </Stack>
  );
}

/** Every version, newest first, each with what changed from the one before it and its discussion. */
function VersionHistory({ definition: d }: { definition: DefinitionDetail }) {
  const { t } = useTranslation();
  const versions = d.versions;
  return (
    <SectionCard title={t("definitions.history")} testId="version-history">
      {versions.length === 0 ? (
        <EmptyState compact title={t("definitions.noVersions")} />
      ) : (
        <Accordion
          multiple
          defaultValue={versions.slice(0, 1).map((v) => v.id)}
          variant="separated"
          radius="md"
        >
          {versions.map((v, i) => {
            const previous = versions[i + 1];
            return (
              <Accordion.Item key={v.id} value={v.id} data-testid="version-item">
                <Accordion.Control>
                  <VersionSummary version={v} at={v.approvedAt ?? v.proposedAt ?? v.createdAt}>
                    {v.comments.length > 0 && (
                      <Group gap={2}>
                        <IconMessage size={14} color="var(--mantine-color-gray-6)" aria-hidden />
                        <Text size="xs" c="dimmed">
                          {t("definitions.commentCount", { count: v.comments.length })}
                        </Text>
                      </Group>
                    )}
                  </VersionSummary>
                </Accordion.Control>
                <Accordion.Panel>
                  <VersionDetails definition={d} version={v} previous={previous} />
                </Accordion.Panel>
              </Accordion.Item>
            );
          })}
        </Accordion>
      )}
    </SectionCard>
  );
}

function VersionDetails({
  definition: d,
  version: v,
  previous,
}: {
  definition: DefinitionDetail;
  version: DefinitionVersion;
  previous: DefinitionVersion | undefined;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      {v.changeNote && <ChangeNote note={v.changeNote} />}
      <Text size="xs" c="dimmed" fw={600}>
        {previous
          ? t("definitions.diffFrom", { number: previous.number })
          : t("definitions.firstVersionText")}
      </Text>
      <DiffView before={previous?.expression ?? ""} after={v.expression} mono />
      <DiffView before={previous?.description ?? ""} after={v.description} />
      <Group gap="lg" wrap="wrap">
        <SignatureLine side="marketing" approval={v.marketingApproval} />
        <SignatureLine side="sales" approval={v.salesApproval} />
      </Group>
      {v.rejection && <RejectionAlert rejection={v.rejection} />}
      <Comments definitionId={d.id} version={v} />
    </Stack>
  );
}

function Comments({ definitionId, version }: { definitionId: string; version: DefinitionVersion }) {
  const { t } = useTranslation();
  const canWrite = useCan("definitions.write");
  const queryClient = useQueryClient();
  const [body, setBody] = useState("");
  const mutation = useMutation({
    mutationFn: () => api.commentDefinitionVersion(definitionId, version.id, { body: body.trim() }),
    onSuccess: (detail) => {
      queryClient.setQueryData(keys.definition(definitionId), detail);
      setBody("");
    },
  });
  return (
    <Stack gap="xs" mt="xs">
      <Text size="xs" c="dimmed" fw={600}>
        {t("definitions.comments")}
      </Text>
      {version.comments.length === 0 && (
        <Text size="sm" c="dimmed">
          {t("definitions.noComments")}
        </Text>
      )}
      {version.comments.map((c) => (
        <Group key={c.id} gap="sm" align="flex-start" wrap="nowrap" data-testid="definition-comment">
          <Avatar size={28} radius="xl" color="ai">
            {c.author?.name.slice(0, 1) ?? "?"}
          </Avatar>
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text size="xs" c="dimmed">
              <Text span fw={600} c="dark" size="xs">
                {c.author?.name ?? t("definitions.unknownUser")}
              </Text>
              ・{formatDateTime(c.createdAt)}
            </Text>
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
              {c.body}
            </Text>
          </Stack>
        </Group>
      ))}
      {canWrite && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (body.trim()) mutation.mutate();
          }}
        >
          <Stack gap={6}>
            <Textarea
              aria-label={t("definitions.commentLabel", { number: version.number })}
              placeholder={t("definitions.commentPlaceholder")}
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
              autosize
              minRows={2}
              maxLength={5000}
              description={lengthCounter(body, 5000)}
              error={mutation.error instanceof ApiError ? mutation.error.message : null}
            />
            <Group justify="flex-end">
              <Button
                size="xs"
                type="submit"
                variant="light"
                disabled={!body.trim()}
                loading={mutation.isPending}
              >
                {t("definitions.addComment")}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
