import {
  AppShell,
  Avatar,
  Box,
  Burger,
  Group,
  Menu,
  NavLink,
  Text,
  TextInput,
  UnstyledButton,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconChevronDown, IconLanguage, IconLogout, IconSearch, IconUserCircle } from "@tabler/icons-react";
import type { Locale } from "@tasuki/contracts";
import { type FormEvent, lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Outlet, useLocation, useNavigate } from "react-router";
import { ApiError } from "../api/client.ts";
import { api } from "../api/endpoints.ts";
import { PageLoader } from "../components/states.tsx";
import { useCurrentUser, useSession } from "../features/auth/session.tsx";
import { applyLocale } from "../i18n/index.ts";
import { features } from "./features.ts";
import { Logo } from "./Logo.tsx";

// Loaded after the shell: the bell pulls in date formatting that the first paint does not need.
const NotificationBell = lazy(async () => ({
  default: (await import("../features/relay/NotificationBell.tsx")).NotificationBell,
}));

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure();
  const { t } = useTranslation();
  const user = useCurrentUser();
  const location = useLocation();
  const navItems = features.flatMap((f) => (f.nav && (f.nav.visible?.(user) ?? true) ? [f.nav] : []));

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 216, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t("layout.toggleNavigation")}
            />
            <Logo />
          </Group>
          {/* On a 390 px phone everything here must fit: no chevrons, no wrapping labels. */}
          <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
            <GlobalSearch />
            <Suspense fallback={<Box w={34} />}>
              <NotificationBell />
            </Suspense>
            <LanguageMenu />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label={t("layout.mainNavigation")}>
        {navItems.map((item) => {
          const active =
            item.path === "/" ? location.pathname === "/" : location.pathname.startsWith(item.path);
          const ItemIcon = item.icon;
          return (
            <NavLink
              key={item.path}
              component={Link}
              to={item.path}
              label={t(item.label)}
              leftSection={<ItemIcon size={20} stroke={1.6} />}
              active={active}
              aria-current={active ? "page" : undefined}
              onClick={close}
              variant="light"
              fw={500}
              style={{ borderRadius: "var(--mantine-radius-md)" }}
              mb={2}
            />
          );
        })}
      </AppShell.Navbar>

      <AppShell.Main bg="var(--mantine-color-gray-0)">
        <Box maw={1440} mx="auto">
          <Suspense fallback={<PageLoader />}>
            <Outlet />
          </Suspense>
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}

/** The quickest way to a person: type a name, フリガナ, email or company and press Enter. */
function GlobalSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [value, setValue] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const q = value.trim();
    navigate(q ? `/people?q=${encodeURIComponent(q)}` : "/people");
    setValue("");
  };
  return (
    <Box component="form" onSubmit={submit} role="search" visibleFrom="md">
      <TextInput
        aria-label={t("layout.searchPeople")}
        placeholder={t("layout.searchPlaceholder")}
        leftSection={<IconSearch size={16} />}
        value={value}
        onChange={(e) => setValue(e.currentTarget.value)}
        w={300}
        size="sm"
      />
    </Box>
  );
}

function LanguageMenu() {
  const { t, i18n } = useTranslation();
  const { setUser } = useSession();
  const switchTo = async (locale: Locale) => {
    await applyLocale(locale);
    try {
      // Remembered per user, so the next sign-in (any browser) opens in this language.
      setUser(await api.updateCurrentUser({ locale }));
    } catch (error) {
      notifications.show({
        color: "red",
        message: error instanceof ApiError ? error.message : t("common.unexpectedError"),
      });
    }
  };
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <UnstyledButton
          aria-label={t("layout.language")}
          data-testid="language-menu"
          className="tasuki-header-button"
        >
          <Group gap={6} wrap="nowrap">
            <IconLanguage size={18} />
            <Text size="sm" style={{ whiteSpace: "nowrap" }}>
              {i18n.language === "en" ? "English" : "日本語"}
            </Text>
            <Box visibleFrom="sm" display="flex">
              <IconChevronDown size={14} />
            </Box>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => switchTo("ja")} data-testid="language-ja" lang="ja">
          日本語
        </Menu.Item>
        <Menu.Item onClick={() => switchTo("en")} data-testid="language-en" lang="en">
          English
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function UserMenu() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const { signOut } = useSession();
  const navigate = useNavigate();
  return (
    <Menu position="bottom-end" withinPortal width={240}>
      <Menu.Target>
        <UnstyledButton
          aria-label={t("layout.userMenu")}
          data-testid="user-menu"
          className="tasuki-header-button"
        >
          <Group gap={8} wrap="nowrap">
            <Avatar size={30} radius="xl" color="ai">
              {user.familyName.slice(0, 1)}
            </Avatar>
            <Box visibleFrom="sm">
              <Text size="sm" fw={500} lh={1.2}>
                {user.name}
              </Text>
              <Text size="xs" c="dimmed" lh={1.2}>
                {t(`role.${user.role}`)}
              </Text>
            </Box>
            <Box visibleFrom="sm" display="flex">
              <IconChevronDown size={14} />
            </Box>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{user.email}</Menu.Label>
        <Menu.Item leftSection={<IconUserCircle size={16} />} component={Link} to="/settings/profile">
          {t("layout.profile")}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item
          leftSection={<IconLogout size={16} />}
          data-testid="logout"
          onClick={async () => {
            await signOut();
            navigate("/login", { replace: true });
          }}
        >
          {t("layout.logout")}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
