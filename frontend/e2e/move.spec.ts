import { expect, test, type Page } from '@playwright/test';
import { logIn, pastTheRateLimit, siteAdmin } from './helpers';

// Moving a child against the running backend: the site's admin owns two families,
// moves the child of one to the other from the child's Details, and the emptied
// family can then be deleted, as its settings explain.
test.setTimeout(90_000);

const admin = siteAdmin();
const stamp = Date.now().toString(36);
const first = `Move from ${stamp}`;
const second = `Move to ${stamp}`;
const child = `Kit ${stamp}`;

async function createFamily(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Trajectory', exact: true }).click();
  await page.getByLabel('Family name').fill(name);
  await page.getByRole('button', { name: 'Create family' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
}

test('an owner of two families moves a child from one to the other', async ({ page }) => {
  await page.goto('/login');
  await pastTheRateLimit(
    page,
    () => logIn(page, admin.username, admin.password),
    page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Log out' }),
  );
  await createFamily(page, second);
  await createFamily(page, first);
  await page.getByRole('link', { name: 'Add a child' }).click();
  await page.getByLabel('Name').fill(child);
  await page.getByLabel('Date of birth').fill('2024-05-01');
  await page.getByLabel('Sex at birth').selectOption('female');
  await page.getByRole('button', { name: 'Add child' }).click();
  await expect(page.getByRole('heading', { name: child })).toBeVisible();

  await page.getByRole('navigation', { name: 'Child sections' }).getByRole('link', { name: 'Details' }).click();
  const move = page.getByRole('region', { name: `Move ${child} to another family` });
  await move.getByLabel('Family').selectOption({ label: second });
  await move.getByRole('button', { name: `Move ${child}` }).click();
  await move.getByRole('button', { name: `Yes, move to ${second}` }).click();
  await expect(page.getByRole('status').filter({ hasText: `${child} has moved to ${second}.` })).toBeVisible();

  // The family it left is empty, so its settings offer to delete it.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Trajectory', exact: true }).click();
  await page.getByRole('link', { name: first, exact: true }).click();
  await expect(page.getByText('No children yet.', { exact: false })).toBeVisible();
  await page.getByRole('link', { name: 'Family settings' }).click();
  await expect(page.getByRole('button', { name: 'Delete family' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Trajectory', exact: true }).click();
  await page.getByRole('link', { name: second, exact: true }).click();
  await expect(page.getByRole('link', { name: new RegExp(child) })).toBeVisible();
});
