import { Alert, Badge, Group, type MantineColor, Paper, Text, Title } from "@mantine/core";
import { IconX } from "@tabler/icons-react";
import type { DefinitionVersionStatus } from "@tasuki/domain";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../lib/format.ts";

/**
 * The pieces of a signed-off, versioned document shared by definitions and the scoring model:
 * the status badges, the open version's card, a change note, a rejection and a history row.
 */

const STATUS_COLORS: Record<DefinitionVersionStatus, MantineColor> = {
  draft: "gray",
  proposed: "orange",
  approved: "teal",
  rejected: "red",
  superseded: "gray",
};

/** 下書き / 承認待ち / 運用中 / 却下 / 過去の版. */
export function VersionStatusBadge({
  status,
  size = "sm",
}: {
  status: DefinitionVersionStatus;
  size?: "xs" | "sm" | "md";
}) {
  const { t } = useTranslation();
  return (
    <Badge
      color={STATUS_COLORS[status]}
      variant={status === "approved" ? "filled" : "light"}
      size={size}
      radius="sm"
      tt="none"
    >
      {t(`definitions.status.${status}`)}
    </Badge>
  );
}

/** Beside a page title: "v3 in force" (filled) or "not in force yet" (outlined). */
export function InForceBadge({
  inForce,
  testId,
  children,
}: {
  inForce: boolean;
  /** Set on the in-force badge only. */
  testId?: string;
  children: ReactNode;
}) {
  return inForce ? (
    <Badge variant="filled" color="teal" radius="sm" tt="none" data-testid={testId}>
      {children}
    </Badge>
  ) : (
    <Badge variant="outline" color="gray" radius="sm" tt="none">
      {children}
    </Badge>
  );
}

/** Why a version was made, after its label, keeping the author's line breaks. */
export function ChangeNote({ note, mb, testId }: { note: string; mb?: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Text size="sm" mb={mb} style={{ whiteSpace: "pre-wrap" }} data-testid={testId}>
      <Text span c="dimmed" size="sm">
        {t("definitions.changeNoteLabel")}
      </Text>
      {note}
    </Text>
  );
}

/**
 * The version waiting for work (a draft, or a proposal outlined in orange): its title and status,
 * who made it and when, its change note, then `children` (the diff and the sign-off).
 */
export function OpenVersionFrame({
  title,
  version: v,
  at,
  changeNoteTestId,
  children,
}: {
  title: string;
  version: { status: DefinitionVersionStatus; author: { name: string } | null; changeNote: string | null };
  at: string;
  changeNoteTestId?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component="section"
      data-testid="open-version"
      style={{ borderColor: v.status === "proposed" ? "var(--mantine-color-orange-4)" : undefined }}
    >
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Group gap="sm">
          <Title order={2} size="h5">
            {title}
          </Title>
          <VersionStatusBadge status={v.status} />
        </Group>
        <Text size="xs" c="dimmed">
          {v.author ? t("definitions.byAuthor", { name: v.author.name }) : ""}・{formatDateTime(at)}
        </Text>
      </Group>
      {v.changeNote && <ChangeNote note={v.changeNote} mb="sm" testId={changeNoteTestId} />}
      {children}
    </Paper>
  );
}

/** A history row's heading: number, status, when and by whom, then `children` (e.g. a count). */
export function VersionSummary({
  version: v,
  at,
  children,
}: {
  version: { number: number; status: DefinitionVersionStatus; author: { name: string } | null };
  at: string;
  children?: ReactNode;
}) {
  return (
    <Group gap="sm" wrap="wrap">
      <Text fw={700}>v{v.number}</Text>
      <VersionStatusBadge status={v.status} />
      <Text size="xs" c="dimmed">
        {formatDateTime(at)}
        {v.author ? `・${v.author.name}` : ""}
      </Text>
      {children}
    </Group>
  );
}

/** Who rejected a version and when, with their comment. */
export function RejectionAlert({
  rejection,
}: {
  rejection: { by: { name: string }; at: string; comment: string };
}) {
  const { t } = useTranslation();
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconX size={18} />}
      title={t("definitions.rejectedBy", { name: rejection.by.name, at: formatDateTime(rejection.at) })}
    >
      <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
        {rejection.comment}
      </Text>
    </Alert>
  );
}
