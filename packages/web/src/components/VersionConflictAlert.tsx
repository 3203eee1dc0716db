import { Alert, Button, Stack, Text } from "@mantine/core";
import { IconRefresh } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client.ts";
import { FormErrorAlert } from "./states.tsx";

/**
 * Why a save failed, above an edit form. A stale `version` (someone else saved first) is said in
 * plain words with a button that loads their version, so nobody overwrites it unseen; any other
 * failure is the server's own message.
 */
export function SaveErrorAlert({ error, onReload }: { error: unknown; onReload: () => void }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.code === "version_conflict")
    return (
      <Alert color="orange" variant="light" title={t("common.conflictTitle")} role="alert">
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{t("common.conflictBody")}</Text>
          <Button
            size="xs"
            variant="white"
            color="orange"
            leftSection={<IconRefresh size={14} />}
            onClick={onReload}
            data-testid="conflict-reload"
          >
            {t("common.conflictReload")}
          </Button>
        </Stack>
      </Alert>
    );
  return <FormErrorAlert error={error} />;
}
