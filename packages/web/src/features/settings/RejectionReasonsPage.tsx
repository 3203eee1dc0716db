import { Alert, Badge, Button, Checkbox, Modal, Stack, Switch, Table, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconPencil } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { apiErrorText } from "../../api/client.ts";
import { api, keys } from "../../api/endpoints.ts";
import type { RejectionReason } from "../../api/types.ts";
import { FormActions } from "../../components/FormActions.tsx";
import { ForbiddenState } from "../../components/states.tsx";
import { useCan } from "../auth/session.tsx";
import { SettingsList, useSettingsSave } from "./SettingsList.tsx";

export function RejectionReasonsPage() {
  const canManage = useCan("relay.manage");
  if (!canManage) return <ForbiddenState />;
  return <Reasons />;
}

function Reasons() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const reasons = useQuery({ queryKey: keys.rejectionReasonsAll, queryFn: api.listAllRejectionReasons });
  const [editing, setEditing] = useState<RejectionReason | "new" | null>(null);
  const toggle = useMutation({
    mutationFn: (r: RejectionReason) =>
      api.updateRejectionReason(r.id, { active: !r.active, version: r.version }),
    onSuccess: (r) => {
      client.invalidateQueries({ queryKey: keys.rejectionReasons });
      notifications.show({
        color: "teal",
        message: r.active ? t("relaySettings.reasons.activated") : t("relaySettings.reasons.deactivated"),
      });
    },
    onError: (error) => notifications.show({ color: "red", message: apiErrorText(error) }),
  });
  return (
    <SettingsList
      description={t("relaySettings.reasons.description")}
      descriptionMaw={680}
      createLabel={t("relaySettings.reasons.create")}
      createTestId="reason-create"
      onCreate={() => setEditing("new")}
      query={reasons}
      skeletonRows={8}
      dialogs={<ReasonModal reason={editing} onClose={() => setEditing(null)} />}
    >
      {(data) => (
        <Table striped verticalSpacing="sm" data-testid="rejection-reasons">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("relaySettings.reasons.labelJa")}</Table.Th>
              <Table.Th>{t("relaySettings.reasons.labelEn")}</Table.Th>
              <Table.Th>{t("relaySettings.reasons.effect")}</Table.Th>
              <Table.Th>{t("relaySettings.reasons.key")}</Table.Th>
              <Table.Th>{t("relaySettings.reasons.active")}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.items.map((r) => (
              <Table.Tr
                key={r.id}
                data-testid="reason-row"
                data-key={r.key}
                style={{ opacity: r.active ? 1 : 0.55 }}
              >
                <Table.Td fw={500}>{r.labelJa}</Table.Td>
                <Table.Td>{r.labelEn}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={r.disqualifies ? "red" : "blue"}>
                    {r.disqualifies
                      ? t("relaySettings.reasons.disqualifies")
                      : t("relaySettings.reasons.recycles")}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" ff="monospace" c="dimmed">
                    {r.key}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Switch
                    checked={r.active}
                    onChange={() => toggle.mutate(r)}
                    aria-label={t("relaySettings.reasons.activeToggle", { label: r.labelJa })}
                    data-testid="reason-active"
                  />
                </Table.Td>
                <Table.Td ta="right">
                  <Button
                    size="xs"
                    variant="subtle"
                    leftSection={<IconPencil size={14} />}
                    onClick={() => setEditing(r)}
                    data-testid="reason-edit"
                  >
                    {t("common.edit")}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </SettingsList>
  );
}

function ReasonModal({ reason, onClose }: { reason: RejectionReason | "new" | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={reason !== null}
      onClose={onClose}
      title={reason === "new" ? t("relaySettings.reasons.create") : t("relaySettings.reasons.edit")}
    >
      {reason !== null && (
        <ReasonForm key={reason === "new" ? "new" : reason.id} reason={reason} onDone={onClose} />
      )}
    </Modal>
  );
}

function ReasonForm({ reason, onDone }: { reason: RejectionReason | "new"; onDone: () => void }) {
  const { t } = useTranslation();
  const existing = reason === "new" ? null : reason;
  const [labelJa, setLabelJa] = useState(existing?.labelJa ?? "");
  const [labelEn, setLabelEn] = useState(existing?.labelEn ?? "");
  const [disqualifies, setDisqualifies] = useState(existing?.disqualifies ?? false);
  const { save, submit } = useSettingsSave(
    keys.rejectionReasons,
    () =>
      existing
        ? api.updateRejectionReason(existing.id, {
            labelJa,
            labelEn,
            disqualifies,
            version: existing.version,
          })
        : api.createRejectionReason({ labelJa, labelEn, disqualifies }),
    onDone,
  );
  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <TextInput
          label={t("relaySettings.reasons.labelJa")}
          value={labelJa}
          onChange={(e) => setLabelJa(e.currentTarget.value)}
          required
          data-autofocus
          data-testid="reason-label-ja"
        />
        <TextInput
          label={t("relaySettings.reasons.labelEn")}
          value={labelEn}
          onChange={(e) => setLabelEn(e.currentTarget.value)}
          required
          data-testid="reason-label-en"
        />
        <Checkbox
          label={t("relaySettings.reasons.disqualifiesLabel")}
          description={t("relaySettings.reasons.disqualifiesHint")}
          checked={disqualifies}
          onChange={(e) => setDisqualifies(e.currentTarget.checked)}
        />
        {existing && (
          <Text size="xs" c="dimmed">
            {t("relaySettings.reasons.renameHint")}
          </Text>
        )}
        {save.isError && <Alert color="red">{apiErrorText(save.error)}</Alert>}
        <FormActions
          onCancel={onDone}
          submitLabel={t("common.save")}
          loading={save.isPending}
          submitTestId="reason-save"
        />
      </Stack>
    </form>
  );
}
