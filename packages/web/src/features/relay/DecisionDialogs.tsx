import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertCircle, IconArrowRight } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { personStageAfterAccept, personStageAfterRejection, type TeamFunction } from "@tasuki/domain";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client.ts";
import { api, keys } from "../../api/endpoints.ts";
import type { Handoff } from "../../api/types.ts";
import { StageBadge } from "../../components/badges.tsx";
import { lengthCounter, withCounter } from "../../lib/length-counter.ts";
import { RECEIVING } from "./teams.ts";

function useDecided() {
  const queryClient = useQueryClient();
  return (updated: Handoff) => {
    queryClient.setQueryData(keys.handoff(updated.id), updated);
    void queryClient.invalidateQueries({ queryKey: keys.handoffs });
    void queryClient.invalidateQueries({ queryKey: keys.people });
    void queryClient.invalidateQueries({ queryKey: keys.notifications });
  };
}

function errorText(error: unknown, fallback: string): string {
  return error instanceof ApiError ? error.message : fallback;
}

/** Accepting moves the person forward where the lifecycle allows and makes them the receiver's. */
export function AcceptDialog({ handoff, onClose }: { handoff: Handoff | null; onClose: () => void }) {
  const { t } = useTranslation();
  const decided = useDecided();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (h: Handoff) => api.acceptHandoff(h.id, { version: h.version }),
    onSuccess: (updated) => {
      decided(updated);
      notifications.show({ color: "teal", message: t("relay.accepted", { name: updated.person.name }) });
      close();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === "version_conflict")
        void queryClient.invalidateQueries({ queryKey: keys.handoffs });
    },
  });
  const close = () => {
    mutation.reset();
    onClose();
  };
  const toFunction = handoff?.toTeam.key as TeamFunction | undefined;
  const next =
    handoff && toFunction && RECEIVING.includes(toFunction)
      ? personStageAfterAccept(toFunction, handoff.person.stage)
      : null;
  return (
    <Modal opened={handoff !== null} onClose={close} centered title={t("relay.acceptTitle")}>
      {handoff && (
        <Stack gap="md">
          <Text size="sm">{t("relay.acceptBody", { name: handoff.person.name })}</Text>
          <Group gap="xs">
            <StageBadge stage={handoff.person.stage} />
            {next && (
              <>
                <IconArrowRight size={16} aria-hidden />
                <StageBadge stage={next} />
              </>
            )}
            {!next && (
              <Text size="xs" c="dimmed">
                {t("relay.stageStays")}
              </Text>
            )}
          </Group>
          {mutation.error && (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
              {errorText(mutation.error, t("common.unexpectedError"))}
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              {t("common.cancel")}
            </Button>
            <Button
              color="teal"
              onClick={() => mutation.mutate(handoff)}
              loading={mutation.isPending}
              data-testid="accept-submit"
              data-autofocus
            >
              {t("relay.acceptSubmit")}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

/** Sending back needs a reason from the shared list and a comment the sending team will read. */
export function RejectDialog({ handoff, onClose }: { handoff: Handoff | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const decided = useDecided();
  const queryClient = useQueryClient();
  const [reasonId, setReasonId] = useState<string | null>(null);
  const [comment, setComment] = useState("");
  const [touched, setTouched] = useState(false);
  const reasons = useQuery({
    queryKey: keys.rejectionReasons,
    queryFn: api.listRejectionReasons,
    enabled: handoff !== null,
    staleTime: 10 * 60_000,
  });
  const mutation = useMutation({
    mutationFn: (h: Handoff) =>
      api.rejectHandoff(h.id, { reasonId: reasonId!, comment: comment.trim(), version: h.version }),
    onSuccess: (updated) => {
      decided(updated);
      notifications.show({ color: "orange", message: t("relay.rejected", { name: updated.person.name }) });
      close();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === "version_conflict")
        void queryClient.invalidateQueries({ queryKey: keys.handoffs });
    },
  });
  const close = () => {
    setReasonId(null);
    setComment("");
    setTouched(false);
    mutation.reset();
    onClose();
  };
  const reason = reasons.data?.items.find((r) => r.id === reasonId);
  const next =
    handoff && reason ? personStageAfterRejection(reason.disqualifies, handoff.person.stage) : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!handoff || !reasonId || !comment.trim()) return;
    mutation.mutate(handoff);
  };
  const fieldErrors = mutation.error instanceof ApiError ? mutation.error.fieldErrors() : {};
  return (
    <Modal opened={handoff !== null} onClose={close} centered title={t("relay.rejectTitle")}>
      {handoff && (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <Text size="sm">
              {t("relay.rejectBody", {
                name: handoff.person.name,
                team: t(`team.${handoff.fromTeam.key as TeamFunction}`, {
                  defaultValue: handoff.fromTeam.name,
                }),
              })}
            </Text>
            {mutation.error && (
              <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
                {errorText(mutation.error, t("common.unexpectedError"))}
              </Alert>
            )}
            <Select
              label={t("relay.rejectReason")}
              placeholder={t("relay.chooseReason")}
              data={(reasons.data?.items ?? []).map((r) => ({
                value: r.id,
                label: `${i18n.language === "en" ? r.labelEn : r.labelJa}${
                  r.disqualifies ? t("relay.disqualifiesSuffix") : ""
                }`,
              }))}
              value={reasonId}
              onChange={setReasonId}
              required
              disabled={reasons.isPending}
              error={
                reasons.isError
                  ? t("common.loadFailed")
                  : touched && !reasonId
                    ? t("relay.reasonRequired")
                    : fieldErrors.reasonId
              }
              comboboxProps={{ withinPortal: true }}
              data-testid="reject-reason"
              data-autofocus
            />
            {reason && (
              <Group gap="xs">
                <StageBadge stage={handoff.person.stage} />
                {next ? (
                  <>
                    <IconArrowRight size={16} aria-hidden />
                    <StageBadge stage={next} />
                  </>
                ) : null}
                <Text size="xs" c="dimmed">
                  {reason.disqualifies ? t("relay.goesOut") : t("relay.goesBack")}
                </Text>
              </Group>
            )}
            <Textarea
              label={t("relay.rejectComment")}
              description={withCounter(t("relay.rejectCommentHelp"), lengthCounter(comment, 2000))}
              placeholder={t("relay.rejectCommentPlaceholder")}
              value={comment}
              onChange={(e) => setComment(e.currentTarget.value)}
              required
              autosize
              minRows={3}
              maxLength={2000}
              error={touched && !comment.trim() ? t("relay.commentRequired") : fieldErrors.comment}
              data-testid="reject-comment"
            />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>
                {t("common.cancel")}
              </Button>
              <Button type="submit" color="red" loading={mutation.isPending} data-testid="reject-submit">
                {t("relay.rejectSubmit")}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
