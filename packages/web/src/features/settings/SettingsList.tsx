import { Button, Group, Paper, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { type Icon, IconPlus } from "@tabler/icons-react";
import { type QueryKey, type UseQueryResult, useMutation, useQueryClient } from "@tanstack/react-query";
import type { FormEvent, ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { QueryState } from "../../components/QueryState.tsx";
import { TableSkeleton } from "../../components/states.tsx";

/**
 * The frame of a settings list (users, tokens, rejection reasons, channels): what the list is
 * for and its create button, then the list loading, failed (with a retry), empty or loaded.
 * `dialogs` are the page's create/edit modals, rendered inside the frame.
 */
export function SettingsList<T extends { items: readonly unknown[] }>({
  description,
  descriptionMaw,
  createLabel,
  createIcon: CreateIcon = IconPlus,
  createTestId,
  onCreate,
  query,
  skeletonRows,
  empty,
  children,
  dialogs,
}: {
  description: string;
  descriptionMaw?: number;
  createLabel: string;
  createIcon?: Icon;
  createTestId?: string;
  onCreate: () => void;
  query: UseQueryResult<T>;
  skeletonRows?: number;
  /** Shown instead of the list when it has no items; without it an empty list is rendered as is. */
  empty?: ReactNode;
  children: (data: T) => ReactNode;
  dialogs?: ReactNode;
}) {
  return (
    <Paper withBorder radius="md" p={0}>
      <Group justify="space-between" p="md">
        <Text size="sm" c="dimmed" maw={descriptionMaw}>
          {description}
        </Text>
        <Button leftSection={<CreateIcon size={16} />} onClick={onCreate} data-testid={createTestId}>
          {createLabel}
        </Button>
      </Group>
      <QueryState
        query={query}
        loading={<TableSkeleton rows={skeletonRows} />}
        isEmpty={(data) => empty !== undefined && data.items.length === 0}
        empty={empty}
      >
        {children}
      </QueryState>
      {dialogs}
    </Paper>
  );
}

/**
 * A settings dialog's save: the form's `submit` runs `save`; once it succeeds the list under
 * `queryKey` is refetched, "saved" is shown and the dialog closes.
 */
export function useSettingsSave<T>(queryKey: QueryKey, mutationFn: () => Promise<T>, onDone: () => void) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const save = useMutation({
    mutationFn,
    onSuccess: () => {
      client.invalidateQueries({ queryKey });
      notifications.show({ color: "teal", message: t("relaySettings.saved") });
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return { save, submit };
}
