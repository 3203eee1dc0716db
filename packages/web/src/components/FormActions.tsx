import { Button, Group } from "@mantine/core";
import { useTranslation } from "react-i18next";

/** A form's footer: cancel, then the submit button (the form's `onSubmit` does the work). */
export function FormActions({
  onCancel,
  submitLabel,
  loading,
  disabled,
  submitTestId,
}: {
  onCancel: () => void;
  submitLabel: string;
  loading: boolean;
  disabled?: boolean;
  submitTestId?: string;
}) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        {t("common.cancel")}
      </Button>
      <Button type="submit" loading={loading} disabled={disabled} data-testid={submitTestId}>
        {submitLabel}
      </Button>
    </Group>
  );
}
