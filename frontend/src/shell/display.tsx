/**
 * How the app looks: the theme (light, dark, or as the system says) and how
 * dates are written. They are the account's preferences (`GET|PATCH /api/me`),
 * applied at sign-in by `AccountDisplay`; this device keeps a copy in
 * localStorage, which the script in index.html reads before the first paint so
 * a dark page never flashes light.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useAuth } from '../auth/AuthContext';
import { setDateFormat, type DateFormat } from '../trajectory/dates';

export type Theme = 'system' | 'light' | 'dark';

export interface Display {
  theme: Theme;
  dateFormat: DateFormat;
}

/** The localStorage key; index.html's script reads it too. */
const KEY = 'display';
const DEFAULTS: Display = { theme: 'system', dateFormat: 'auto' };
const THEMES: Theme[] = ['system', 'light', 'dark'];
const FORMATS: DateFormat[] = ['auto', 'mdy', 'dmy', 'iso'];

/** What this device keeps; anything unreadable falls back to the defaults. */
function stored(): Display {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Display>;
    return {
      theme: THEMES.includes(raw.theme as Theme) ? (raw.theme as Theme) : DEFAULTS.theme,
      dateFormat: FORMATS.includes(raw.dateFormat as DateFormat) ? (raw.dateFormat as DateFormat) : DEFAULTS.dateFormat,
    };
  } catch {
    return DEFAULTS;
  }
}

interface DisplayContext {
  display: Display;
  setDisplay(display: Display): void;
}

const Context = createContext<DisplayContext>({ display: DEFAULTS, setDisplay: () => undefined });

/** `dark` or `light`: the theme to draw, with `system` resolved through the media query. */
function resolved(theme: Theme): 'dark' | 'light' {
  if (theme !== 'system') return theme;
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function DisplayProvider({ children }: { children: ReactNode }) {
  const [display, setState] = useState(stored);
  // Dates are written by a plain function all over the app; it reads the format set here,
  // and every page re-renders below this provider when it changes.
  setDateFormat(display.dateFormat);

  useEffect(() => {
    const apply = () => {
      document.documentElement.dataset.theme = resolved(display.theme);
    };
    apply();
    if (display.theme !== 'system' || !globalThis.matchMedia) return;
    const query = globalThis.matchMedia('(prefers-color-scheme: dark)');
    query.addEventListener?.('change', apply);
    return () => query.removeEventListener?.('change', apply);
  }, [display.theme]);

  const setDisplay = useCallback((next: Display) => {
    setState((current) => (current.theme === next.theme && current.dateFormat === next.dateFormat ? current : next));
    try {
      localStorage.setItem(KEY, JSON.stringify(next));
    } catch {
      // Private browsing may refuse storage: the choice lasts for this visit.
    }
  }, []);
  const value = useMemo(() => ({ display, setDisplay }), [display, setDisplay]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

/**
 * Applies the signed-in account's theme and date format: at sign-in, on reload
 * once the session is back, and whenever the account's preferences change.
 */
export function AccountDisplay() {
  const { user } = useAuth();
  const { setDisplay } = useDisplay();
  const theme = user?.preferences.theme;
  const dateFormat = user?.preferences.date_format;
  useEffect(() => {
    if (theme && dateFormat) setDisplay({ theme, dateFormat });
  }, [theme, dateFormat, setDisplay]);
  return null;
}

export function useDisplay(): DisplayContext {
  return useContext(Context);
}
