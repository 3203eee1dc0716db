import {
  Alert,
  Button,
  Center,
  Group,
  Loader,
  Paper,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from "@mantine/core";
import { type Icon, IconAlertCircle, IconAlertTriangle, IconInbox } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client.ts";

/** Nothing to show yet: says why and what to do next, never a blank area. */
export function EmptyState({
  title,
  description,
  icon: IconComponent = IconInbox,
  action,
  compact = false,
}: {
  title: string;
  description?: string;
  icon?: Icon;
  action?: ReactNode;
  compact?: boolean;
}) {
  return (
    <Center py={compact ? "md" : 48} data-testid="empty-state">
      <Stack align="center" gap={compact ? 4 : "xs"} maw={440}>
        <ThemeIcon variant="light" color="gray" size={compact ? 36 : 52} radius="xl">
          <IconComponent size={compact ? 20 : 28} stroke={1.5} />
        </ThemeIcon>
        <Text fw={600} ta="center" size={compact ? "sm" : "md"}>
          {title}
        </Text>
        {description && (
          <Text c="dimmed" size="sm" ta="center">
            {description}
          </Text>
        )}
        {action}
      </Stack>
    </Center>
  );
}

/** A failed load, in the server's own words (they follow the user's language), with a retry. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const message = error instanceof ApiError ? error.message : t("common.unexpectedError");
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle size={20} />}
      title={t("common.loadFailed")}
      role="alert"
    >
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{message}</Text>
        {onRetry && (
          <Button size="xs" variant="white" color="red" onClick={onRetry}>
            {t("common.retry")}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

/** Why a submit failed, above the form: the server's message, or a generic one. Nothing without an error. */
export function FormErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
      {error instanceof ApiError ? error.message : t("common.unexpectedError")}
    </Alert>
  );
}

/** Rows of grey bars where a table will appear. */
export function TableSkeleton({ rows = 8 }: { rows?: number }) {
  const { t } = useTranslation();
  return (
    <Stack gap={10} aria-busy="true" aria-label={t("common.loading")} py="xs">
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <Skeleton key={i} height={22} radius="sm" />
      ))}
    </Stack>
  );
}

export function PageLoader() {
  const { t } = useTranslation();
  return (
    <Center h="60vh">
      <Group gap="sm">
        <Loader size="sm" />
        <Text c="dimmed" size="sm">
          {t("common.loading")}
        </Text>
      </Group>
    </Center>
  );
}

/** For screens the user's role does not open. */
export function ForbiddenState({ description }: { description?: string }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="xl" radius="md" data-testid="forbidden">
      <Stack align="center" gap="xs">
        <ThemeIcon color="orange" variant="light" size={52} radius="xl">
          <IconAlertTriangle size={28} stroke={1.5} />
        </ThemeIcon>
        <Title order={3} size="h4">
          {t("common.forbiddenTitle")}
        </Title>
        <Text c="dimmed" size="sm" ta="center">
          {description ?? t("common.forbiddenBody")}
        </Text>
      </Stack>
    </Paper>
  );
}
