import { Button, Group, Modal, Stack, Textarea } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client.ts";
import { api, keys } from "../../api/endpoints.ts";
import type { GoalComment } from "../../api/types.ts";
import { DateField } from "../../components/DateField.tsx";
import { FormErrorAlert } from "../../components/states.tsx";
import { lengthCounter } from "../../lib/length-counter.ts";
import { monthLabel } from "./shared.ts";

/** Sales' status for a month: 今の数字, 必要な動き, いつまでに. New, or an edit of one's own. */
export function CommentModal({
  goalId,
  month,
  comment,
  onClose,
}: {
  goalId: string;
  month: string | null;
  comment: GoalComment | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [currentNumbers, setCurrentNumbers] = useState(comment?.currentNumbers ?? "");
  const [nextActions, setNextActions] = useState(comment?.nextActions ?? "");
  const [dueOn, setDueOn] = useState(comment?.dueOn ?? "");
  const [touched, setTouched] = useState(false);
  const mutation = useMutation({
    mutationFn: () =>
      comment
        ? api.updateGoalComment(goalId, comment.id, {
            currentNumbers: currentNumbers.trim(),
            nextActions: nextActions.trim(),
            dueOn: dueOn || null,
            version: comment.version,
          })
        : api.createGoalComment(goalId, {
            month: month ?? "",
            currentNumbers: currentNumbers.trim(),
            nextActions: nextActions.trim(),
            dueOn: dueOn || null,
          }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: keys.goalView(goalId) });
      onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!currentNumbers.trim() || !nextActions.trim()) return;
    mutation.mutate();
  };
  const fieldErrors = mutation.error instanceof ApiError ? mutation.error.fieldErrors() : {};
  return (
    <Modal
      opened={month !== null}
      onClose={onClose}
      title={t(comment ? "goals.comments.editTitle" : "goals.comments.newTitle", {
        month: month ? monthLabel(month, t) : "",
      })}
      size="lg"
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <FormErrorAlert error={mutation.error} />
          <Textarea
            label={t("goals.comments.currentNumbers")}
            placeholder={t("goals.comments.currentNumbersPlaceholder")}
            autosize
            minRows={2}
            maxLength={2000}
            description={lengthCounter(currentNumbers, 2000)}
            value={currentNumbers}
            onChange={(e) => setCurrentNumbers(e.currentTarget.value)}
            required
            data-autofocus
            error={touched && !currentNumbers.trim() ? t("common.required") : fieldErrors.currentNumbers}
          />
          <Textarea
            label={t("goals.comments.nextActions")}
            placeholder={t("goals.comments.nextActionsPlaceholder")}
            autosize
            minRows={2}
            maxLength={2000}
            description={lengthCounter(nextActions, 2000)}
            value={nextActions}
            onChange={(e) => setNextActions(e.currentTarget.value)}
            required
            error={touched && !nextActions.trim() ? t("common.required") : fieldErrors.nextActions}
          />
          <DateField
            label={t("goals.comments.dueOn")}
            value={dueOn}
            onChange={setDueOn}
            maw={220}
            error={fieldErrors.dueOn}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {comment ? t("common.save") : t("goals.comments.post")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
