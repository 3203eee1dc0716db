import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconPencil, IconPlus } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client.ts";
import { api, keys } from "../../api/endpoints.ts";
import type { RejectionReason } from "../../api/types.ts";
import { ErrorState, ForbiddenState, TableSkeleton } from "../../components/states.tsx";
import { useCan } from "../auth/session.tsx";

export function RejectionReasonsPage() {
  const canManage = useCan("relay.manage");
  if (!canManage) return <ForbiddenState />;
  return <Reasons />;
}

function apiErrorText(error: unknown): string {
  return error instanceof ApiError
    ? [error.message, ...error.details.map((d) => d.message)].join(" ")
    : String(error);
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
    <Paper withBorder radius="md" p={0}>
      <Group justify="space-between" p="md">
        <Text size="sm" c="dimmed" maw={680}>
          {t("relaySettings.reasons.description")}
        </Text>
        <Button
          leftSection={<IconPlus size={16} />}
          onClick={() => setEditing("new")}
          data-testid="reason-create"
        >
          {t("relaySettings.reasons.create")}
        </Button>
      </Group>
      {reasons.isPending ? (
        <TableSkeleton rows={8} />
      ) : reasons.isError ? (
        <ErrorState error={reasons.error} onRetry={() => reasons.refetch()} />
      ) : (
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
            {reasons.data.items.map((r) => (
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
      <ReasonModal reason={editing} onClose={() => setEditing(null)} />
    </Paper>
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
  const client = useQueryClient();
  const existing = reason === "new" ? null : reason;
  const [labelJa, setLabelJa] = useState(existing?.labelJa ?? "");
  const [labelEn, setLabelEn] = useState(existing?.labelEn ?? "");
  const [disqualifies, setDisqualifies] = useState(existing?.disqualifies ?? false);
  const save = useMutation({
    mutationFn: () =>
      existing
        ? api.updateRejectionReason(existing.id, {
            labelJa,
            labelEn,
            disqualifies,
            version: existing.version,
          })
        : api.createRejectionReason({ labelJa, labelEn, disqualifies }),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: keys.rejectionReasons });
      notifications.show({ color: "teal", message: t("relaySettings.saved") });
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
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
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="reason-save">
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
