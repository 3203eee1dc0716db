import { Button, Center, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useLocation } from "react-router";
import { PageLoader } from "../components/states.tsx";
import { useSession } from "../features/auth/session.tsx";

/** Signed-in screens: wait for the session check, then show them or go to the login page. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status, startError, retry } = useSession();
  const location = useLocation();
  const { t } = useTranslation();
  if (startError)
    return (
      <Center h="100vh">
        <Stack align="center">
          <Text>{t("common.serverUnreachable")}</Text>
          <Button onClick={retry}>{t("common.retry")}</Button>
        </Stack>
      </Center>
    );
  if (status === "loading") return <PageLoader />;
  if (status === "anonymous") {
    const from = `${location.pathname}${location.search}`;
    return <Navigate to="/login" replace state={{ from }} />;
  }
  return children;
}
