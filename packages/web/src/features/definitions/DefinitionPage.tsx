import {
  Accordion,
  Alert,
  Avatar,
  Badge,
  Button,
  Grid,
  Group,
  Modal,
  Paper,
  Skeleton,
  Stack,
  Text,
  Textarea,
  ThemeIcon,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import {
  IconAlertCircle,
  IconChartBar,
  IconCheck,
  IconClock,
  IconMessage,
  IconPencil,
  IconX,
} from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ApprovalSide, approvalSideOf } from "@tasuki/domain";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError } from "../../api/client.ts";
import { api, keys } from "../../api/endpoints.ts";
import type { DefinitionDetail, DefinitionVersion } from "../../api/types.ts";
import { StageBadge } from "../../components/badges.tsx";
import { InfoList } from "../../components/InfoList.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { EmptyState, ErrorState } from "../../components/states.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { useCan, useCurrentUser } from "../auth/session.tsx";
import { DiffView, ExpressionBlock, useDefinitionName, VersionStatusBadge } from "./shared.tsx";

export function DefinitionPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const result = useQuery({ queryKey: keys.definition(id), queryFn: () => api.getDefinition(id) });
  if (result.isPending)
    return (
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
    );
  if (result.isError)
    return (
      <>
        <PageHeader
          title={t("definitions.definition")}
          crumbs={[{ label: t("nav.definitions"), to: "/definitions" }]}
        />
        <ErrorState error={result.error} onRetry={() => result.refetch()} />
      </>
    );
  return <DefinitionView definition={result.data} />;
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
            {d.current ? (
              <Badge variant="filled" color="teal" radius="sm" tt="none">
                {t("definitions.inForce", { number: d.current.number })}
              </Badge>
            ) : (
              <Badge variant="outline" color="gray" radius="sm" tt="none">
                {t("definitions.notInForce")}
              </Badge>
            )}
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
    <Paper
      withBorder
      radius="md"
      p="md"
      component="section"
      data-testid="open-version"
      style={{ borderColor: v.status === "proposed" ? "var(--mantine-color-orange-4)" : undefined }}
    >
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Group gap="sm">
          <Title order={2} size="h5">
            {v.status === "proposed"
              ? t("definitions.proposedTitle", { number: v.number })
              : t("definitions.draftTitle", { number: v.number })}
          </Title>
          <VersionStatusBadge status={v.status} />
        </Group>
        <Text size="xs" c="dimmed">
          {v.author ? t("definitions.byAuthor", { name: v.author.name }) : ""}
          {v.proposedAt ? `・${formatDateTime(v.proposedAt)}` : `・${formatDateTime(v.createdAt)}`}
        </Text>
      </Group>
      {v.changeNote && (
        <Text size="sm" mb="sm" style={{ whiteSpace: "pre-wrap" }}>
          <Text span c="dimmed" size="sm">
            {t("definitions.changeNoteLabel")}
          </Text>
          {v.changeNote}
        </Text>
      )}
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
    </Paper>
  );
}

type SideState = { side: ApprovalSide; signed: { by: { id: string; name: string }; at: string } | null };

