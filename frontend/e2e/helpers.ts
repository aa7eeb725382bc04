import { expect, type Locator, type Page } from '@playwright/test';

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
