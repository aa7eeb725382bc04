import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ApiClient } from '../api/client';
import type { LoginInput, RegisterInput, User } from '../api/types';
import { forgetCanvass } from '../changemaker/canvass/store';
import { forgetFamily } from '../trajectory/offline';

/** Forgets what the app kept on this device for offline use (the device may be shared). */
function forgetOfflineData(): void {
  forgetFamily();
  void forgetCanvass();
}

export interface AuthContextValue {
  api: ApiClient;
  /** The signed-in user, or null. */
  user: User | null;
  /** True until the silent refresh on page load has settled. */
  loading: boolean;
  /** Why the last session ended, for the login page to show; null when there is nothing to say. */
  notice: string | null;
  /** True when the session could not be restored because the server was out of reach. */
  offline: boolean;
  /** True when the user ended the session on purpose, so there is no page to return to. */
  signedOut: boolean;
  login(input: LoginInput): Promise<User>;
  /** The signed-in new account, or null when it waits for its emailed link. */
  register(input: RegisterInput): Promise<User | null>;
  logout(): Promise<void>;
  /** Forgets the session locally (the server already ended it), leaving a notice for the login page. */
  endSession(notice: string): void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

/** Holds who is signed in; the client's session events are the single source of it. */
export function AuthProvider({ api, children }: { api: ApiClient; children: ReactNode }) {
  const [user, setUser] = useState<User | null>(() => api.currentUser);
  const [loading, setLoading] = useState(() => !api.currentUser && api.mayHaveSession);
  const [notice, setNotice] = useState<string | null>(null);
  const [signedOut, setSignedOut] = useState(false);
  const [offline, setOffline] = useState(false);

  useEffect(() => {
    const unsubscribe = api.onSessionChange(setUser);
    let active = true;
    setUser(api.currentUser);
    if (api.currentUser || !api.mayHaveSession) {
      setLoading(false);
    } else {
      // A reload loses the in-memory access token; the refresh cookie brings it back.
      // A refusal ends the session; a session still hinted at afterwards means no network.
      void api.refreshSession().finally(() => {
        if (!active) return;
        setOffline(!api.currentUser && api.mayHaveSession);
        setLoading(false);
      });
    }
    // Back online: try again to restore the session.
    const online = () => {
      if (api.currentUser || !api.mayHaveSession) return;
      void api.refreshSession().then(() => {
        if (active) setOffline(!api.currentUser && api.mayHaveSession);
      });
    };
    globalThis.addEventListener?.('online', online);
    return () => {
      active = false;
      unsubscribe();
      globalThis.removeEventListener?.('online', online);
    };
  }, [api]);

  const value = useMemo<AuthContextValue>(
    () => ({
      api,
      user,
      loading,
      notice,
      offline,
      signedOut,
      login: async (input) => {
        const signedIn = await api.login(input);
        setNotice(null);
        setSignedOut(false);
        return signedIn;
      },
      register: async (input) => {
        const signedIn = await api.register(input);
        setNotice(null);
        setSignedOut(false);
        return signedIn;
      },
      logout: async () => {
        setSignedOut(true);
        forgetOfflineData();
        try {
          await api.logout();
        } catch {
          // The local session is gone either way; a failed revoke is not the user's problem.
        }
      },
      endSession: (message) => {
        forgetOfflineData();
        setNotice(message);
        setSignedOut(true);
        api.endSession();
      },
    }),
    [api, user, loading, notice, offline, signedOut],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

/** The API client of the surrounding AuthProvider. */
export function useApi(): ApiClient {
  return useAuth().api;
}
