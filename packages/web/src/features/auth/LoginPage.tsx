import {
  Alert,
  Box,
  Button,
  Center,
  Paper,
  PasswordInput,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { IconAlertCircle, IconClockExclamation } from "@tabler/icons-react";
import type { Locale } from "@tasuki/contracts";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useLocation, useNavigate } from "react-router";
import { ApiError } from "../../api/client.ts";
import { api } from "../../api/endpoints.ts";
import { Logo } from "../../app/Logo.tsx";
import { PageLoader } from "../../components/states.tsx";
import { applyLocale } from "../../i18n/index.ts";
import { useSession } from "./session.tsx";

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const { status, expired, signIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? "/";
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  if (status === "loading") return <PageLoader />;
  if (status === "authenticated" && !submitting) return <Navigate to={from} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSubmitting(true);
    try {
      const response = await api.login({ email: email.trim(), password });
      await signIn(response);
      navigate(from.startsWith("/login") ? "/" : from, { replace: true });
    } catch (e) {
      // The server's message already follows Accept-Language, e.g. 「メールアドレスまたはパスワードが正しくありません。」
      setError(e instanceof ApiError ? e.message : t("common.unexpectedError"));
      setSubmitting(false);
    }
  };

  return (
    <Center mih="100vh" bg="var(--mantine-color-gray-0)" p="md">
      <Stack w="100%" maw={400} gap="lg">
        <Center>
          <Logo size="lg" />
        </Center>
        <Paper withBorder shadow="sm" radius="lg" p="xl" component="main">
          <form onSubmit={submit} noValidate>
            <Stack gap="md">
              <Box>
                <Title order={1} size="h3">
                  {t("login.title")}
                </Title>
                <Text size="sm" c="dimmed" mt={4}>
                  {t("login.subtitle")}
                </Text>
              </Box>
              {expired && !error && (
                <Alert color="yellow" variant="light" icon={<IconClockExclamation size={18} />} role="status">
                  {t("login.expired")}
                </Alert>
              )}
              {error && (
                <Alert
                  color="red"
                  variant="light"
                  icon={<IconAlertCircle size={18} />}
                  role="alert"
                  data-testid="login-error"
                >
                  {error}
                </Alert>
              )}
              <TextInput
                label={t("login.email")}
                type="email"
                autoComplete="username"
                required
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
                data-autofocus
                autoFocus
              />
              <PasswordInput
                label={t("login.password")}
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
              />
              <Button type="submit" loading={submitting} fullWidth size="md" disabled={!email || !password}>
                {t("login.submit")}
              </Button>
            </Stack>
          </form>
        </Paper>
        <Center>
          <SegmentedControl
            size="xs"
            aria-label={t("layout.language")}
            value={i18n.language === "en" ? "en" : "ja"}
            onChange={(v) => applyLocale(v as Locale)}
            data={[
              { value: "ja", label: "日本語" },
              { value: "en", label: "English" },
            ]}
          />
        </Center>
      </Stack>
    </Center>
  );
}
