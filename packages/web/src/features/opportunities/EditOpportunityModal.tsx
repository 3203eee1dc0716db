import { Grid, Modal, Select, Stack, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client.ts";
import { api, keys } from "../../api/endpoints.ts";
import type { Opportunity } from "../../api/types.ts";
import { DateField } from "../../components/DateField.tsx";
import { FormActions } from "../../components/FormActions.tsx";
import { SaveErrorAlert } from "../../components/VersionConflictAlert.tsx";
import { YenInput } from "../../components/YenInput.tsx";
import { amountError } from "../../lib/amount.ts";

/**
 * Name, amount, expected close date, 契約更新日 and contact of an open deal; a closed deal only
 * its 契約更新日 (the API refuses anything else until it is reopened). The version read travels
 * with the save.
 */
export function EditOpportunityModal({
  opportunity,
  opened,
  onClose,
}: {
  opportunity: Opportunity;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t(opportunity.outcome ? "opportunities.editRenewal" : "opportunities.edit")}
      size="lg"
      centered
    >
      {opened && <EditForm key={opportunity.version} opportunity={opportunity} onClose={onClose} />}
    </Modal>
  );
}

function EditForm({ opportunity: o, onClose }: { opportunity: Opportunity; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState(o.name);
  const [amount, setAmount] = useState<number | string>(o.amount);
  const [expectedCloseDate, setExpectedCloseDate] = useState(o.expectedCloseDate ?? "");
  const [renewalOn, setRenewalOn] = useState(o.renewalOn ?? "");
  const closed = o.outcome !== null;
  const [personId, setPersonId] = useState<string | null>(o.person?.id ?? null);
  const [touched, setTouched] = useState(false);
  const peopleQuery = { companyId: o.company.id, limit: 200, sort: "kana" as const, order: "asc" as const };
  const people = useQuery({
    queryKey: keys.peopleList(peopleQuery),
    queryFn: () => api.listPeople(peopleQuery),
    enabled: !closed,
  });
  const mutation = useMutation({
    mutationFn: () =>
      api.updateOpportunity(
        o.id,
        closed
          ? { renewalOn: renewalOn || null, version: o.version }
          : {
              name: name.trim(),
              amount: Number(amount),
              expectedCloseDate: expectedCloseDate || null,
              renewalOn: renewalOn || null,
              personId,
              version: o.version,
            },
      ),
    onSuccess: (saved) => {
      queryClient.setQueryData(keys.opportunity(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: keys.opportunities });
      notifications.show({ color: "teal", message: t("opportunities.saved", { name: saved.name }) });
      onClose();
    },
  });
  const reload = () => void queryClient.invalidateQueries({ queryKey: keys.opportunity(o.id) });
  const amountKey = amountError(amount);
  const amountProblem = amountKey && t(`opportunities.${amountKey}`);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!closed && (!name.trim() || amountProblem)) return;
    mutation.mutate();
  };
  const errors = mutation.error instanceof ApiError ? mutation.error.fieldErrors() : {};
  const contacts = (people.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }));
  // The current contact stays choosable even when they are not among the first page of people.
  if (o.person && !contacts.some((c) => c.value === o.person?.id))
    contacts.unshift({ value: o.person.id, label: o.person.name });
  const col = { base: 12, sm: 6 };
  const renewalField = (
    <DateField
      label={t("opportunities.renewalOn")}
      description={t("opportunities.renewalOnHelp")}
      value={renewalOn}
      onChange={setRenewalOn}
      error={errors.renewalOn}
      clearable
      data-testid="opportunity-renewal"
    />
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <SaveErrorAlert error={mutation.error} onReload={reload} />
        {closed ? (
          renewalField
        ) : (
          <>
            <TextInput
              label={t("opportunities.columns.name")}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              required
              data-autofocus
              maxLength={200}
              error={touched && !name.trim() ? t("common.required") : errors.name}
              data-testid="opportunity-name"
            />
            <Grid>
              <Grid.Col span={col}>
                <YenInput
                  label={t("opportunities.columns.amount")}
                  value={amount}
                  onChange={setAmount}
                  required
                  error={(touched || amount !== o.amount ? amountProblem : null) ?? errors.amount}
                  data-testid="opportunity-amount"
                />
              </Grid.Col>
              <Grid.Col span={col}>
                <DateField
                  label={t("opportunities.expectedClose")}
                  value={expectedCloseDate}
                  onChange={setExpectedCloseDate}
                  error={errors.expectedCloseDate}
                />
              </Grid.Col>
              <Grid.Col span={col}>{renewalField}</Grid.Col>
              <Grid.Col span={12}>
                <Select
                  label={t("opportunities.person")}
                  placeholder={t("opportunities.personPlaceholder")}
                  searchable
                  clearable
                  data={contacts}
                  value={personId}
                  onChange={setPersonId}
                  error={errors.personId}
                  comboboxProps={{ withinPortal: true }}
                  data-testid="opportunity-person"
                />
              </Grid.Col>
            </Grid>
          </>
        )}
        <FormActions
          onCancel={onClose}
          submitLabel={t("common.save")}
          loading={mutation.isPending}
          submitTestId="opportunity-save"
        />
      </Stack>
    </form>
  );
}
