import { Modal, Select, Stack, Text, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { OPPORTUNITY_STAGES } from "@tasuki/domain";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client.ts";
import { api, keys } from "../../api/endpoints.ts";
import type { Opportunity } from "../../api/types.ts";
import { FormActions } from "../../components/FormActions.tsx";
import { SaveErrorAlert } from "../../components/VersionConflictAlert.tsx";
import { formatYen } from "../../lib/format.ts";
import type { OpportunityStage } from "./shared.tsx";

/** Reopens a won or lost deal: a reason (kept in the audit log) and the open stage it goes back to. */
export function ReopenOpportunityModal({
  opportunity,
  opened,
  onClose,
}: {
  opportunity: Opportunity;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t("opportunities.reopenTitle")} centered>
      {opened && <ReopenForm key={opportunity.version} opportunity={opportunity} onClose={onClose} />}
    </Modal>
  );
}

function ReopenForm({ opportunity: o, onClose }: { opportunity: Opportunity; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const [stage, setStage] = useState<OpportunityStage>(o.stage);
  const [touched, setTouched] = useState(false);
  const mutation = useMutation({
    mutationFn: () => api.reopenOpportunity(o.id, { reason: reason.trim(), stage, version: o.version }),
    onSuccess: (reopened) => {
      queryClient.setQueryData(keys.opportunity(reopened.id), reopened);
      void queryClient.invalidateQueries({ queryKey: keys.opportunities });
      notifications.show({ color: "teal", message: t("opportunities.reopened", { name: reopened.name }) });
      onClose();
    },
  });
  const reload = () => void queryClient.invalidateQueries({ queryKey: keys.opportunity(o.id) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (reason.trim()) mutation.mutate();
  };
  const errors = mutation.error instanceof ApiError ? mutation.error.fieldErrors() : {};
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">
          {o.name}（{o.company.name}・{formatYen(o.amount)}・
          {t(`opportunities.statuses.${o.outcome ?? "open"}`)}）
        </Text>
        <Text size="sm" c="dimmed">
          {t("opportunities.reopenHint")}
        </Text>
        <SaveErrorAlert error={mutation.error} onReload={reload} />
        <Textarea
          label={t("opportunities.reopenReason")}
          description={t("opportunities.reopenReasonHelp")}
          placeholder={t("opportunities.reopenReasonPlaceholder")}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          required
          data-autofocus
          autosize
          minRows={2}
          maxLength={1000}
          error={touched && !reason.trim() ? t("opportunities.reopenReasonRequired") : errors.reason}
          data-testid="reopen-reason"
        />
        <Select
          label={t("opportunities.reopenStage")}
          data={OPPORTUNITY_STAGES.map((s) => ({ value: s, label: t(`opportunityStage.${s}`) }))}
          value={stage}
          onChange={(v) => v && setStage(v as OpportunityStage)}
          allowDeselect={false}
          error={errors.stage}
          comboboxProps={{ withinPortal: true }}
        />
        <FormActions
          onCancel={onClose}
          submitLabel={t("opportunities.reopenSubmit")}
          loading={mutation.isPending}
          submitTestId="reopen-submit"
        />
      </Stack>
    </form>
  );
}
