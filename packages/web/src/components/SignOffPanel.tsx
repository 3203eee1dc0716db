import { Button, Checkbox, Grid, Group, Modal, Paper, Stack, Text, Textarea, ThemeIcon } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconCheck, IconClock, IconX } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { type ApprovalSide, approvalSideOf } from "@tasuki/domain";
import { type FormEvent, type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { useCan, useCurrentUser } from "../features/auth/session.tsx";
import { formatDateTime } from "../lib/format.ts";
import { lengthCounter } from "../lib/length-counter.ts";
import { FormErrorAlert } from "./states.tsx";

/**
 * Two-sided sign-off, shared by definition versions and scoring model versions: one marketing
 * user and one sales user (IS or FS), two different people; the second signature applies it.
 */
interface Signature {
  by: { id: string; name: string };
  at: string;
}
type SideState = { side: ApprovalSide; signed: Signature | null };

/** Who signed on each side, who is missing, and the user's own Approve / Reject (or why not). */
export function SignOffPanel({
  number,
  marketingApproval,
  salesApproval,
  owners,
  approve,
  reject,
  review,
}: {
  number: number;
  marketingApproval: Signature | null;
  salesApproval: Signature | null;
  /** Named owners on each side, shown as a hint of who is expected to sign. */
  owners?: Partial<Record<ApprovalSide, { name: string } | null>>;
  /** Signs for the user's side; resolves when done (the caller updates caches and notifies). */
  approve: (comment: string) => Promise<unknown>;
  reject: (comment: string) => Promise<unknown>;
  /**
   * What the signer reviews in the approval dialog (e.g. the description's diff beside the
   * rule's): when given, approving needs the tick 「文章とルールが一致していることを確認しました」.
   */
  review?: ReactNode;
}) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const canApprove = useCan("definitions.approve");
  const [dialog, setDialog] = useState<"approve" | "reject" | null>(null);
  const mySide = approvalSideOf(me.role);
  const sides: SideState[] = [
    { side: "marketing", signed: marketingApproval },
    { side: "sales", signed: salesApproval },
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

  const approveMutation = useMutation({
    mutationFn: (comment: string) => approve(comment.trim()),
    onSuccess: () => setDialog(null),
  });
  const rejectMutation = useMutation({
    mutationFn: (comment: string) => reject(comment.trim()),
    onSuccess: () => setDialog(null),
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
          const owner = owners?.[s.side];
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
        number={number}
        onClose={() => {
          setDialog(null);
          approveMutation.reset();
          rejectMutation.reset();
        }}
        onSubmit={(comment) =>
          dialog === "approve" ? approveMutation.mutate(comment) : rejectMutation.mutate(comment)
        }
        pending={approveMutation.isPending || rejectMutation.isPending}
        error={approveMutation.error ?? rejectMutation.error}
        review={review}
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
  review,
}: {
  kind: "approve" | "reject" | null;
  number: number;
  onClose: () => void;
  onSubmit: (comment: string) => void;
  pending: boolean;
  error: unknown;
  review?: ReactNode;
}) {
  const { t } = useTranslation();
  const phone = useMediaQuery("(max-width: 48em)");
  const [comment, setComment] = useState("");
  const [confirmed, setConfirmed] = useState(false);
  const [touched, setTouched] = useState(false);
  const rejecting = kind === "reject";
  const reviewing = !rejecting && review !== undefined;
  const close = () => {
    setComment("");
    setConfirmed(false);
    setTouched(false);
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (rejecting && !comment.trim()) return;
    if (reviewing && !confirmed) return;
    onSubmit(comment);
  };
  return (
    <Modal
      opened={kind !== null}
      onClose={close}
      centered
      size={reviewing ? "xl" : "md"}
      fullScreen={Boolean(phone && reviewing)}
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
          {reviewing && (
            <Stack gap="xs" data-testid="decision-review">
              {review}
              <Checkbox
                checked={confirmed}
                onChange={(e) => setConfirmed(e.currentTarget.checked)}
                label={t("definitions.approval.proseMatchesRule")}
                description={t("definitions.approval.proseMatchesRuleHelp")}
                error={touched && !confirmed ? t("definitions.approval.proseMatchesRuleRequired") : null}
                data-testid="decision-prose-matches"
              />
            </Stack>
          )}
          <FormErrorAlert error={error} />
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
            description={lengthCounter(comment, 2000)}
            error={
              rejecting && touched && !comment.trim() ? t("definitions.approval.rejectCommentRequired") : null
            }
            data-testid="decision-comment"
            data-autofocus={reviewing ? undefined : true}
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

/** One side's signature in a version's history: who and when, or not signed. */
export function SignatureLine({
  side,
  approval,
}: {
  side: ApprovalSide;
  /** `comment`: what the signer wrote when approving (scoring model versions keep it on the signature). */
  approval: { by: { name: string }; at: string; proseMatchesRule?: boolean; comment?: string | null } | null;
}) {
  const { t } = useTranslation();
  const line = (
    <Group gap={6} wrap="nowrap" data-testid={`signature-${side}`}>
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
        {approval?.proseMatchesRule === true && ` ${t("definitions.approval.proseConfirmedLine")}`}
        {approval?.proseMatchesRule === false && ` ${t("definitions.approval.proseNotConfirmedLine")}`}
      </Text>
    </Group>
  );
  if (!approval?.comment) return line;
  return (
    <Stack gap={2}>
      {line}
      <Text
        size="xs"
        pl={20}
        style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}
        data-testid={`signature-${side}-comment`}
      >
        {approval.comment}
      </Text>
    </Stack>
  );
}
