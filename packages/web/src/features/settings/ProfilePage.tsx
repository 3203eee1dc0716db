import {
  Alert,
  Button,
  Grid,
  Group,
  Input,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import type { Locale } from "@tasuki/contracts";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client.ts";
import { api } from "../../api/endpoints.ts";
import { InfoList } from "../../components/InfoList.tsx";
import { applyLocale } from "../../i18n/index.ts";
import { useCurrentUser, useSession } from "../auth/session.tsx";

export function ProfilePage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const { setUser } = useSession();
  const [familyName, setFamilyName] = useState(user.familyName);
  const [givenName, setGivenName] = useState(user.givenName);
  const [locale, setLocale] = useState<Locale>(user.locale);
  const mutation = useMutation({
    mutationFn: () =>
      api.updateCurrentUser({ familyName: familyName.trim(), givenName: givenName.trim(), locale }),
    onSuccess: async (updated) => {
      await applyLocale(updated.locale);
      setUser(updated);
      notifications.show({ color: "teal", message: t("settings.profileSaved") });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (familyName.trim() && givenName.trim()) mutation.mutate();
  };
  const fieldErrors = mutation.error instanceof ApiError ? mutation.error.fieldErrors() : {};
  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Paper withBorder radius="md" p="lg">
          <form onSubmit={submit}>
            <Stack gap="md">
              <Title order={2} size="h5">
                {t("settings.profile")}
              </Title>
              {mutation.error && (
                <Alert color="red" variant="light" role="alert">
                  {mutation.error instanceof ApiError ? mutation.error.message : t("common.unexpectedError")}
                </Alert>
              )}
              <Group grow>
                <TextInput
                  label={t("settings.familyName")}
                  value={familyName}
                  onChange={(e) => setFamilyName(e.currentTarget.value)}
                  required
                  error={!familyName.trim() ? t("common.required") : fieldErrors.familyName}
                />
                <TextInput
                  label={t("settings.givenName")}
                  value={givenName}
                  onChange={(e) => setGivenName(e.currentTarget.value)}
                  required
                  error={!givenName.trim() ? t("common.required") : fieldErrors.givenName}
                />
              </Group>
              <Input.Wrapper
                label={t("settings.language")}
                labelProps={{ id: "locale-label" }}
                description={t("settings.languageHelp")}
                inputWrapperOrder={["label", "input", "description"]}
              >
                <SegmentedControl
                  display="flex"
                  aria-labelledby="locale-label"
                  value={locale}
                  onChange={(v) => setLocale(v as Locale)}
                  data={[
                    { value: "ja", label: "日本語" },
                    { value: "en", label: "English" },
                  ]}
                  w={240}
                  mb={4}
                />
              </Input.Wrapper>
              <Group justify="flex-end">
                <Button type="submit" loading={mutation.isPending}>
                  {t("common.save")}
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Paper withBorder radius="md" p="lg">
          <Title order={2} size="h5" mb="md">
            {t("settings.account")}
          </Title>
          <InfoList
            items={[
              { label: t("settings.email"), value: user.email },
              { label: t("settings.role"), value: t(`role.${user.role}`) },
              {
                label: t("people.columns.team"),
                value: user.team
                  ? t(`team.${user.team.key as "marketing"}`, { defaultValue: user.team.name })
                  : null,
              },
            ]}
          />
          <Text size="xs" c="dimmed" mt="md">
            {t("settings.roleHelp")}
          </Text>
        </Paper>
      </Grid.Col>
    </Grid>
  );
}
