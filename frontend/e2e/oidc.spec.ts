import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { accountWithRole, postJson, requiredEnv, siteAdmin, uniqueAccount } from './helpers';

// Single sign-on through a real OpenID Connect provider (the npm package
// oidc-provider, installed by local/scripts/services.sh and started here on
// loopback): a volunteer signs up with it, an existing account is linked with its
// password, and the administrator sees the provider with its secret write-only.
// The provider is deleted at the end, so later specs see the usual sign-in page.
test.describe.configure({ mode: 'serial' });

const script = fileURLToPath(new URL('../../local/scripts/oidc-provider.mjs', import.meta.url));
const stamp = Date.now().toString(36);
const slug = `e2e-idp-${stamp}`;
const providerName = 'E2E Identity';

let provider: ChildProcess | undefined;
let issuer = '';
let providerId = '';
let adminBearer: Record<string, string> = {};

/** Starts the provider and answers its issuer once it listens. */
async function startProvider(): Promise<string> {
  const child = spawn(process.execPath, [script], { stdio: ['pipe', 'pipe', 'ignore'] });
  provider = child;
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the OIDC provider stopped (${code}): is oidc-provider installed?`)));
  });
  // Its later notices are read and dropped, so it never waits on a full pipe.
  lines.on('line', () => undefined);
  return JSON.parse(first).issuer as string;
}

async function control(path: string, body: unknown): Promise<Record<string, string>> {
  const response = await fetch(`${issuer}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.ok, `${path} at the provider`).toBe(true);
  return response.json();
}

/** The auth routes allow 10 requests a minute per address: each story starts in a fresh minute. */
async function freshAuthMinute(page: Page): Promise<void> {
  const now = new Date();
  await page.waitForTimeout((60 - now.getSeconds()) * 1000 + 500);
}

/** Signs in at the provider's own page as `login`. */
async function signInAtProvider(page: Page, login: string): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Test identity provider' })).toBeVisible();
  await page.getByLabel('Username').fill(login);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test.beforeAll(async () => {
  const base = requiredEnv('E2E_BASE_URL');
  issuer = await startProvider();
  // The site's administrator (made first on a new site) configures the provider.
  const status = await (await fetch(`${base}/api/auth/status`)).json();
  if (status.data.needs_setup) await accountWithRole(uniqueAccount('sso_setup'), 'USER');
  const admin = siteAdmin();
  const signedIn = await postJson('/api/auth/login', { login: admin.username, password: admin.password });
  expect(signedIn.status, 'the site administrator signs in').toBe(200);
  adminBearer = { authorization: `Bearer ${(await signedIn.json()).data.access_token}` };
  const client = await control('/reg', {
    redirect_uris: [`${base}/api/auth/oidc/${slug}/callback`],
    token_endpoint_auth_method: 'client_secret_basic',
  });
  const created = await fetch(`${base}/api/admin/oidc-providers`, {
    method: 'POST',
    headers: { ...adminBearer, 'content-type': 'application/json' },
    body: JSON.stringify({
      slug,
      display_name: providerName,
      issuer,
      client_id: client.client_id,
      client_secret: client.client_secret,
      auto_register: true,
    }),
  });
  expect(created.status, await created.clone().text()).toBe(201);
  providerId = (await created.json()).data.id;
});

test.afterAll(async () => {
  if (providerId) {
    await fetch(`${requiredEnv('E2E_BASE_URL')}/api/admin/oidc-providers/${providerId}`, {
      method: 'DELETE',
      headers: adminBearer,
    });
  }
  provider?.kill();
});

test('a volunteer signs up with the identity provider, from the keyboard', async ({ page }) => {
  test.setTimeout(120_000);
  const sub = `volunteer-${stamp}`;
  await control('/test/accounts', {
    sub,
    email: `${sub}@example.test`,
    email_verified: true,
    name: 'Vera Volunteer',
    preferred_username: sub,
  });
  await freshAuthMinute(page);

  await page.goto('/login?next=%2Fchangemaker');
  const choice = page.getByRole('link', { name: `Continue with ${providerName}` });
  await choice.focus();
  await page.keyboard.press('Enter');
  await signInAtProvider(page, sub);

  await expect(page).toHaveURL(/\/changemaker$/);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav).toContainText('Vera Volunteer');
  await page.goto('/profile');
  await expect(page.getByRole('region', { name: 'Sign-in with identity providers' })).toContainText(providerName);
  await expect(page.getByText('Your only way to sign in')).toBeVisible();
});

test('an existing account is linked once its password is given', async ({ page }) => {
  test.setTimeout(150_000);
  const account = uniqueAccount('sso_parent');
  // Waits out the limit itself if it meets it.
  await accountWithRole(account, 'USER');
  const sub = `parent-${stamp}`;
  await control('/test/accounts', { sub, email: account.email, email_verified: true, name: 'Pat Parent' });
  await freshAuthMinute(page);

  await page.goto('/login');
  await page.getByRole('link', { name: `Continue with ${providerName}` }).click();
  await signInAtProvider(page, sub);

  await expect(page).toHaveURL(/\/sso\/link$/);
  await expect(page.getByText(account.username)).toBeVisible();
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Link and sign in' }).click();

  await expect(page).toHaveURL(/\/trajectory$/);
  await page.goto('/profile');
  const methods = page.getByRole('region', { name: 'Sign-in with identity providers' });
  await expect(methods).toContainText(providerName);
  await expect(methods.getByRole('button', { name: `Unlink ${providerName}` })).toBeVisible();
});

test('the administrator sees the provider, and never its secret', async ({ page }) => {
  test.setTimeout(120_000);
  const admin = siteAdmin();
  await freshAuthMinute(page);
  await page.goto('/login');
  await page.getByLabel('Username or email').fill(admin.username);
  await page.getByLabel('Password', { exact: true }).fill(admin.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();

  await page.goto('/admin');
  const sso = page.getByRole('region', { name: 'Single sign-on' });
  await expect(sso).toContainText(providerName);
  await expect(sso).toContainText('client secret set');
  await expect(sso).toContainText(`/api/auth/oidc/${slug}/callback`);
  await sso.getByRole('button', { name: `Edit ${providerName}` }).click();
  const secret = sso.getByLabel('Client secret');
  await expect(secret).toHaveValue('');
  await expect(secret).toHaveAttribute('type', 'password');
  // Password sign-in cannot be switched off by an administrator with no linked identity.
  await sso.getByLabel('People may sign in and register with a password').uncheck();
  await sso.getByRole('button', { name: 'Save password sign-in' }).click();
  await expect(sso.getByRole('alert')).toContainText('Link your account');
});
