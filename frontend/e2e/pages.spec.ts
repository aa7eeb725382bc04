import { expect, test } from '@playwright/test';
import { requiredEnv, signInAsAdmin } from './helpers';
import { sentEmails } from './mail';

// The Pages story against a running backend: the site's administrator builds a
// landing page from blocks with a live preview and publishes it; a visitor on a
// 390×844 phone opens /p/<slug>, reads it without sideways scrolling and sends
// the contact form, whose message reaches the form's recipient by email. The
// steps share the page, so they run in order.
test.describe.configure({ mode: 'serial' });
test.setTimeout(90_000);

const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
const title = `Riverside cleanup ${stamp}`;
const recipient = `organisers.${stamp}@example.test`;
let slug = '';

test('an administrator builds a page from blocks, sees it in the preview and publishes it', async ({ page }) => {
  requiredEnv('E2E_BASE_URL');
  await signInAsAdmin(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Changemaker', exact: true }).click();
  await page.getByRole('link', { name: 'Landing pages' }).click();
  await page.getByLabel('New page title').fill(title);
  await page.getByRole('button', { name: 'Create page' }).click();

  const form = page.getByRole('form', { name: 'Page' });
  const preview = page.getByRole('complementary', { name: 'Preview' });
  await expect(form.getByLabel('Title', { exact: true }).first()).toHaveValue(title);
  await form.getByRole('group', { name: /Block 1: Hero/ }).getByLabel('Subtitle').fill('Saturday 10:00, bring gloves.');
  await expect(preview.getByText('Saturday 10:00, bring gloves.')).toBeVisible();

  await form.getByLabel('New block').selectOption('text');
  await form.getByRole('button', { name: 'Add block' }).click();
  const text = form.getByRole('group', { name: /Block 2: Text/ });
  await text.getByLabel('Text', { exact: true }).fill('<p>We meet at the <strong>boat launch</strong>.</p><script>alert(1)</script>');
  await expect(preview.locator('strong', { hasText: 'boat launch' })).toBeVisible();

  await form.getByLabel('New block').selectOption('contact_form');
  await form.getByRole('button', { name: 'Add block' }).click();
  const contact = form.getByRole('group', { name: /Block 3: Contact form/ });
  await contact.getByLabel('Heading (optional)').fill('Questions?');
  await contact.getByLabel('Send messages to').fill(recipient);

  await form.getByLabel('Status').selectOption('published');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  const address = await form.getByLabel('Address').inputValue();
  slug = address;
  expect(slug).toMatch(/^riverside-cleanup-/);
  await expect(page.getByRole('link', { name: 'View the public page' })).toHaveAttribute('href', `/p/${slug}`);
});

test('a visitor on a phone opens the page and sends the contact form', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(`/p/${slug}`);

  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await expect(page.getByText('Saturday 10:00, bring gloves.')).toBeVisible();
  await expect(page.locator('strong', { hasText: 'boat launch' })).toBeVisible();
  expect(await page.locator('script:not([src])').count()).toBe(0);
  // Nothing is wider than the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await page.getByRole('heading', { name: 'Questions?' }).scrollIntoViewIfNeeded();
  await page.getByLabel('Your name').fill('Sam Visitor');
  await page.getByLabel('Your email').fill('sam.visitor@example.test');
  await page.getByLabel('Message').fill('Can I bring my two kids?');
  await page.getByRole('button', { name: 'Send' }).tap();
  await expect(page.getByText('Thank you: your message was sent.')).toBeVisible();

  await expect
    .poll(async () => (await sentEmails(recipient)).find((m) => m.subject.includes('Sam Visitor'))?.text ?? '', {
      message: `the contact message reaches ${recipient}`,
      timeout: 30_000,
    })
    .toContain('Can I bring my two kids?');
  await context.close();
});
