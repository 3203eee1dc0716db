import { Grid, Modal, Stack, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client.ts";
import { api, keys } from "../../api/endpoints.ts";
import type { Person } from "../../api/types.ts";
import { CompanySelect } from "../../components/CompanySelect.tsx";
import { FormActions } from "../../components/FormActions.tsx";
import { UserSelect } from "../../components/UserSelect.tsx";
import { SaveErrorAlert } from "../../components/VersionConflictAlert.tsx";
import { useCurrentUser } from "../auth/session.tsx";

const TEXT_FIELDS = [
  "familyName",
  "givenName",
  "familyNameKana",
  "givenNameKana",
  "email",
  "phone",
  "department",
  "title",
  "source",
] as const;
type TextField = (typeof TEXT_FIELDS)[number];

/** The profile of a person, every field editable; the version read travels with the save. */
export function EditPersonModal({
  person,
  opened,
  onClose,
}: {
  person: Person;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t("people.edit")} size="lg" centered>
      {/* Keyed by version: after "load the latest" the form starts again from what is stored now. */}
      {opened && <EditPersonForm key={person.version} person={person} onClose={onClose} />}
    </Modal>
  );
}

function EditPersonForm({ person, onClose }: { person: Person; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const [fields, setFields] = useState<Record<TextField, string>>(
    () => Object.fromEntries(TEXT_FIELDS.map((k) => [k, person[k] ?? ""])) as Record<TextField, string>,
  );
  const [companyId, setCompanyId] = useState<string | null>(person.company?.id ?? null);
  const [ownerId, setOwnerId] = useState<string | null>(person.owner?.id ?? null);
  const [touched, setTouched] = useState(false);
  const set = (key: TextField) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setFields((f) => ({ ...f, [key]: value }));
  };
  const orNull = (value: string) => value.trim() || null;
  const mutation = useMutation({
    mutationFn: () =>
      api.updatePerson(person.id, {
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
        version: person.version,
      }),
    onSuccess: (updated) => {
      queryClient.setQueryData(keys.person(person.id), updated);
      void queryClient.invalidateQueries({ queryKey: keys.people });
      void queryClient.invalidateQueries({ queryKey: keys.companies });
      notifications.show({ color: "teal", message: t("people.saved", { name: updated.name }) });
      onClose();
    },
  });
  const reload = () => void queryClient.invalidateQueries({ queryKey: keys.person(person.id) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (fields.familyName.trim()) mutation.mutate();
  };
  const errors = mutation.error instanceof ApiError ? mutation.error.fieldErrors() : {};
  // A refused phone number comes back as `invalid_phone` (no field path): show it at the field too.
  if (mutation.error instanceof ApiError && mutation.error.code === "invalid_phone")
    errors.phone = mutation.error.message;
  const col = { base: 12, sm: 6 };
  const text = (key: TextField, label: string, extra: Record<string, unknown> = {}) => (
    <TextInput
      label={label}
      value={fields[key]}
      onChange={set(key)}
      error={errors[key]}
      data-testid={`person-${key}`}
      {...extra}
    />
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <SaveErrorAlert error={mutation.error} onReload={reload} />
        <Grid>
          <Grid.Col span={col}>
            {text("familyName", t("people.familyName"), {
              required: true,
              "data-autofocus": true,
              maxLength: 100,
              error: touched && !fields.familyName.trim() ? t("common.required") : errors.familyName,
            })}
          </Grid.Col>
          <Grid.Col span={col}>{text("givenName", t("people.givenName"), { maxLength: 100 })}</Grid.Col>
          <Grid.Col span={col}>
            {text("familyNameKana", t("people.familyNameKana"), { placeholder: "ヤマダ", maxLength: 100 })}
          </Grid.Col>
          <Grid.Col span={col}>
            {text("givenNameKana", t("people.givenNameKana"), { placeholder: "タロウ", maxLength: 100 })}
          </Grid.Col>
          <Grid.Col span={col}>
            {text("email", t("people.columns.email"), { type: "email", maxLength: 254 })}
          </Grid.Col>
          <Grid.Col span={col}>
            {text("phone", t("people.columns.phone"), {
              type: "tel",
              placeholder: "03-1234-5678",
              maxLength: 40,
            })}
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
          <Grid.Col span={col}>{text("department", t("people.department"), { maxLength: 200 })}</Grid.Col>
          <Grid.Col span={col}>{text("title", t("people.jobTitle"), { maxLength: 200 })}</Grid.Col>
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
            {text("source", t("people.source"), {
              placeholder: t("people.sourcePlaceholder"),
              maxLength: 100,
            })}
          </Grid.Col>
        </Grid>
        <FormActions
          onCancel={onClose}
          submitLabel={t("common.save")}
          loading={mutation.isPending}
          submitTestId="person-save"
        />
      </Stack>
    </form>
  );
}
