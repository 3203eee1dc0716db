import {
  Alert,
  Badge,
  Button,
  CopyButton,
  Group,
  Modal,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCheck, IconCopy, IconLink, IconPencil, IconUserPlus } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ROLES, type Role } from "@tasuki/domain";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client.ts";
import { api, keys } from "../../api/endpoints.ts";
import type { Invitation, IssuedInvitation, User } from "../../api/types.ts";
import { ForbiddenState } from "../../components/states.tsx";
import { formatDateTime } from "../../lib/format.ts";
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
  const invitations = useQuery({ queryKey: keys.invitations, queryFn: api.listInvitations });
  const [editing, setEditing] = useState<User | null>(null);
  const [creating, setCreating] = useState(false);
  const [issued, setIssued] = useState<{ invitation: IssuedInvitation; name: string } | null>(null);
  const pendingByUser = new Map((invitations.data?.items ?? []).map((i) => [i.userId, i]));
  return (
    <SettingsList
      description={t("settings.usersDescription")}
      createLabel={t("settings.addUser")}
      createIcon={IconUserPlus}
      onCreate={() => setCreating(true)}
      query={users}
      dialogs={
        <>
          <UserFormModal
            key={editing?.id ?? (creating ? "new" : "none")}
            user={editing}
            opened={creating || editing !== null}
            onClose={() => {
              setCreating(false);
              setEditing(null);
            }}
            onIssued={setIssued}
          />
          <InvitationLinkModal issued={issued} onClose={() => setIssued(null)} />
        </>
      }
    >
      {(data) => (
        <>
          <PendingInvitations items={invitations.data?.items ?? []} onIssued={setIssued} />
          <Table.ScrollContainer minWidth={820}>
            <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover data-testid="users-table">
              <Table.Thead>
                <Table.Tr>
                  {(["name", "email", "role", "team", "language", "status", "updatedAt"] as const).map(
                    (c) => (
                      <Table.Th key={c} fz="xs" c="dimmed">
                        {t(`settings.userColumns.${c}`)}
                      </Table.Th>
                    ),
                  )}
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
                      {u.active && pendingByUser.has(u.id) ? (
                        <Badge color="orange" variant="light" tt="none">
                          {t("settings.invited")}
                        </Badge>
                      ) : (
                        <Badge color={u.active ? "teal" : "gray"} variant="light" tt="none">
                          {u.active ? t("settings.active") : t("settings.inactive")}
                        </Badge>
                      )}
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
        </>
      )}
    </SettingsList>
  );
}

/** The link to pass on, shown once: only its hash is kept, so it cannot be shown again later. */
function invitationUrl(token: string): string {
  return `${window.location.origin}/invitation#${token}`;
}

function InvitationLinkModal({
  issued,
  onClose,
}: {
  issued: { invitation: IssuedInvitation; name: string } | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const url = issued ? invitationUrl(issued.invitation.token) : "";
  return (
    <Modal
      opened={issued !== null}
      onClose={onClose}
      title={t("settings.invitationLinkTitle")}
      centered
      size="lg"
    >
      {issued && (
        <Stack gap="md">
          <Text size="sm">{t("settings.invitationLinkHelp", { name: issued.name })}</Text>
          <TextInput
            label={t("settings.invitationLink")}
            value={url}
            readOnly
            data-testid="invitation-link"
            onFocus={(e) => e.currentTarget.select()}
            description={t("settings.invitationExpires", { at: formatDateTime(issued.invitation.expiresAt) })}
          />
          <Alert color="yellow" variant="light">
            {t("settings.invitationOnce")}
          </Alert>
          <Group justify="flex-end">
            <CopyButton value={url}>
              {({ copied, copy }) => (
                <Button
                  variant="light"
                  leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                  onClick={copy}
                >
                  {copied ? t("settings.copied") : t("settings.copyLink")}
                </Button>
              )}
            </CopyButton>
            <Button onClick={onClose}>{t("common.done")}</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

/** Users who have not set their password yet, soonest to expire first; each link can be re-issued. */
function PendingInvitations({
  items,
  onIssued,
}: {
  items: Invitation[];
  onIssued: (issued: { invitation: IssuedInvitation; name: string }) => void;
}) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  return (
    <Stack gap={4} px="md" pb="md" data-testid="pending-invitations">
      <Text size="sm" fw={600}>
        {t("settings.pendingInvitations", { count: items.length })}
      </Text>
      {items.map((i) => (
        <Group key={i.id} gap="xs" justify="space-between" wrap="wrap">
          <Text size="sm">
            {i.name}{" "}
            <Text span size="xs" c="dimmed">
              {i.email}
            </Text>
          </Text>
          <Group gap="xs">
            {i.expired ? (
              <Badge color="red" variant="light" tt="none">
                {t("settings.invitationExpired")}
              </Badge>
            ) : (
              <Text size="xs" c="dimmed">
                {t("settings.invitationExpires", { at: formatDateTime(i.expiresAt) })}
              </Text>
            )}
            <ReissueButton userId={i.userId} name={i.name} onIssued={onIssued} />
          </Group>
        </Group>
      ))}
    </Stack>
  );
}

function ReissueButton({
  userId,
  name,
  onIssued,
  label,
}: {
  userId: string;
  name: string;
  onIssued: (issued: { invitation: IssuedInvitation; name: string }) => void;
  label?: string;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => api.reissueInvitation(userId),
    onSuccess: (invitation) => {
      void queryClient.invalidateQueries({ queryKey: ["users"] });
      onIssued({ invitation, name });
    },
    onError: (error) => notifications.show({ color: "red", message: error.message }),
  });
  return (
    <Button
      size="xs"
      variant="subtle"
      leftSection={<IconLink size={14} />}
      loading={mutation.isPending}
      onClick={() => mutation.mutate()}
      aria-label={t("settings.reissueNamed", { name })}
    >
      {label ?? t("settings.reissue")}
    </Button>
  );
}

function UserFormModal({
  user,
  opened,
  onClose,
  onIssued,
}: {
  user: User | null;
  opened: boolean;
  onClose: () => void;
  onIssued: (issued: { invitation: IssuedInvitation; name: string }) => void;
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
  const mutation = useMutation({
    mutationFn: async () => {
      if (user) {
        const saved = await api.updateUser(user.id, {
          familyName: familyName.trim(),
          givenName: givenName.trim(),
          role,
          teamId,
          active,
        });
        return { user: saved, invitation: null };
      }
      return api.createUser({
        email: email.trim(),
        familyName: familyName.trim(),
        givenName: givenName.trim(),
        role,
        ...(teamId ? { teamId } : {}),
      });
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ["users"] });
      notifications.show({
        color: "teal",
        message: t(user ? "settings.userSaved" : "settings.userCreated", { name: saved.user.name }),
      });
      onClose();
      if (saved.invitation) onIssued({ invitation: saved.invitation, name: saved.user.name });
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
          {user ? (
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Text size="sm" c="dimmed">
                {t("settings.resetHelp")}
              </Text>
              <ReissueButton
                userId={user.id}
                name={user.name}
                label={t("settings.issueResetLink")}
                onIssued={(issued) => {
                  onClose();
                  onIssued(issued);
                }}
              />
            </Group>
          ) : (
            <Text size="sm" c="dimmed">
              {t("settings.inviteHelp")}
            </Text>
          )}
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
