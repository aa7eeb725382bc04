/**
 * How the app looks on this device: the theme (light, dark, or as the system
 * says) and how dates are written. Kept in localStorage, since the account's
 * preferences on the server hold only units so far; the SPA applies them before
 * anything is drawn.
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setDateFormat, type DateFormat } from '../trajectory/dates';

export type Theme = 'system' | 'light' | 'dark';

export interface Display {
  theme: Theme;
  dateFormat: DateFormat;
}

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

  const value = useMemo(
    () => ({
      display,
      setDisplay(next: Display) {
        setState(next);
        try {
          localStorage.setItem(KEY, JSON.stringify(next));
        } catch {
          // Private browsing may refuse storage: the choice lasts for this visit.
        }
      },
    }),
    [display],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useDisplay(): DisplayContext {
  return useContext(Context);
}
