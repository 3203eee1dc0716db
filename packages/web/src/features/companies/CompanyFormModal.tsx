import { Grid, Modal, Select, Stack, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  EMPLOYEE_BANDS,
  type EmployeeBand,
  INDUSTRIES,
  type Industry,
  isValidCorporateNumber,
  PREFECTURES,
  type Prefecture,
} from "@tasuki/domain";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client.ts";
import { api, keys } from "../../api/endpoints.ts";
import type { Company } from "../../api/types.ts";
import { FormActions } from "../../components/FormActions.tsx";
import { UserSelect } from "../../components/UserSelect.tsx";
import { SaveErrorAlert } from "../../components/VersionConflictAlert.tsx";
import { formatEmployeeBand } from "../../lib/format.ts";
import { useCurrentUser } from "../auth/session.tsx";

const TEXT_FIELDS = ["name", "nameKana", "corporateNumber", "domain", "address"] as const;
type TextField = (typeof TEXT_FIELDS)[number];

/**
 * Adds a company (no `company`) or edits one (the version read travels with the save). `initialName`
 * fills the name when the company is created from a picker where it was typed.
 */
export function CompanyFormModal({
  opened,
  onClose,
  company,
  initialName,
  onSaved,
}: {
  opened: boolean;
  onClose: () => void;
  company?: Company;
  initialName?: string;
  onSaved?: (company: Company) => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t(company ? "companies.edit" : "companies.create")}
      size="lg"
      centered
    >
      {opened && (
        <CompanyForm
          key={company?.version ?? "new"}
          company={company}
          initialName={initialName}
          onClose={onClose}
          onSaved={onSaved}
        />
      )}
    </Modal>
  );
}

