import { Button, Grid, Group, Paper, Select, Stack, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { OPPORTUNITY_STAGES } from "@tasuki/domain";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router";
import { ApiError } from "../../api/client.ts";
import { api, keys } from "../../api/endpoints.ts";
import { CompanySelect } from "../../components/CompanySelect.tsx";
import { DateField } from "../../components/DateField.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ForbiddenState, FormErrorAlert } from "../../components/states.tsx";
import { UserSelect } from "../../components/UserSelect.tsx";
import { YenInput } from "../../components/YenInput.tsx";
import { amountError } from "../../lib/amount.ts";
import { lengthCounter } from "../../lib/length-counter.ts";
import { useCan, useCurrentUser } from "../auth/session.tsx";
import type { OpportunityStage } from "./shared.tsx";

export function OpportunityFormPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const canCreate = useCan("opportunities.write");
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const [name, setName] = useState("");
  const [companyId, setCompanyId] = useState<string | null>(params.get("companyId"));
  const [personId, setPersonId] = useState<string | null>(null);
  const [ownerId, setOwnerId] = useState<string | null>(me.id);
  const [amount, setAmount] = useState<number | string>("");
  const [stage, setStage] = useState<OpportunityStage>("discovery");
  const [expectedCloseDate, setExpectedCloseDate] = useState("");
  const [renewalOn, setRenewalOn] = useState("");
  const [touched, setTouched] = useState(false);

  const people = useQuery({
    queryKey: keys.peopleList({ companyId: companyId ?? "", limit: 200, sort: "kana", order: "asc" }),
    queryFn: () => api.listPeople({ companyId: companyId!, limit: 200, sort: "kana", order: "asc" }),
    enabled: Boolean(companyId),
  });
  const mutation = useMutation({
    mutationFn: () =>
      api.createOpportunity({
        name: name.trim(),
        companyId: companyId!,
        personId,
        ownerId,
        amount: Number(amount),
        stage,
        expectedCloseDate: expectedCloseDate || null,
        renewalOn: renewalOn || null,
      }),
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: keys.opportunities });
      void queryClient.invalidateQueries({ queryKey: keys.people });
      notifications.show({ color: "teal", message: t("opportunities.created", { name: created.name }) });
      navigate(`/opportunities/${created.id}`);
    },
  });

  if (!canCreate) return <ForbiddenState />;

  const amountKey = amountError(amount);
  const amountProblem = amountKey && t(`opportunities.${amountKey}`);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!name.trim() || !companyId || amountProblem) return;
    mutation.mutate();
  };
  const fieldErrors = mutation.error instanceof ApiError ? mutation.error.fieldErrors() : {};

  return (
    <>
      <PageHeader
        title={t("opportunities.new")}
        crumbs={[{ label: t("nav.opportunities"), to: "/opportunities" }, { label: t("opportunities.new") }]}
      />
      <Paper withBorder radius="md" p="lg" maw={760}>
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <FormErrorAlert error={mutation.error} />
            <TextInput
              label={t("opportunities.columns.name")}
              placeholder={t("opportunities.namePlaceholder")}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              required
              maxLength={200}
              description={lengthCounter(name, 200)}
              error={touched && !name.trim() ? t("common.required") : fieldErrors.name}
            />
            <Grid>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <CompanySelect
                  label={t("opportunities.columns.company")}
                  placeholder={t("opportunities.companyPlaceholder")}
                  value={companyId}
                  onChange={(v) => {
                    setCompanyId(v);
                    setPersonId(null);
                  }}
                  required
                  error={touched && !companyId ? t("common.required") : fieldErrors.companyId}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <Select
                  label={t("opportunities.person")}
                  placeholder={
                    companyId ? t("opportunities.personPlaceholder") : t("opportunities.chooseCompanyFirst")
                  }
                  searchable
                  clearable
                  disabled={!companyId}
                  data={(people.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
                  value={personId}
                  onChange={setPersonId}
                  error={fieldErrors.personId}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <YenInput
                  label={t("opportunities.columns.amount")}
                  value={amount}
                  onChange={setAmount}
                  required
                  error={
                    (touched || (typeof amount === "number" && amount < 0) ? amountProblem : null) ??
                    fieldErrors.amount
                  }
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <DateField
                  label={t("opportunities.expectedClose")}
                  value={expectedCloseDate}
                  onChange={setExpectedCloseDate}
                  error={fieldErrors.expectedCloseDate}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <DateField
                  label={t("opportunities.renewalOn")}
                  description={t("opportunities.renewalOnHelp")}
                  value={renewalOn}
                  onChange={setRenewalOn}
                  error={fieldErrors.renewalOn}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <Select
                  label={t("opportunities.columns.stage")}
                  data={OPPORTUNITY_STAGES.map((s) => ({ value: s, label: t(`opportunityStage.${s}`) }))}
                  value={stage}
                  onChange={(v) => v && setStage(v as OpportunityStage)}
                  allowDeselect={false}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <UserSelect
                  label={t("opportunities.owner")}
                  value={ownerId}
                  onChange={setOwnerId}
                  currentUserId={me.id}
                  error={fieldErrors.ownerId}
                />
              </Grid.Col>
            </Grid>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => navigate(-1)}>
                {t("common.cancel")}
              </Button>
              <Button type="submit" loading={mutation.isPending}>
                {t("opportunities.create")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </>
  );
}
