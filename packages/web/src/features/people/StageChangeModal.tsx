import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertCircle, IconArrowRight } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type LifecycleStage, STAGE_TRANSITIONS } from "@tasuki/domain";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client.ts";
import { api, keys } from "../../api/endpoints.ts";
import type { Person } from "../../api/types.ts";
import { StageBadge } from "../../components/badges.tsx";

/** Only moves the transition table allows are offered; the reason is required and kept in the history. */
export function StageChangeModal({
  person,
  opened,
  onClose,
}: {
  person: Person;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [to, setTo] = useState<LifecycleStage | null>(null);
  const [reason, setReason] = useState("");
  const [touched, setTouched] = useState(false);
  const mutation = useMutation({
    mutationFn: () =>
      api.changePersonStage(person.id, { to: to!, reason: reason.trim(), version: person.version }),
    onSuccess: (result) => {
      queryClient.setQueryData(keys.person(person.id), result.person);
      void queryClient.invalidateQueries({ queryKey: keys.people });
      notifications.show({
        color: "teal",
        message: t("people.stageChanged", { stage: t(`stage.${result.person.stage}`) }),
      });
      close();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === "version_conflict")
        void queryClient.invalidateQueries({ queryKey: keys.person(person.id) });
    },
  });
  const close = () => {
    setTo(null);
    setReason("");
    setTouched(false);
    mutation.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!to || !reason.trim()) return;
    mutation.mutate();
  };
  const error = mutation.error;
  const fieldErrors = error instanceof ApiError ? error.fieldErrors() : {};

  return (
    <Modal opened={opened} onClose={close} title={t("people.changeStage")} size="md" centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              {t("people.currentStage")}
            </Text>
            <StageBadge stage={person.stage} />
            {to && (
              <>
                <IconArrowRight size={16} aria-hidden />
                <StageBadge stage={to} />
              </>
            )}
          </Group>
          {error && (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
              {error instanceof ApiError ? error.message : t("common.unexpectedError")}
            </Alert>
          )}
          <Select
            label={t("people.newStage")}
            placeholder={t("people.chooseStage")}
            description={t("people.onlyValidTransitions")}
            data={STAGE_TRANSITIONS[person.stage].map((s) => ({ value: s, label: t(`stage.${s}`) }))}
            value={to}
            onChange={(v) => setTo(v as LifecycleStage | null)}
            required
            error={touched && !to ? t("people.stageRequired") : fieldErrors.to}
            data-testid="stage-select"
            comboboxProps={{ withinPortal: true }}
          />
          <Textarea
            label={t("people.reason")}
            description={t("people.reasonHelp")}
            placeholder={t("people.reasonPlaceholder")}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            required
            autosize
            minRows={3}
            maxLength={1000}
            error={touched && !reason.trim() ? t("people.reasonRequired") : fieldErrors.reason}
            data-testid="stage-reason"
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={mutation.isPending} data-testid="stage-submit">
              {t("people.changeStageSubmit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
