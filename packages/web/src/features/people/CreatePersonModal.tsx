import { Alert, Button, Grid, Group, Modal, Select, Stack, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertCircle } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Temperature } from "@tasuki/domain";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { ApiError } from "../../api/client.ts";
import { api, keys } from "../../api/endpoints.ts";
import { CompanySelect } from "../../components/CompanySelect.tsx";
import { UserSelect } from "../../components/UserSelect.tsx";
import { useCurrentUser } from "../auth/session.tsx";
import { temperatureOptions } from "./options.ts";

const EMPTY = {
  familyName: "",
  givenName: "",
  familyNameKana: "",
  givenNameKana: "",
  email: "",
  phone: "",
  department: "",
  title: "",
  source: "",
};

/** A new person enters the relay as a lead; フリガナ in hiragana is stored as katakana by the server. */
export function CreatePersonModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [fields, setFields] = useState(EMPTY);
  const [companyId, setCompanyId] = useState<string | null>(null);
  const [ownerId, setOwnerId] = useState<string | null>(me.id);
  const [temperature, setTemperature] = useState<Temperature | null>(null);
  const [touched, setTouched] = useState(false);
  const set = (key: keyof typeof EMPTY) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setFields((f) => ({ ...f, [key]: value }));
  };
  const orNull = (value: string) => value.trim() || null;
  const mutation = useMutation({
    mutationFn: () =>
      api.createPerson({
        familyName: fields.familyName.trim(),
        givenName: orNull(fields.givenName),
        familyNameKana: orNull(fields.familyNameKana),
        givenNameKana: orNull(fields.givenNameKana),
        email: orNull(fields.email),
        phone: orNull(fields.phone),
        department: orNull(fields.department),
        title: orNull(fields.title),
        source: orNull(fields.source),
        companyId,
        ownerId,
        temperature,
        ...(me.team ? { teamId: me.team.id } : {}),
      }),
    onSuccess: (person) => {
      void queryClient.invalidateQueries({ queryKey: keys.people });
      notifications.show({ color: "teal", message: t("people.created", { name: person.name }) });
      close();
      navigate(`/people/${person.id}`);
    },
  });
  const close = () => {
    setFields(EMPTY);
    setCompanyId(null);
    setOwnerId(me.id);
    setTemperature(null);
    setTouched(false);
    mutation.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (fields.familyName.trim()) mutation.mutate();
  };
  const errors = mutation.error instanceof ApiError ? mutation.error.fieldErrors() : {};
  const col = { base: 12, sm: 6 };
  return (
    <Modal opened={opened} onClose={close} title={t("people.create")} size="lg" centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {mutation.error && (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
              {mutation.error.message}
            </Alert>
          )}
          <Grid>
            <Grid.Col span={col}>
              <TextInput
                label={t("people.familyName")}
                value={fields.familyName}
                onChange={set("familyName")}
                required
                data-autofocus
                error={touched && !fields.familyName.trim() ? t("common.required") : errors.familyName}
              />
            </Grid.Col>
            <Grid.Col span={col}>
              <TextInput
                label={t("people.givenName")}
                value={fields.givenName}
                onChange={set("givenName")}
                error={errors.givenName}
              />
            </Grid.Col>
            <Grid.Col span={col}>
              <TextInput
                label={t("people.familyNameKana")}
                placeholder="ヤマダ"
                value={fields.familyNameKana}
                onChange={set("familyNameKana")}
                error={errors.familyNameKana}
              />
            </Grid.Col>
            <Grid.Col span={col}>
              <TextInput
                label={t("people.givenNameKana")}
                placeholder="タロウ"
                value={fields.givenNameKana}
                onChange={set("givenNameKana")}
                error={errors.givenNameKana}
              />
            </Grid.Col>
            <Grid.Col span={col}>
              <TextInput
                label={t("people.columns.email")}
                type="email"
                value={fields.email}
                onChange={set("email")}
                error={errors.email}
              />
            </Grid.Col>
            <Grid.Col span={col}>
              <TextInput
                label={t("people.columns.phone")}
                type="tel"
                placeholder="03-1234-5678"
                value={fields.phone}
                onChange={set("phone")}
                error={errors.phone}
              />
            </Grid.Col>
            <Grid.Col span={12}>
              <CompanySelect
                label={t("people.columns.company")}
                placeholder={t("opportunities.companyPlaceholder")}
                value={companyId}
                onChange={setCompanyId}
                clearable
                allowCreate
                error={errors.companyId}
              />
            </Grid.Col>
            <Grid.Col span={col}>
              <TextInput
                label={t("people.department")}
                value={fields.department}
                onChange={set("department")}
              />
            </Grid.Col>
            <Grid.Col span={col}>
              <TextInput label={t("people.jobTitle")} value={fields.title} onChange={set("title")} />
            </Grid.Col>
            <Grid.Col span={col}>
              <UserSelect
                label={t("people.columns.owner")}
                value={ownerId}
                onChange={setOwnerId}
                currentUserId={me.id}
                error={errors.ownerId}
              />
            </Grid.Col>
            <Grid.Col span={col}>
              <Select
                label={t("people.columns.temperature")}
                placeholder={t("temperature.none")}
                data={temperatureOptions(t)}
                value={temperature}
                onChange={(v) => setTemperature(v as Temperature | null)}
                clearable
              />
            </Grid.Col>
            <Grid.Col span={12}>
              <TextInput
                label={t("people.source")}
                placeholder={t("people.sourcePlaceholder")}
                value={fields.source}
                onChange={set("source")}
              />
            </Grid.Col>
          </Grid>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {t("people.createSubmit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