/** Who signed on each side, who is missing, and the user's own Approve / Reject (or why not). */
function ApprovalPanel({
  definition: d,
  version: v,
}: {
  definition: DefinitionDetail;
  version: DefinitionVersion;
}) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const canApprove = useCan("definitions.approve");
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<"approve" | "reject" | null>(null);
  const mySide = approvalSideOf(me.role);
  const sides: SideState[] = [
    { side: "marketing", signed: v.marketingApproval },
    { side: "sales", signed: v.salesApproval },
  ];
  const mine = sides.find((s) => s.side === mySide);
  const other = sides.find((s) => s.side !== mySide);
  const whyNot: string | null =
    !canApprove || !mySide
      ? t("definitions.approval.roleCannot", { role: t(`role.${me.role}`) })
      : mine?.signed
        ? mine.signed.by.id === me.id
          ? t("definitions.approval.youSigned", { side: t(`definitions.side.${mySide}`) })
          : t("definitions.approval.sideSigned", {
              side: t(`definitions.side.${mySide}`),
              name: mine.signed.by.name,
            })
        : other?.signed?.by.id === me.id
          ? t("definitions.approval.samePerson")
          : null;

  const approve = useMutation({
    mutationFn: (comment: string) =>
      api.approveDefinitionVersion(d.id, v.id, comment.trim() ? { comment: comment.trim() } : {}),
    onSuccess: (result) => {
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
      setDialog(null);
    },
  });
  const reject = useMutation({
    mutationFn: (comment: string) => api.rejectDefinitionVersion(d.id, v.id, { comment: comment.trim() }),
    onSuccess: (detail) => {
      queryClient.setQueryData(keys.definition(d.id), detail);
      void queryClient.invalidateQueries({ queryKey: keys.definitions });
      notifications.show({
        color: "orange",
        message: t("definitions.approval.rejected", { number: v.number }),
      });
      setDialog(null);
    },
  });

  return (
    <Stack gap="sm" mt="md" data-testid="approval-panel">
      <Text size="sm" fw={700}>
        {t("definitions.approval.title")}
      </Text>
      <Text size="xs" c="dimmed" mt={-6}>
        {t("definitions.approval.anyoneOnSide")}
      </Text>
      <Grid gap="sm">
        {sides.map((s) => {
          const owner = s.side === "marketing" ? d.marketingOwner : d.salesOwner;
          return (
            <Grid.Col key={s.side} span={{ base: 12, sm: 6 }}>
              <Paper
                withBorder
                radius="md"
                p="sm"
                bg={s.signed ? "teal.0" : "gray.0"}
                data-testid={`approval-${s.side}`}
                data-signed={s.signed ? "true" : "false"}
              >
                <Group gap="sm" wrap="nowrap" align="flex-start">
                  <ThemeIcon
                    color={s.signed ? "teal" : "gray"}
                    variant={s.signed ? "filled" : "light"}
                    radius="xl"
                    size="md"
                  >
                    {s.signed ? <IconCheck size={16} /> : <IconClock size={16} />}
                  </ThemeIcon>
                  <Stack gap={0}>
                    <Text size="xs" c="dimmed" fw={600}>
                      {t(`definitions.side.${s.side}`)}
                    </Text>
                    {s.signed ? (
                      <>
                        <Text size="sm" fw={600}>
                          {t("definitions.approval.signedBy", { name: s.signed.by.name })}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {formatDateTime(s.signed.at)}
                        </Text>
                      </>
                    ) : (
                      <>
                        <Text size="sm" fw={600} c="orange.8">
                          {t("definitions.approval.missing")}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {owner
                            ? t("definitions.approval.ownerHint", { name: owner.name })
                            : t(`definitions.approval.whoSigns.${s.side}`)}
                        </Text>
                      </>
                    )}
                  </Stack>
                </Group>
              </Paper>
            </Grid.Col>
          );
        })}
      </Grid>
      <Group gap="sm" wrap="wrap">
        {canApprove && (
          <>
            <Button
              color="teal"
              leftSection={<IconCheck size={16} />}
              onClick={() => setDialog("approve")}
              disabled={Boolean(whyNot)}
              data-testid="approve-version"
            >
              {mySide
                ? t("definitions.approval.approveAs", { side: t(`definitions.side.${mySide}`) })
                : t("definitions.approval.approve")}
            </Button>
            <Button
              color="red"
              variant="light"
              leftSection={<IconX size={16} />}
              onClick={() => setDialog("reject")}
              data-testid="reject-version"
            >
              {t("definitions.approval.reject")}
            </Button>
          </>
        )}
        {whyNot && (
          <Text size="sm" c="dimmed" data-testid="approval-why-not">
            {whyNot}
          </Text>
        )}
      </Group>
      <DecisionModal
        kind={dialog}
        number={v.number}
        onClose={() => {
          setDialog(null);
          approve.reset();
          reject.reset();
        }}
        onSubmit={(comment) => (dialog === "approve" ? approve.mutate(comment) : reject.mutate(comment))}
        pending={approve.isPending || reject.isPending}
        error={approve.error ?? reject.error}
      />
    </Stack>
  );
}

