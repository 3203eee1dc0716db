import {
  ActionIcon,
  Box,
  Button,
  Divider,
  Group,
  Indicator,
  Loader,
  Popover,
  ScrollArea,
  Stack,
  Text,
  ThemeIcon,
  UnstyledButton,
  VisuallyHidden,
} from "@mantine/core";
import {
  IconAlarm,
  IconAlertTriangle,
  IconBell,
  IconCheck,
  IconCornerUpLeft,
  IconInbox,
} from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { RelayEventType } from "@tasuki/domain";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { api, keys } from "../../api/endpoints.ts";
import type { Notification } from "../../api/types.ts";
import { formatDateTime } from "../../lib/format.ts";

const UNREAD_QUERY = { unread: true, limit: 100 } as const;
const RECENT_QUERY = { limit: 20 } as const;

const TYPE_ICONS: Record<RelayEventType, { icon: typeof IconInbox; color: string }> = {
  "handoff.created": { icon: IconInbox, color: "ai" },
  "handoff.accepted": { icon: IconCheck, color: "teal" },
  "handoff.rejected": { icon: IconCornerUpLeft, color: "red" },
  "handoff.at_risk": { icon: IconAlarm, color: "orange" },
  "handoff.breached": { icon: IconAlertTriangle, color: "red" },
};

/** The bell in the header: how many notifications are unread, the latest ones, and a way to clear them. */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const unread = useQuery({
    queryKey: keys.notificationsList(UNREAD_QUERY),
    queryFn: () => api.listNotifications(UNREAD_QUERY),
    refetchInterval: 30_000,
  });
  const recent = useQuery({
    queryKey: keys.notificationsList(RECENT_QUERY),
    queryFn: () => api.listNotifications(RECENT_QUERY),
    enabled: opened,
  });
  const markRead = useMutation({
    mutationFn: (ids: string[]) => api.markNotificationsRead(ids),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.notifications }),
  });
  // Clears every unread notification, page by page (the API marks up to 500 ids per call).
  const markAll = useMutation({
    mutationFn: async () => {
      for (let round = 0; round < 20; round++) {
        const page = await api.listNotifications({ unread: true, limit: 200 });
        if (page.items.length === 0) break;
        await api.markNotificationsRead(page.items.map((n) => n.id));
        if (!page.nextCursor) break;
      }
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.notifications }),
  });
  const count = unread.data?.items.length ?? 0;
  const more = Boolean(unread.data?.nextCursor);
  const countLabel = more || count > 99 ? "99+" : String(count);

  const open = (n: Notification) => {
    if (!n.read) markRead.mutate([n.id]);
    setOpened(false);
    if (n.handoffId) navigate(`/handoffs/${n.handoffId}`);
  };

  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-end"
      width={380}
      shadow="md"
      withinPortal
      trapFocus
    >
      <Popover.Target>
        <Indicator
          label={countLabel}
          size={18}
          offset={4}
          color="red"
          disabled={count === 0}
          inline
          data-testid="notification-count"
        >
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            onClick={() => setOpened((o) => !o)}
            aria-label={
              count > 0 ? t("notifications.bellUnread", { count: countLabel }) : t("notifications.bell")
            }
            aria-expanded={opened}
            data-testid="notification-bell"
          >
            <IconBell size={20} />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p={0}>
        <Group justify="space-between" px="md" py="sm">
          <Text fw={700} size="sm">
            {t("notifications.title")}
          </Text>
          <Button
            size="compact-xs"
            variant="subtle"
            disabled={count === 0}
            loading={markAll.isPending}
            onClick={() => markAll.mutate()}
            data-testid="notifications-read-all"
          >
            {t("notifications.markAllRead")}
          </Button>
        </Group>
        <Divider />
        <ScrollArea.Autosize mah={420}>
          {recent.isPending ? (
            <Group justify="center" p="lg">
              <Loader size="sm" />
            </Group>
          ) : recent.isError ? (
            <Text size="sm" c="red.8" p="md">
              {t("common.loadFailed")}
            </Text>
          ) : recent.data.items.length === 0 ? (
            <Stack align="center" gap={4} p="lg">
              <IconBell size={28} color="var(--mantine-color-gray-5)" aria-hidden />
              <Text size="sm" c="dimmed">
                {t("notifications.empty")}
              </Text>
            </Stack>
          ) : (
            <Stack gap={0} data-testid="notification-list">
              {recent.data.items.map((n) => {
                const { icon: Icon, color } = TYPE_ICONS[n.type];
                return (
                  <UnstyledButton
                    key={n.id}
                    onClick={() => open(n)}
                    px="md"
                    py="sm"
                    className="tasuki-row-link"
                    data-testid="notification-item"
                    data-read={n.read}
                    style={{ borderBottom: "1px solid var(--mantine-color-gray-2)" }}
                  >
                    <Group gap="sm" wrap="nowrap" align="flex-start">
                      <ThemeIcon size={28} radius="xl" variant="light" color={color}>
                        <Icon size={16} />
                      </ThemeIcon>
                      <Box style={{ flex: 1, minWidth: 0 }}>
                        <Text size="sm" fw={n.read ? 400 : 600} lh={1.5}>
                          {n.message}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {formatDateTime(n.createdAt)}
                        </Text>
                      </Box>
                      {!n.read && (
                        <>
                          <Box w={8} h={8} mt={8} bg="red.6" style={{ borderRadius: "50%", flexShrink: 0 }} />
                          <VisuallyHidden>{t("notifications.unread")}</VisuallyHidden>
                        </>
                      )}
                    </Group>
                  </UnstyledButton>
                );
              })}
            </Stack>
          )}
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}
