import { expect, type Locator, type Page } from '@playwright/test';
import { sentEmails } from './mail';

/** An environment variable the project's test script must set. */
export function requiredEnv(name: 'E2E_BASE_URL' | 'E2E_SETUP_TOKEN'): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the e2e tests through the project's test script, which starts the backend`);
  }
  return value;
}

export interface Account {
  username: string;
  email: string;
  password: string;
  displayName: string;
}

/** A fresh account per run, so reruns against a kept database do not collide. */
export function uniqueAccount(prefix: string): Account {
  const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  return {
    username: `${prefix}_${stamp}`,
    email: `${prefix}.${stamp}@example.test`,
    password: `Sturdy-Passw0rd-${stamp}`,
    displayName: `${prefix} ${stamp}`,
  };
}

/**
 * The site's first account, SUPER_ADMIN: the first spec creates it with the setup
 * token, and later specs that need an administrator sign in as it. Its password
 * comes from the setup token, so every spec (each in its own module) knows it.
 */
export function siteAdmin(): Account {
  return {
    username: 'site_admin',
    email: 'site.admin@example.test',
    password: `Site-Admin-${requiredEnv('E2E_SETUP_TOKEN')}-9`,
    displayName: 'Site Admin',
  };
}

export async function logIn(page: Page, login: string, password: string): Promise<void> {
  await page.getByLabel('Username or email').fill(login);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

export async function expectSignedIn(page: Page, account: Account): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav).toBeVisible();
  await expect(nav).toContainText(account.displayName);
  await expect(nav.getByRole('button', { name: 'Log out' })).toBeVisible();
}

/**
 * Runs `act` (a click on an auth form) until `done` shows, waiting out the per-IP
 * limit of the auth endpoints when the page says "Too many attempts": every
 * browser of a run shares one address, as people behind one router do.
 */
export async function pastTheRateLimit(page: Page, act: () => Promise<void>, done: Locator): Promise<void> {
  const limited = page.getByText(/Too many attempts/);
  for (let attempt = 0; attempt < 3; attempt++) {
    await act();
    await expect(async () => {
      expect((await done.isVisible()) || (await limited.isVisible())).toBe(true);
    }).toPass({ timeout: 15_000 });
    if (await done.isVisible()) return;
    const seconds = Number((await limited.textContent())?.match(/(\d+) second/)?.[1] ?? 60);
    await page.waitForTimeout((seconds + 1) * 1000);
  }
  throw new Error('the auth endpoints stayed rate limited');
}

/** Signs in as the site's administrator, creating it first on a brand-new site. */
export async function signInAsAdmin(page: Page): Promise<void> {
  const admin = siteAdmin();
  await page.goto('/register');
  const setup = page.getByRole('heading', { name: 'Set up the first account' });
  const form = page.getByRole('button', { name: 'Create account' });
  await expect(form).toBeVisible();
  if (await setup.isVisible()) {
    await page.getByLabel('Username').fill(admin.username);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Display name').fill(admin.displayName);
    await page.getByLabel('Password', { exact: true }).fill(admin.password);
    await page.getByLabel('Setup token').fill(requiredEnv('E2E_SETUP_TOKEN'));
    await form.click();
  } else {
    await page.goto('/login');
    await logIn(page, admin.username, admin.password);
  }
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
}

/** An API call from the test itself, waiting out the auth rate limit if it meets it. */
export async function postJson(path: string, body: unknown): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(`${requiredEnv('E2E_BASE_URL')}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 429 || attempt === 3) return response;
    await new Promise((r) => setTimeout(r, 1000 * Number(response.headers.get('retry-after') ?? 10)));
  }
}

/**
 * Makes `account` and gives it `role`: it registers, confirms its address from the email, and the site's
 * administrator (made first, with the setup token, on a new site) gives it
 * `role` through the admin API.
 */
export async function accountWithRole(account: Account, role: string): Promise<void> {
  const status = await (await fetch(`${requiredEnv('E2E_BASE_URL')}/api/auth/status`)).json();
  const fields = { username: account.username, email: account.email, password: account.password };
  if (status.data.needs_setup) {
    // The site's administrator comes first, as the other specs expect it.
    const admin = siteAdmin();
    const created = await postJson('/api/auth/register', {
      username: admin.username,
      email: admin.email,
      display_name: admin.displayName,
      password: admin.password,
      setup_token: requiredEnv('E2E_SETUP_TOKEN'),
    });
    expect(created.status).toBe(201);
  }
  expect((await postJson('/api/auth/register', fields)).status).toBe(202);
  let token: string | undefined;
  await expect
    .poll(async () => {
      const email = (await sentEmails(account.email)).find((m) => /verify-email\?token=/.test(m.text));
      token = email?.text.match(/verify-email\?token=([A-Za-z0-9_-]+)/)?.[1];
      return token;
    }, { message: 'the confirmation email', timeout: 30_000 })
    .toBeTruthy();
  expect((await postJson('/api/auth/verify-email', { token })).status).toBe(200);

  // Only a SUPER_ADMIN gives roles: the site's administrator does, through the admin API.
  const base = requiredEnv('E2E_BASE_URL');
  const admin = siteAdmin();
  const signedIn = await postJson('/api/auth/login', { login: admin.username, password: admin.password });
  expect(signedIn.status, 'the site administrator signs in').toBe(200);
  const bearer = { authorization: `Bearer ${(await signedIn.json()).data.access_token}` };
  const found = await fetch(`${base}/api/admin/users?q=${encodeURIComponent(account.username)}`, { headers: bearer });
  const id = (await found.json()).data.find((u: { username: string }) => u.username === account.username)?.id;
  expect(id).toBeTruthy();
  const promoted = await fetch(`${base}/api/admin/users/${id}`, {
    method: 'PATCH',
    headers: { ...bearer, 'content-type': 'application/json' },
    body: JSON.stringify({ role }),
  });
  expect(promoted.status).toBe(200);
}