function DecisionModal({
  kind,
  number,
  onClose,
  onSubmit,
  pending,
  error,
}: {
  kind: "approve" | "reject" | null;
  number: number;
  onClose: () => void;
  onSubmit: (comment: string) => void;
  pending: boolean;
  error: unknown;
}) {
  const { t } = useTranslation();
  const [comment, setComment] = useState("");
  const [touched, setTouched] = useState(false);
  const rejecting = kind === "reject";
  const close = () => {
    setComment("");
    setTouched(false);
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (rejecting && !comment.trim()) return;
    onSubmit(comment);
  };
  return (
    <Modal
      opened={kind !== null}
      onClose={close}
      centered
      title={
        rejecting
          ? t("definitions.approval.rejectTitle", { number })
          : t("definitions.approval.approveTitle", { number })
      }
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">
            {rejecting ? t("definitions.approval.rejectBody") : t("definitions.approval.approveBody")}
          </Text>
          {error ? (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
              {error instanceof ApiError ? error.message : t("common.unexpectedError")}
            </Alert>
          ) : null}
          <Textarea
            label={
              rejecting ? t("definitions.approval.rejectComment") : t("definitions.approval.approveComment")
            }
            placeholder={
              rejecting
                ? t("definitions.approval.rejectPlaceholder")
                : t("definitions.approval.approvePlaceholder")
            }
            required={rejecting}
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
            autosize
            minRows={3}
            maxLength={2000}
            error={
              rejecting && touched && !comment.trim() ? t("definitions.approval.rejectCommentRequired") : null
            }
            data-testid="decision-comment"
            data-autofocus
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              {t("common.cancel")}
            </Button>
            <Button
              type="submit"
              color={rejecting ? "red" : "teal"}
              loading={pending}
              data-testid="decision-submit"
            >
              {rejecting ? t("definitions.approval.rejectSubmit") : t("definitions.approval.approveSubmit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
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
                  <Group gap="sm" wrap="wrap">
                    <Text fw={700}>v{v.number}</Text>
                    <VersionStatusBadge status={v.status} />
                    <Text size="xs" c="dimmed">
                      {formatDateTime(v.approvedAt ?? v.proposedAt ?? v.createdAt)}
                      {v.author ? `・${v.author.name}` : ""}
                    </Text>
                    {v.comments.length > 0 && (
                      <Group gap={2}>
                        <IconMessage size={14} color="var(--mantine-color-gray-6)" aria-hidden />
                        <Text size="xs" c="dimmed">
                          {t("definitions.commentCount", { count: v.comments.length })}
                        </Text>
                      </Group>
                    )}
                  </Group>
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
      {v.changeNote && (
        <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
          <Text span c="dimmed" size="sm">
            {t("definitions.changeNoteLabel")}
          </Text>
          {v.changeNote}
        </Text>
      )}
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
      {v.rejection && (
        <Alert
          color="red"
          variant="light"
          icon={<IconX size={18} />}
          title={t("definitions.rejectedBy", {
            name: v.rejection.by.name,
            at: formatDateTime(v.rejection.at),
          })}
        >
          <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
            {v.rejection.comment}
          </Text>
        </Alert>
      )}
      <Comments definitionId={d.id} version={v} />
    </Stack>
  );
}

function SignatureLine({
  side,
  approval,
}: {
  side: ApprovalSide;
  approval: { by: { name: string }; at: string } | null;
}) {
  const { t } = useTranslation();
  return (
    <Group gap={6} wrap="nowrap">
      {approval ? (
        <IconCheck size={14} color="var(--mantine-color-teal-7)" aria-hidden />
      ) : (
        <IconClock size={14} color="var(--mantine-color-gray-5)" aria-hidden />
      )}
      <Text size="xs" c="dimmed">
        {approval
          ? t("definitions.approval.sideSignedLine", {
              side: t(`definitions.side.${side}`),
              name: approval.by.name,
              at: formatDateTime(approval.at),
            })
          : t("definitions.approval.sideMissingLine", { side: t(`definitions.side.${side}`) })}
      </Text>
    </Group>
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
