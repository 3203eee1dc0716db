import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  TextInput,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCheck, IconCopy, IconKey } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client.ts";
import { api, keys } from "../../api/endpoints.ts";
import type { ApiToken, CreateApiTokenResponse } from "../../api/types.ts";
import { EmptyState, ForbiddenState } from "../../components/states.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { lengthCounter } from "../../lib/length-counter.ts";
import { useCan } from "../auth/session.tsx";
import { SettingsList } from "./SettingsList.tsx";

type Scope = "read" | "write";

export function TokensPage() {
  const canManage = useCan("tokens.manage");
  if (!canManage) return <ForbiddenState />;
  return <Tokens />;
}

function Tokens() {
  const { t } = useTranslation();
  const tokens = useQuery({ queryKey: keys.apiTokens, queryFn: api.listApiTokens });
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  return (
    <SettingsList
      description={t("tokens.description")}
      descriptionMaw={640}
      createLabel={t("tokens.create")}
      createTestId="token-create"
      onCreate={() => setCreating(true)}
      query={tokens}
      skeletonRows={3}
      empty={<EmptyState icon={IconKey} title={t("tokens.emptyTitle")} description={t("tokens.emptyBody")} />}
      dialogs={
        <>
          <CreateTokenModal opened={creating} onClose={() => setCreating(false)} />
          <RevokeTokenModal token={revoking} onClose={() => setRevoking(null)} />
        </>
      }
    >
      {(data) => (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="sm" horizontalSpacing="md" data-testid="tokens-table">
            <Table.Thead>
              <Table.Tr>
                {(
                  ["name", "prefix", "scopes", "createdAt", "lastUsedAt", "expiresAt", "status"] as const
                ).map((c) => (
                  <Table.Th key={c} fz="xs" c="dimmed">
                    {t(`tokens.columns.${c}`)}
                  </Table.Th>
                ))}
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((token) => (
                <Table.Tr key={token.id} c={token.revokedAt ? "dimmed" : undefined}>
                  <Table.Td fz="sm" fw={600}>
                    {token.name}
                  </Table.Td>
                  <Table.Td>
                    <Code>{token.prefix}…</Code>
                  </Table.Td>
                  <Table.Td fz="sm">{token.scopes.map((s) => t(`tokens.scopes.${s}`)).join("・")}</Table.Td>
                  <Table.Td fz="sm">{formatDateTime(token.createdAt)}</Table.Td>
                  <Table.Td fz="sm">
                    {token.lastUsedAt ? formatDateTime(token.lastUsedAt) : t("tokens.neverUsed")}
                  </Table.Td>
                  <Table.Td fz="sm">
                    {token.expiresAt ? formatDateTime(token.expiresAt) : t("tokens.noExpiry")}
                  </Table.Td>
                  <Table.Td>
                    <Badge color={token.revokedAt ? "gray" : "teal"} variant="light" tt="none">
                      {token.revokedAt ? t("tokens.revoked") : t("tokens.active")}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {!token.revokedAt && (
                      <Button size="xs" variant="subtle" color="red" onClick={() => setRevoking(token)}>
                        {t("tokens.revoke")}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </SettingsList>
  );
}

function CreateTokenModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<Scope[]>(["read"]);
  const [created, setCreated] = useState<CreateApiTokenResponse | null>(null);
  const mutation = useMutation({
    mutationFn: () => api.createApiToken({ name: name.trim(), scopes }),
    onSuccess: (result) => {
      setCreated(result);
      void queryClient.invalidateQueries({ queryKey: keys.apiTokens });
    },
  });
  const close = () => {
    setName("");
    setScopes(["read"]);
    setCreated(null);
    mutation.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() && scopes.length > 0) mutation.mutate();
  };
  return (
    <Modal opened={opened} onClose={close} title={t("tokens.create")} centered size="lg">
      {created ? (
        <Stack gap="md">
          <Alert color="yellow" variant="light" title={t("tokens.copyNowTitle")}>
            {t("tokens.copyNowBody")}
          </Alert>
          <Group wrap="nowrap" gap="xs">
            <Code block style={{ flex: 1, wordBreak: "break-all" }} data-testid="token-secret">
              {created.token}
            </Code>
            <CopyButton value={created.token}>
              {({ copied, copy }) => (
                <Button
                  variant={copied ? "filled" : "default"}
                  color={copied ? "teal" : undefined}
                  leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                  onClick={copy}
                >
                  {copied ? t("tokens.copied") : t("tokens.copy")}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Group justify="flex-end">
            <Button onClick={close}>{t("common.done")}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            {mutation.error && (
              <Alert color="red" variant="light" role="alert">
                {mutation.error instanceof ApiError ? mutation.error.message : t("common.unexpectedError")}
              </Alert>
            )}
            <TextInput
              label={t("tokens.name")}
              placeholder={t("tokens.namePlaceholder")}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              required
              maxLength={100}
              description={lengthCounter(name, 100)}
              data-autofocus
            />
            <Checkbox.Group
              label={t("tokens.columns.scopes")}
              value={scopes}
              onChange={(v) => setScopes(v as Scope[])}
              required
              error={scopes.length === 0 ? t("tokens.scopeRequired") : undefined}
            >
              <Stack gap={6} mt={6}>
                <Checkbox
                  value="read"
                  label={t("tokens.scopes.read")}
                  description={t("tokens.scopeReadHelp")}
                />
                <Checkbox
                  value="write"
                  label={t("tokens.scopes.write")}
                  description={t("tokens.scopeWriteHelp")}
                />
              </Stack>
            </Checkbox.Group>
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t("common.cancel")}
              </Button>
              <Button
                type="submit"
                loading={mutation.isPending}
                disabled={!name.trim() || scopes.length === 0}
              >
                {t("tokens.createSubmit")}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function RevokeTokenModal({ token, onClose }: { token: ApiToken | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (id: string) => api.revokeApiToken(id),
    onSuccess: (revoked) => {
      void queryClient.invalidateQueries({ queryKey: keys.apiTokens });
      notifications.show({ color: "gray", message: t("tokens.revokedMessage", { name: revoked.name }) });
      onClose();
    },
  });
  return (
    <Modal opened={token !== null} onClose={onClose} title={t("tokens.revokeTitle")} centered>
      <Stack gap="md">
        <Text size="sm">{t("tokens.revokeBody", { name: token?.name ?? "" })}</Text>
        {mutation.error && (
          <Alert color="red" variant="light" role="alert">
            {mutation.error.message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button color="red" loading={mutation.isPending} onClick={() => token && mutation.mutate(token.id)}>
            {t("tokens.revoke")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
