import {
  Alert,
  Anchor,
  Box,
  Button,
  Center,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { IconAlertCircle } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router";
import { ApiError } from "../../api/client.ts";
import { api } from "../../api/endpoints.ts";
import { Logo } from "../../app/Logo.tsx";
import { PageLoader } from "../../components/states.tsx";
import { PASSWORD_MIN_LENGTH } from "../../lib/limits.ts";
import { useSession } from "./session.tsx";

/**
 * The public page behind an invitation link (`/invitation#<token>`): the token stays in the
 * fragment, so it is never sent in a URL or a Referer. The invited person sets their own
 * password and is signed in; a used, replaced or expired link says so and what to do.
 */
export function InvitationPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const token = decodeURIComponent(location.hash.replace(/^#/, "")).trim();
  const check = useQuery({
    queryKey: ["invitation", token],
    queryFn: () => api.checkInvitation(token),
    enabled: token !== "",
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const problem =
    token === ""
      ? t("invitation.missingToken")
      : check.error
        ? errorText(check.error, t("common.unexpectedError"))
        : null;
  return (
    <Center mih="100vh" bg="var(--mantine-color-gray-0)" p="md">
      <Stack w="100%" maw={420} gap="lg">
        <Center>
          <Logo size="lg" />
        </Center>
        <Paper withBorder shadow="sm" radius="lg" p="xl" component="main">
          <Stack gap="md">
            <Box>
              <Title order={1} size="h3">
                {t("invitation.title")}
              </Title>
              <Text size="sm" c="dimmed" mt={4}>
                {t("invitation.subtitle")}
              </Text>
            </Box>
            {problem ? (
              <>
                <Alert
                  color="red"
                  variant="light"
                  icon={<IconAlertCircle size={18} />}
                  role="alert"
                  data-testid="invitation-error"
                >
                  {problem}
                </Alert>
                <Anchor component={Link} to="/login" size="sm">
                  {t("invitation.toLogin")}
                </Anchor>
              </>
            ) : check.data ? (
              <SetPasswordForm token={token} email={check.data.email} name={check.data.name} />
            ) : (
              <PageLoader />
            )}
          </Stack>
        </Paper>
      </Stack>
    </Center>
  );
}

/** The server's message already follows Accept-Language (used, expired, unknown link). */
function errorText(error: unknown, fallback: string): string {
  return error instanceof ApiError ? error.message : fallback;
}

function SetPasswordForm({ token, email, name }: { token: string; email: string; name: string }) {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const mismatch = confirm !== "" && confirm !== password;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (mismatch) return;
    setError(null);
    setFieldError(null);
    setSubmitting(true);
    try {
      const response = await api.acceptInvitation({ token, password });
      await signIn(response);
      navigate("/", { replace: true });
    } catch (e) {
      const fields = e instanceof ApiError ? e.fieldErrors() : {};
      if (fields.password) setFieldError(fields.password);
      else setError(errorText(e, t("common.unexpectedError")));
      setSubmitting(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm" data-testid="invitation-for">
          {t("invitation.for", { name })}
        </Text>
        {error && (
          <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
            {error}
          </Alert>
        )}
        <TextInput label={t("login.email")} value={email} readOnly autoComplete="username" />
        <PasswordInput
          label={t("invitation.password")}
          description={t("settings.passwordHelp", { min: PASSWORD_MIN_LENGTH })}
          autoComplete="new-password"
          required
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={fieldError}
          autoFocus
        />
        <PasswordInput
          label={t("invitation.confirm")}
          autoComplete="new-password"
          required
          value={confirm}
          onChange={(e) => setConfirm(e.currentTarget.value)}
          error={mismatch ? t("invitation.mismatch") : null}
        />
        <Button
          type="submit"
          loading={submitting}
          fullWidth
          size="md"
          disabled={password.length < PASSWORD_MIN_LENGTH || confirm !== password}
        >
          {t("invitation.submit")}
        </Button>
      </Stack>
    </form>
  );
}
