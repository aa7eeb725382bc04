import { expect, test } from '@playwright/test';
import { expectSignedIn, logIn, requiredEnv, siteAdmin } from './helpers';

// One story against a fresh backend: the first account is created in the first
// test and used by the others, so they run in order and stop at the first failure.
test.describe.configure({ mode: 'serial' });

const admin = siteAdmin();

test.beforeAll(() => {
  requiredEnv('E2E_BASE_URL');
});

test('the first user sets up the site with the setup token and becomes SUPER_ADMIN', async ({ page }) => {
  const setupToken = requiredEnv('E2E_SETUP_TOKEN');

  // A visitor lands on the start page, which says what the apps are, and goes on to log in.
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Trajectory', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Changemaker Lite' })).toBeVisible();
  await page.getByRole('main').getByRole('link', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.getByRole('link', { name: 'Create an account' }).click();

  await expect(page.getByRole('heading', { name: 'Set up the first account' })).toBeVisible();
  await page.getByLabel('Username').fill(admin.username);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Display name').fill(admin.displayName);
  await page.getByLabel('Password', { exact: true }).fill(admin.password);
  await page.getByLabel('Setup token').fill(setupToken);
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(page).toHaveURL(/\/trajectory$/);
  await expectSignedIn(page, admin);

  await page.getByRole('link', { name: 'Admin' }).click();
  await expect(page).toHaveURL(/\/admin$/);
  const row = page.getByRole('row').filter({ hasText: admin.username });
  await expect(row).toBeVisible();
  await expect(row.getByLabel(`Role of ${admin.username}`)).toHaveValue('SUPER_ADMIN');

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);

  await logIn(page, admin.username, admin.password);
  await expect(page).toHaveURL(/\/trajectory$/);
  await expectSignedIn(page, admin);
  await expect(page.getByRole('link', { name: 'Admin' })).toBeVisible();
});

test('a wrong password shows the message from the API', async ({ page }) => {
  await page.goto('/login');
  await logIn(page, admin.username, `${admin.password}-wrong`);

  await expect(page.getByRole('alert')).toHaveText('Invalid username or password');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
});

test('a reload keeps the session through the refresh cookie', async ({ page }) => {
  await page.goto('/profile');
  await expect(page).toHaveURL(/\/login\?next=%2Fprofile$/);
  await logIn(page, admin.email, admin.password);
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByLabel('Email')).toHaveValue(admin.email);

  await page.reload();

  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('heading', { name: 'Profile' })).toBeVisible();
  await expectSignedIn(page, admin);
  await expect(page.getByLabel('Email')).toHaveValue(admin.email);
});
