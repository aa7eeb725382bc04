import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, useLocation } from 'react-router-dom';
import { ApiClient } from '../api/client';
import type { User } from '../api/types';
import { AppRoutes } from '../App';
import { AuthProvider } from '../auth/AuthContext';
import { AccountDisplay, DisplayProvider } from '../shell/display';
import { FakeServer, makeSession, memoryHint } from './fakeServer';

function LocationProbe() {
  const location = useLocation();
  return <div data-testid="location">{`${location.pathname}${location.search}`}</div>;
}

interface RenderAppOptions {
  server?: FakeServer;
  /** Signed in as this user, restored by the silent refresh on load. */
  signedInAs?: User;
  /** Whether an earlier page load left a session behind (default: when signedInAs is set). */
  sessionHint?: boolean;
}

/** The whole app at `path`, talking to a FakeServer. */
export function renderApp(path: string, options: RenderAppOptions = {}) {
  const server = options.server ?? new FakeServer();
  if (options.signedInAs) {
    server.on('POST', '/api/auth/refresh', { status: 200, body: makeSession(options.signedInAs) });
  }
  const api = new ApiClient({ fetch: server.fetch, hint: memoryHint(options.sessionHint ?? Boolean(options.signedInAs)) });
  const user = userEvent.setup();
  const view = render(
    <MemoryRouter initialEntries={[path]}>
      <DisplayProvider>
        <AuthProvider api={api}>
          <AccountDisplay />
          <AppRoutes />
          <LocationProbe />
        </AuthProvider>
      </DisplayProvider>
    </MemoryRouter>,
  );
  const location = () => view.getByTestId('location').textContent;
  return { ...view, server, api, user, location };
}

/** The text of the elements an input names in aria-describedby (its hint and error). */
export function descriptionOf(element: HTMLElement): string {
  const ids = element.getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}
