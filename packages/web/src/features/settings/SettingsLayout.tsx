import { Tabs } from "@mantine/core";
import {
  IconBell,
  IconCalendarTime,
  IconCornerUpLeft,
  IconHourglass,
  IconKey,
  IconShieldLock,
  IconUserCircle,
} from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Outlet, useLocation, useNavigate } from "react-router";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useCan } from "../auth/session.tsx";

export function SettingsLayout() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const isAdmin = useCan("users.manage");
  const canTokens = useCan("tokens.manage");
  const canRelay = useCan("relay.manage");
  const current = location.pathname.split("/")[2] ?? "profile";
  return (
    <>
      <PageHeader title={t("settings.title")} />
      <Tabs value={current} onChange={(v) => v && navigate(`/settings/${v}`)} mb="lg">
        <Tabs.List>
          <Tabs.Tab value="profile" leftSection={<IconUserCircle size={16} />}>
            {t("settings.profile")}
          </Tabs.Tab>
          {isAdmin && (
            <Tabs.Tab value="users" leftSection={<IconShieldLock size={16} />}>
              {t("settings.users")}
            </Tabs.Tab>
          )}
          {canTokens && (
            <Tabs.Tab value="tokens" leftSection={<IconKey size={16} />}>
              {t("settings.tokens")}
            </Tabs.Tab>
          )}
          {canRelay && (
            <>
              <Tabs.Tab
                value="calendar"
                leftSection={<IconCalendarTime size={16} />}
                data-testid="settings-calendar"
              >
                {t("settings.calendar")}
              </Tabs.Tab>
              <Tabs.Tab value="sla" leftSection={<IconHourglass size={16} />} data-testid="settings-sla">
                {t("settings.sla")}
              </Tabs.Tab>
              <Tabs.Tab
                value="rejection-reasons"
                leftSection={<IconCornerUpLeft size={16} />}
                data-testid="settings-reasons"
              >
                {t("settings.rejectionReasons")}
              </Tabs.Tab>
              <Tabs.Tab value="channels" leftSection={<IconBell size={16} />} data-testid="settings-channels">
                {t("settings.channels")}
              </Tabs.Tab>
            </>
          )}
        </Tabs.List>
      </Tabs>
      <Outlet />
    </>
  );
}
