import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  PasswordInput,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconPencil, IconUserPlus } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ROLES, type Role } from "@tasuki/domain";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client.ts";
import { api, keys } from "../../api/endpoints.ts";
import type { User } from "../../api/types.ts";
import { ForbiddenState } from "../../components/states.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { PASSWORD_MIN_LENGTH } from "../../lib/limits.ts";
import { useCan, useCurrentUser } from "../auth/session.tsx";
import { SettingsList } from "./SettingsList.tsx";

/** Admins manage who can sign in and what their role allows. Others see why they cannot. */
export function UsersPage() {
  const { t } = useTranslation();
  const isAdmin = useCan("users.manage");
  if (!isAdmin) return <ForbiddenState description={t("settings.usersAdminOnly")} />;
  return <UsersAdmin />;
}

function UsersAdmin() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const users = useQuery({ queryKey: keys.users(true), queryFn: () => api.listUsers(true) });
  const [editing, setEditing] = useState<User | null>(null);
  const [creating, setCreating] = useState(false);
  return (
    <SettingsList
      description={t("settings.usersDescription")}
      createLabel={t("settings.addUser")}
      createIcon={IconUserPlus}
      onCreate={() => setCreating(true)}
      query={users}
      dialogs={
        <UserFormModal
          key={editing?.id ?? (creating ? "new" : "none")}
          user={editing}
          opened={creating || editing !== null}
          onClose={() => {
            setCreating(false);
            setEditing(null);
          }}
        />
      }
    >
      {(data) => (
        <Table.ScrollContainer minWidth={820}>
          <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover data-testid="users-table">
            <Table.Thead>
              <Table.Tr>
                {(["name", "email", "role", "team", "language", "status", "updatedAt"] as const).map((c) => (
                  <Table.Th key={c} fz="xs" c="dimmed">
                    {t(`settings.userColumns.${c}`)}
                  </Table.Th>
                ))}
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((u) => (
                <Table.Tr key={u.id} c={u.active ? undefined : "dimmed"}>
                  <Table.Td fz="sm" fw={600}>
                    {u.name}
                    {u.id === me.id && (
                      <Text span size="xs" c="dimmed" ml={4}>
                        （{t("common.me")}）
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td fz="sm">{u.email}</Table.Td>
                  <Table.Td fz="sm">{t(`role.${u.role}`)}</Table.Td>
                  <Table.Td fz="sm">
                    {u.team ? t(`team.${u.team.key as "marketing"}`, { defaultValue: u.team.name }) : "—"}
                  </Table.Td>
                  <Table.Td fz="sm">{u.locale === "en" ? "English" : "日本語"}</Table.Td>
                  <Table.Td>
                    <Badge color={u.active ? "teal" : "gray"} variant="light" tt="none">
                      {u.active ? t("settings.active") : t("settings.inactive")}
                    </Badge>
                  </Table.Td>
                  <Table.Td fz="sm">{formatDateTime(u.updatedAt)}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="subtle"
                      leftSection={<IconPencil size={14} />}
                      onClick={() => setEditing(u)}
                      aria-label={t("settings.editUserNamed", { name: u.name })}
                    >
                      {t("common.edit")}
                    </Button>
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

function UserFormModal({
  user,
  opened,
  onClose,
}: {
  user: User | null;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const teams = useQuery({ queryKey: keys.teams, queryFn: api.listTeams, staleTime: 10 * 60_000 });
  const [email, setEmail] = useState(user?.email ?? "");
  const [familyName, setFamilyName] = useState(user?.familyName ?? "");
  const [givenName, setGivenName] = useState(user?.givenName ?? "");
  const [role, setRole] = useState<Role>(user?.role ?? "marketing");
  const [teamId, setTeamId] = useState<string | null>(user?.team?.id ?? null);
  const [active, setActive] = useState(user?.active ?? true);
  const [password, setPassword] = useState("");
  const mutation = useMutation({
    mutationFn: () =>
      user
        ? api.updateUser(user.id, {
            familyName: familyName.trim(),
            givenName: givenName.trim(),
            role,
            teamId,
            active,
            ...(password ? { password } : {}),
          })
        : api.createUser({
            email: email.trim(),
            familyName: familyName.trim(),
            givenName: givenName.trim(),
            role,
            ...(teamId ? { teamId } : {}),
            password,
          }),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ["users"] });
      notifications.show({
        color: "teal",
        message: t(user ? "settings.userSaved" : "settings.userCreated", { name: saved.name }),
      });
      onClose();
    },
  });
  const fieldErrors = mutation.error instanceof ApiError ? mutation.error.fieldErrors() : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate();
  };
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={user ? t("settings.editUser") : t("settings.addUser")}
      centered
      size="lg"
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {mutation.error && (
            <Alert color="red" variant="light" role="alert">
              {mutation.error.message}
            </Alert>
          )}
          <TextInput
            label={t("settings.email")}
            type="email"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            disabled={Boolean(user)}
            required
            error={fieldErrors.email}
          />
          <Group grow>
            <TextInput
              label={t("settings.familyName")}
              value={familyName}
              onChange={(e) => setFamilyName(e.currentTarget.value)}
              required
              error={fieldErrors.familyName}
            />
            <TextInput
              label={t("settings.givenName")}
              value={givenName}
              onChange={(e) => setGivenName(e.currentTarget.value)}
              required
              error={fieldErrors.givenName}
            />
          </Group>
          <Group grow>
            <Select
              label={t("settings.role")}
              data={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
              value={role}
              onChange={(v) => v && setRole(v as Role)}
              allowDeselect={false}
              error={fieldErrors.role}
            />
            <Select
              label={t("people.columns.team")}
              placeholder={t("settings.noTeam")}
              data={(teams.data?.items ?? []).map((team) => ({
                value: team.id,
                label: t(`team.${team.key as "marketing"}`, { defaultValue: team.nameJa }),
              }))}
              value={teamId}
              onChange={setTeamId}
              clearable
              error={fieldErrors.teamId}
            />
          </Group>
          <PasswordInput
            label={user ? t("settings.resetPassword") : t("settings.initialPassword")}
            description={t("settings.passwordHelp", { min: PASSWORD_MIN_LENGTH })}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            required={!user}
            autoComplete="new-password"
            error={fieldErrors.password}
          />
          {user && (
            <Switch
              label={t("settings.activeLabel")}
              description={t("settings.activeHelp")}
              checked={active}
              onChange={(e) => setActive(e.currentTarget.checked)}
              error={fieldErrors.active}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {user ? t("common.save") : t("settings.addUser")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
