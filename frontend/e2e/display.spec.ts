import { expect, test, type Page } from '@playwright/test';
import { logIn, pastTheRateLimit, siteAdmin } from './helpers';

// Display preferences against the running backend: the site's admin picks the dark
// theme and day-first dates on the profile. The theme applies at once, is there
// before the first paint of a reload (no light flash), and follows the account to a
// browser that has never seen it. The spec puts the defaults back at the end, since
// later specs sign in as the same account.
test.describe.configure({ mode: 'serial' });
test.setTimeout(120_000);

const admin = siteAdmin();
/** `--ground` of each theme, as the page's background computes. */
const DARK_GROUND = 'rgb(17, 21, 27)';
const LIGHT_GROUND = 'rgb(244, 246, 249)';

async function signIn(page: Page): Promise<void> {
  await page.goto('/login');
  await pastTheRateLimit(
    page,
    () => logIn(page, admin.username, admin.password),
    page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Log out' }),
  );
}

async function openProfile(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Profile' }).click();
  await expect(page.getByRole('heading', { name: 'Profile', level: 1 })).toBeVisible();
}

function background(page: Page): Promise<string> {
  return page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
}

/** Notes the theme the page has when its body first appears, before the app's script runs. */
async function watchFirstPaint(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen = globalThis as unknown as { firstTheme?: string };
    new MutationObserver(() => {
      if (document.body && seen.firstTheme === undefined) seen.firstTheme = document.documentElement.dataset.theme ?? 'none';
    }).observe(document, { childList: true, subtree: true });
  });
}

function firstTheme(page: Page): Promise<string | undefined> {
  return page.evaluate(() => (globalThis as unknown as { firstTheme?: string }).firstTheme);
}

test('the dark theme applies at once, holds across a reload from the first paint, and follows the account', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'light' });
  const page = await context.newPage();
  await signIn(page);
  await openProfile(page);
  expect(await background(page)).toBe(LIGHT_GROUND);

  const saved = page.waitForResponse((r) => r.url().endsWith('/api/me') && r.request().method() === 'PATCH');
  await page.getByLabel('Theme').selectOption('dark');
  expect((await saved).status()).toBe(200);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await background(page)).toBe(DARK_GROUND);
  const savedDates = page.waitForResponse((r) => r.url().endsWith('/api/me') && r.request().method() === 'PATCH');
  await page.getByLabel('Dates').selectOption('dmy');
  expect((await savedDates).status()).toBe(200);

  await watchFirstPaint(page);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Profile', level: 1 })).toBeVisible();
  expect(await firstTheme(page)).toBe('dark');
  expect(await background(page)).toBe(DARK_GROUND);
  await expect(page.getByLabel('Theme')).toHaveValue('dark');

  // A browser that has never seen this account gets its preferences at sign-in.
  const elsewhere = await browser.newContext({ colorScheme: 'light' });
  const other = await elsewhere.newPage();
  await signIn(other);
  await expect(other.locator('html')).toHaveAttribute('data-theme', 'dark');
  await openProfile(other);
  await expect(other.getByLabel('Dates')).toHaveValue('dmy');
  await expect(other.getByLabel('Dates')).toHaveAccessibleDescription(/Shown as 04\/03\/2025/);

  // Back to the defaults for the specs that follow.
  const reset = other.waitForResponse((r) => r.url().endsWith('/api/me') && r.request().method() === 'PATCH');
  await other.getByLabel('Theme').selectOption('system');
  expect((await reset).status()).toBe(200);
  const resetDates = other.waitForResponse((r) => r.url().endsWith('/api/me') && r.request().method() === 'PATCH');
  await other.getByLabel('Dates').selectOption('auto');
  expect((await resetDates).status()).toBe(200);
  await expect(other.locator('html')).toHaveAttribute('data-theme', 'light');
  await elsewhere.close();
  await context.close();
});
