import { Badge, Button, Group, Modal, Paper, Radio, Select, Stack, Text, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconArrowRight, IconBook2 } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type LifecycleStage, STAGE_TRANSITIONS } from "@tasuki/domain";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client.ts";
import { api, keys } from "../../api/endpoints.ts";
import type { Person } from "../../api/types.ts";
import { StageBadge } from "../../components/badges.tsx";
import { FormErrorAlert } from "../../components/states.tsx";
import { lengthCounter, withCounter } from "../../lib/length-counter.ts";
import { useDefinitionName } from "../definitions/shared.tsx";

/**
 * Only moves the transition table allows are offered. The move is explained either by a written
 * reason or by citing the approved definition for the chosen stage (the server checks the person
 * meets it); both are kept in the history.
 */
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
  const [basis, setBasis] = useState<"definition" | "reason">("definition");
  const nameOf = useDefinitionName();
  const definitions = useQuery({
    queryKey: keys.definitionsList,
    queryFn: api.listDefinitions,
    enabled: opened,
  });
  const checks = useQuery({
    queryKey: keys.personDefinitions(person.id),
    queryFn: () => api.evaluatePersonDefinitions(person.id),
    enabled: opened,
  });
  // The approved definition for the chosen stage, if the common language has one.
  const cited = to ? definitions.data?.items.find((d) => d.targetStage === to && d.current) : undefined;
  const meets = cited
    ? checks.data?.items.find((c) => c.version.id === cited.current?.id)?.satisfied
    : undefined;
  // Cite only when we know the person meets it; the server checks again before moving.
  const citing = Boolean(cited?.current) && basis === "definition" && meets === true;
  const mutation = useMutation({
    mutationFn: () =>
      api.changePersonStage(person.id, {
        to: to!,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
        ...(citing && cited?.current ? { definitionVersionId: cited.current.id } : {}),
        version: person.version,
      }),
    onSuccess: (result) => {
      queryClient.setQueryData(keys.person(person.id), result.person);
      void queryClient.invalidateQueries({ queryKey: keys.people });
      void queryClient.invalidateQueries({ queryKey: keys.handoffs });
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
    setBasis("definition");
    mutation.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!to || (!citing && !reason.trim())) return;
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
          <FormErrorAlert error={error} />
          <Select
            label={t("people.newStage")}
            placeholder={t("people.chooseStage")}
            description={t("people.onlyValidTransitions")}
            data={STAGE_TRANSITIONS[person.stage].map((s) => ({ value: s, label: t(`stage.${s}`) }))}
            value={to}
            onChange={(v) => {
              setTo(v as LifecycleStage | null);
              setBasis("definition");
            }}
            required
            error={touched && !to ? t("people.stageRequired") : fieldErrors.to}
            data-testid="stage-select"
            comboboxProps={{ withinPortal: true }}
          />
          {cited?.current && (
            <Paper withBorder radius="md" p="sm" bg="gray.0" data-testid="stage-basis">
              <Radio.Group
                label={t("people.basis")}
                value={meets === true ? basis : "reason"}
                onChange={(v) => setBasis(v as "definition" | "reason")}
              >
                <Stack gap="xs" mt={6}>
                  <Radio
                    value="definition"
                    disabled={meets !== true}
                    data-testid="cite-definition"
                    label={
                      <Group gap={6} wrap="wrap">
                        <IconBook2 size={16} aria-hidden />
                        <span>
                          {t("people.citeDefinition", { name: nameOf(cited), number: cited.current.number })}
                        </span>
                        {meets === true && (
                          <Badge color="teal" variant="light" size="sm" radius="sm" tt="none">
                            {t("people.meets")}
                          </Badge>
                        )}
                      </Group>
                    }
                    description={
                      meets === false ? (
                        t("people.citeNotMet")
                      ) : meets === undefined ? (
                        t("people.citeChecking")
                      ) : (
                        <span className="tasuki-expression">{cited.current.expression}</span>
                      )
                    }
                  />
                  <Radio value="reason" label={t("people.writeReason")} data-testid="write-reason" />
                </Stack>
              </Radio.Group>
            </Paper>
          )}
          <Textarea
            label={citing ? t("people.reasonOptional") : t("people.reason")}
            description={withCounter(
              citing ? t("people.reasonOptionalHelp") : t("people.reasonHelp"),
              lengthCounter(reason, 1000),
            )}
            placeholder={t("people.reasonPlaceholder")}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            required={!citing}
            autosize
            minRows={citing ? 2 : 3}
            maxLength={1000}
            error={touched && !citing && !reason.trim() ? t("people.reasonRequired") : fieldErrors.reason}
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
