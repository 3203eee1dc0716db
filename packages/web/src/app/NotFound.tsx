import { Button } from "@mantine/core";
import { IconMapOff } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { EmptyState } from "../components/states.tsx";

export function NotFound() {
  const { t } = useTranslation();
  return (
    <EmptyState
      icon={IconMapOff}
      title={t("common.notFoundTitle")}
      description={t("common.notFoundBody")}
      action={
        <Button component={Link} to="/" variant="light" mt="sm">
          {t("common.backHome")}
        </Button>
      }
    />
  );
}
