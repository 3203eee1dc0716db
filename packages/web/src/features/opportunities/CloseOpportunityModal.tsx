import { Button, Group, Modal, Select, Stack, Text, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client.ts";
import { api, keys } from "../../api/endpoints.ts";
import type { Opportunity } from "../../api/types.ts";
import { DateField } from "../../components/DateField.tsx";
import { FormErrorAlert } from "../../components/states.tsx";
import { formatYen, todayJst } from "../../lib/format.ts";
import { lengthCounter } from "../../lib/length-counter.ts";

/** Closing as won or lost; lost asks for a reason from the shared taxonomy, which marketing learns from. */
export function CloseOpportunityModal({
  opportunity,
  outcome,
  onClose,
}: {
  opportunity: Opportunity | null;
  outcome: "won" | "lost";
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [lostReasonId, setLostReasonId] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const [closedOn, setClosedOn] = useState(todayJst());
  const [touched, setTouched] = useState(false);
  const reasons = useQuery({
    queryKey: keys.lostReasons,
    queryFn: api.listLostReasons,
    staleTime: 10 * 60_000,
    enabled: outcome === "lost" && opportunity !== null,
  });
  const mutation = useMutation({
    mutationFn: (target: Opportunity) =>
      api.closeOpportunity(target.id, {
        outcome,
        lostReasonId: outcome === "lost" ? lostReasonId : null,
        note: note.trim() || null,
        closedOn,
        version: target.version,
      }),
    onSuccess: (closed) => {
      queryClient.setQueryData(keys.opportunity(closed.id), closed);
      void queryClient.invalidateQueries({ queryKey: keys.opportunities });
      void queryClient.invalidateQueries({ queryKey: keys.people });
      notifications.show({
        color: outcome === "won" ? "teal" : "gray",
        message: t(outcome === "won" ? "opportunities.closedWon" : "opportunities.closedLost", {
          name: closed.name,
        }),
      });
      close();
    },
  });
  const close = () => {
    setLostReasonId(null);
    setNote("");
    setClosedOn(todayJst());
    setTouched(false);
    mutation.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!opportunity || (outcome === "lost" && !lostReasonId) || !closedOn) return;
    mutation.mutate(opportunity);
  };
  const fieldErrors = mutation.error instanceof ApiError ? mutation.error.fieldErrors() : {};
  return (
    <Modal
      opened={opportunity !== null}
      onClose={close}
      title={t(outcome === "won" ? "opportunities.closeWonTitle" : "opportunities.closeLostTitle")}
      centered
    >
      {opportunity && (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <Text size="sm">
              {opportunity.name}（{opportunity.company.name}・{formatYen(opportunity.amount)}）
            </Text>
            <FormErrorAlert error={mutation.error} />
            {outcome === "lost" && (
              <Select
                label={t("opportunities.lostReason")}
                placeholder={t("opportunities.chooseLostReason")}
                data={(reasons.data?.items ?? []).map((r) => ({
                  value: r.id,
                  label: i18n.language === "en" ? r.labelEn : r.labelJa,
                }))}
                value={lostReasonId}
                onChange={setLostReasonId}
                required
                disabled={reasons.isPending}
                error={
                  touched && !lostReasonId
                    ? t("opportunities.lostReasonRequired")
                    : (fieldErrors.lostReasonId ?? (reasons.isError ? reasons.error.message : undefined))
                }
                data-testid="lost-reason"
                comboboxProps={{ withinPortal: true }}
              />
            )}
            <DateField
              label={t("opportunities.closedOn")}
              value={closedOn}
              onChange={setClosedOn}
              required
              error={fieldErrors.closedOn}
            />
            <Textarea
              label={t("opportunities.closeNote")}
              placeholder={t(
                outcome === "won" ? "opportunities.closeNoteWon" : "opportunities.closeNoteLost",
              )}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              autosize
              minRows={2}
              maxLength={2000}
              description={lengthCounter(note, 2000)}
              data-testid="close-note"
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t("common.cancel")}
              </Button>
              <Button
                type="submit"
                color={outcome === "won" ? "teal" : "red"}
                loading={mutation.isPending}
                data-testid="close-submit"
              >
                {t(outcome === "won" ? "opportunities.markWon" : "opportunities.markLost")}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
