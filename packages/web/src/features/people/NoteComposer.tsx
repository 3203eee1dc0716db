import { Alert, Button, Group, Paper, Tabs, Text, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconMarkdown, IconNote } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client.ts";
import { api, keys } from "../../api/endpoints.ts";
import { Markdown } from "../../components/Markdown.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { lengthCounter } from "../../lib/length-counter.ts";

export function NoteComposer({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [body, setBody] = useState("");
  const [tab, setTab] = useState<string | null>("write");
  const mutation = useMutation({
    mutationFn: () => api.createActivity({ personId, type: "note", body: body.trim() }),
    onSuccess: () => {
      setBody("");
      setTab("write");
      void queryClient.invalidateQueries({ queryKey: keys.timeline(personId) });
      notifications.show({ color: "teal", message: t("notes.added") });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (body.trim()) mutation.mutate();
  };
  return (
    <SectionCard title={t("notes.add")}>
      <form onSubmit={submit}>
        <Tabs value={tab} onChange={setTab} variant="outline" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="write" leftSection={<IconNote size={14} />}>
              {t("notes.write")}
            </Tabs.Tab>
            <Tabs.Tab value="preview" leftSection={<IconMarkdown size={14} />} disabled={!body.trim()}>
              {t("notes.preview")}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="write" pt="xs">
            <Textarea
              aria-label={t("notes.body")}
              placeholder={t("notes.placeholder")}
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
              autosize
              minRows={3}
              maxRows={12}
              maxLength={20_000}
              description={lengthCounter(body, 20_000)}
              data-testid="note-body"
            />
          </Tabs.Panel>
          <Tabs.Panel value="preview" pt="xs">
            <Paper withBorder p="sm" mih={84} radius="sm">
              <Markdown source={body} />
            </Paper>
          </Tabs.Panel>
        </Tabs>
        {mutation.isError && (
          <Alert color="red" variant="light" mt="xs" role="alert">
            {mutation.error instanceof ApiError ? mutation.error.message : t("common.unexpectedError")}
          </Alert>
        )}
        <Group justify="space-between" mt="xs">
          <Text size="xs" c="dimmed">
            {t("notes.markdownHelp")}
          </Text>
          <Button
            type="submit"
            size="sm"
            loading={mutation.isPending}
            disabled={!body.trim()}
            data-testid="note-submit"
          >
            {t("notes.submit")}
          </Button>
        </Group>
      </form>
    </SectionCard>
  );
}