function CompanyForm({
  company,
  initialName,
  onClose,
  onSaved,
}: {
  company?: Company;
  initialName?: string;
  onClose: () => void;
  onSaved?: (company: Company) => void;
}) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const [fields, setFields] = useState<Record<TextField, string>>(() => ({
    name: company?.name ?? initialName ?? "",
    nameKana: company?.nameKana ?? "",
    corporateNumber: company?.corporateNumber ?? "",
    domain: company?.domain ?? "",
    address: company?.address ?? "",
  }));
  const [industry, setIndustry] = useState<Industry | null>(company?.industry ?? null);
  const [employeeBand, setEmployeeBand] = useState<EmployeeBand | null>(company?.employeeBand ?? null);
  const [prefecture, setPrefecture] = useState<Prefecture | null>(company?.prefecture ?? null);
  const [ownerId, setOwnerId] = useState<string | null>(company ? (company.owner?.id ?? null) : me.id);
  const [touched, setTouched] = useState(false);
  const set = (key: TextField) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setFields((f) => ({ ...f, [key]: value }));
  };
  const orNull = (value: string) => value.trim() || null;
  const body = () => ({
    name: fields.name.trim(),
    nameKana: orNull(fields.nameKana),
    corporateNumber: orNull(fields.corporateNumber),
    domain: orNull(fields.domain),
    address: orNull(fields.address),
    industry,
    employeeBand,
    prefecture,
    ownerId,
  });
  const mutation = useMutation({
    mutationFn: () =>
      company
        ? api.updateCompany(company.id, { ...body(), version: company.version })
        : api.createCompany(body()),
    onSuccess: (saved) => {
      queryClient.setQueryData(keys.company(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: keys.companies });
      void queryClient.invalidateQueries({ queryKey: keys.people });
      notifications.show({
        color: "teal",
        message: t(company ? "companies.saved" : "companies.created", { name: saved.name }),
      });
      onSaved?.(saved);
      onClose();
    },
  });
  const reload = () => company && void queryClient.invalidateQueries({ queryKey: keys.company(company.id) });
  const corporateNumberBad =
    fields.corporateNumber.trim() !== "" && !isValidCorporateNumber(fields.corporateNumber);
  const submit = (event: FormEvent) => {
    // Inside the new-person form this form sits in a nested modal: its submit stays here.
    event.preventDefault();
    event.stopPropagation();
    setTouched(true);
    if (fields.name.trim() && !corporateNumberBad) mutation.mutate();
  };
  const errors = mutation.error instanceof ApiError ? mutation.error.fieldErrors() : {};
  // Codes without a field path still belong to a field: show them there.
  if (mutation.error instanceof ApiError && mutation.error.code === "invalid_corporate_number")
    errors.corporateNumber = mutation.error.message;
  if (mutation.error instanceof ApiError && mutation.error.code === "duplicate" && !errors.corporateNumber)
    errors.corporateNumber = mutation.error.message;
  const col = { base: 12, sm: 6 };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <SaveErrorAlert error={mutation.error} onReload={reload} />
        <Grid>
          <Grid.Col span={col}>
            <TextInput
              label={t("companies.columns.name")}
              value={fields.name}
              onChange={set("name")}
              required
              data-autofocus
              maxLength={200}
              error={touched && !fields.name.trim() ? t("common.required") : errors.name}
              data-testid="company-name"
            />
          </Grid.Col>
          <Grid.Col span={col}>
            <TextInput
              label={t("companies.nameKana")}
              placeholder="タスキショウジ"
              value={fields.nameKana}
              onChange={set("nameKana")}
              maxLength={200}
              error={errors.nameKana}
            />
          </Grid.Col>
          <Grid.Col span={col}>
            <TextInput
              label={t("companies.corporateNumber")}
              description={t("companies.corporateNumberHelp")}
              inputMode="numeric"
              value={fields.corporateNumber}
              onChange={set("corporateNumber")}
              maxLength={20}
              error={
                (touched || fields.corporateNumber.replace(/\D/g, "").length >= 13) && corporateNumberBad
                  ? t("companies.corporateNumberInvalid")
                  : errors.corporateNumber
              }
              data-testid="company-corporate-number"
            />
          </Grid.Col>
          <Grid.Col span={col}>
            <TextInput
              label={t("companies.domain")}
              placeholder="example.co.jp"
              value={fields.domain}
              onChange={set("domain")}
              maxLength={253}
              error={errors.domain}
              data-testid="company-domain"
            />
          </Grid.Col>
          <Grid.Col span={col}>
            <Select
              label={t("companies.columns.industry")}
              data={INDUSTRIES.map((v) => ({ value: v, label: t(`industry.${v}`) }))}
              value={industry}
              onChange={(v) => setIndustry(v as Industry | null)}
              clearable
              searchable
              error={errors.industry}
              comboboxProps={{ withinPortal: true }}
            />
          </Grid.Col>
          <Grid.Col span={col}>
            <Select
              label={t("companies.columns.employees")}
              data={EMPLOYEE_BANDS.map((v) => ({
                value: v,
                label: t("companies.employeesValue", { band: formatEmployeeBand(v) }),
              }))}
              value={employeeBand}
              onChange={(v) => setEmployeeBand(v as EmployeeBand | null)}
              clearable
              error={errors.employeeBand}
              comboboxProps={{ withinPortal: true }}
            />
          </Grid.Col>
          <Grid.Col span={col}>
            <Select
              label={t("companies.columns.prefecture")}
              data={PREFECTURES.map((v) => ({ value: v, label: v }))}
              value={prefecture}
              onChange={(v) => setPrefecture(v as Prefecture | null)}
              clearable
              searchable
              error={errors.prefecture}
              comboboxProps={{ withinPortal: true }}
              data-testid="company-prefecture"
            />
          </Grid.Col>
          <Grid.Col span={col}>
            <UserSelect
              label={t("companies.columns.owner")}
              value={ownerId}
              onChange={setOwnerId}
              currentUserId={me.id}
              error={errors.ownerId}
            />
          </Grid.Col>
          <Grid.Col span={12}>
            <TextInput
              label={t("companies.address")}
              placeholder={t("companies.addressPlaceholder")}
              value={fields.address}
              onChange={set("address")}
              maxLength={300}
              error={errors.address}
              data-testid="company-address"
            />
          </Grid.Col>
        </Grid>
        <FormActions
          onCancel={onClose}
          submitLabel={t(company ? "common.save" : "companies.createSubmit")}
          loading={mutation.isPending}
          submitTestId="company-save"
        />
      </Stack>
    </form>
  );
}
