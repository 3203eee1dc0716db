import { useQueryClient } from "@tanstack/react-query";
import { hasPermission, type Permission } from "@tasuki/domain";
import { createContext, type ReactNode, use, useCallback, useEffect, useMemo, useState } from "react";
import { setCsrfToken, setUnauthenticatedHandler } from "../../api/client.ts";
import { api } from "../../api/endpoints.ts";
import type { CurrentUser, LoginResponse } from "../../api/types.ts";
import { applyLocale } from "../../i18n/index.ts";

type Status = "loading" | "anonymous" | "authenticated";

interface SessionContextValue {
  status: Status;
  user: CurrentUser | null;
  /** True after the server said the session is gone; the login page explains it. */
  expired: boolean;
  /** Could not ask the server whether we are signed in (it is down). */
  startError: boolean;
  signIn(response: LoginResponse): Promise<void>;
  signOut(): Promise<void>;
  setUser(user: CurrentUser): void;
  retry(): void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Status>("loading");
  const [user, setUserState] = useState<CurrentUser | null>(null);
  const [expired, setExpired] = useState(false);
  const [startError, setStartError] = useState(false);
  const [attempt, setAttempt] = useState(0);

  // A reload keeps the cookie but loses the in-memory CSRF token: ask the server for both.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-runs the check on retry
  useEffect(() => {
    let cancelled = false;
    setStartError(false);
    api
      .getSession()
      .then(async ({ session }) => {
        if (cancelled) return;
        if (session) {
          setCsrfToken(session.csrfToken);
          await applyLocale(session.user.locale);
          setUserState(session.user);
          setStatus("authenticated");
        } else {
          setStatus("anonymous");
        }
      })
      .catch(() => {
        if (!cancelled) setStartError(true);
      });
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setCsrfToken(null);
      setUserState(null);
      setExpired(true);
      setStatus("anonymous");
      queryClient.clear();
    });
    return () => setUnauthenticatedHandler(null);
  }, [queryClient]);

  const signIn = useCallback(
    async (response: LoginResponse) => {
      setCsrfToken(response.csrfToken);
      queryClient.clear();
      await applyLocale(response.user.locale);
      setUserState(response.user);
      setExpired(false);
      setStatus("authenticated");
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setCsrfToken(null);
      setUserState(null);
      setExpired(false);
      setStatus("anonymous");
      queryClient.clear();
    }
  }, [queryClient]);

  const value = useMemo<SessionContextValue>(
    () => ({
      status,
      user,
      expired,
      startError,
      signIn,
      signOut,
      setUser: setUserState,
      retry: () => setAttempt((n) => n + 1),
    }),
    [status, user, expired, startError, signIn, signOut],
  );
  return <SessionContext value={value}>{children}</SessionContext>;
}

export function useSession(): SessionContextValue {
  const value = use(SessionContext);
  if (!value) throw new Error("useSession must be used inside SessionProvider");
  return value;
}

/** The signed-in user; only for screens inside the signed-in layout. */
export function useCurrentUser(): CurrentUser {
  const { user } = useSession();
  if (!user) throw new Error("useCurrentUser needs a signed-in user");
  return user;
}

/** Whether the signed-in user's role grants a permission (the same table the server checks). */
export function useCan(permission: Permission): boolean {
  const { user } = useSession();
  return user ? hasPermission(user.role, permission) : false;
}
