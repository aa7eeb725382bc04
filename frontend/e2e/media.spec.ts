import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { accountWithRole, logIn, pastTheRateLimit, uniqueAccount } from './helpers';

// The Media story against a running backend (its local runner runs the video
// worker on the queue): a media admin uploads a small video made with ffmpeg
// here through the library's upload queue, watching its progress; the worker
// probes it and makes its thumbnail; the admin publishes it; a visitor plays
// it twice within the hour and the analytics count one view; a viewer's
// comment waits until the admin approves it, then everyone sees it.
test.describe.configure({ mode: 'serial' });
test.setTimeout(150_000);

const producer = uniqueAccount('media');
const viewer = uniqueAccount('viewer');
const stamp = producer.username.split('_')[1];
const title = `rally-${stamp}`;
const remark = `See you at the rally ${stamp}`;

const folder = mkdtempSync(join(tmpdir(), 'media-e2e-'));
const file = join(folder, `${title}.webm`);
const contexts: BrowserContext[] = [];
let desk: Page;
let videoId = '';

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  return context.newPage();
}

/** Three seconds of test picture and tone. WebM (VP8, Opus), which Chromium plays without proprietary codecs; the stamp makes its bytes this run's own, so the library's de-duplication never meets an earlier run's. */
function makeVideo(): void {
  execFileSync('ffmpeg', [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc=duration=3:size=640x360:rate=25',
    '-f', 'lavfi', '-i', 'sine=duration=3',
    '-shortest', '-c:v', 'libvpx', '-b:v', '400k', '-c:a', 'libopus',
    '-metadata', `title=${stamp}`,
    file,
  ]);
}

/** Starts the player of the open page (muted, as browsers allow) and answers whether the play was counted. */
async function play(page: Page): Promise<boolean> {
  const counted = page.waitForResponse((r) => r.url().endsWith(`/api/gallery/videos/${videoId}/plays`) && r.request().method() === 'POST');
  await page.locator('video').evaluate((video: HTMLVideoElement) => {
    video.muted = true;
    return video.play();
  });
  const response = await counted;
  expect(response.status()).toBe(200);
  return (await response.json()).data.counted as boolean;
}

test.afterAll(async ({}, testInfo) => {
  testInfo.setTimeout(90_000);
  for (const context of contexts) await context.close();
  rmSync(folder, { recursive: true, force: true });
  // The auth limit is per minute and per address: the next spec starts in a minute of its own.
  await new Promise((r) => setTimeout(r, 61_000 - (Date.now() % 60_000)));
});

test('a media admin and a viewer get their accounts', async () => {
  makeVideo();
  await accountWithRole(producer, 'MEDIA_ADMIN');
  await accountWithRole(viewer, 'USER');
});

test('the admin uploads a video through the queue and sees it processed with its thumbnail', async ({ browser }) => {
  desk = await newPage(browser);
  await desk.goto('/login?next=/changemaker/media');
  const heading = desk.getByRole('heading', { name: 'Video library', level: 1 });
  await pastTheRateLimit(desk, () => logIn(desk, producer.username, producer.password), heading);
  await desk.getByLabel(/Choose video files/).setInputFiles(file);
  const queued = desk.locator('.upload-queue li', { hasText: `${title}.webm` });
  await expect(queued.getByRole('progressbar', { name: `${title}.webm uploaded` })).toBeVisible();
  await expect(queued.getByText('Uploaded, processing')).toBeVisible({ timeout: 30_000 });
  await expect(queued.getByRole('progressbar')).toHaveAttribute('value', '100');

  // The library looks again while a video is processing.
  const card = desk.locator(`li[data-video="${title}"]`);
  await expect(card.locator('.badge')).toHaveText('ready', { timeout: 60_000 });
  const thumbnail = card.getByRole('img', { name: `Thumbnail of ${title}` });
  await expect(thumbnail).toBeVisible();
  expect(await thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await expect(card).toContainText('640×360');
});

test('the admin publishes it and a visitor finds it in the gallery', async ({ browser }) => {
  const card = desk.locator(`li[data-video="${title}"]`);
  await card.getByRole('button', { name: 'Publish now' }).click();
  await expect(card.locator('.badge')).toHaveText('published');

  const visitor = await newPage(browser);
  await visitor.goto('/gallery');
  await visitor.getByRole('link', { name: title }).click();
  await expect(visitor.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  videoId = visitor.url().split('/gallery/')[1];
  expect(videoId).toMatch(/^[0-9a-f-]{36}$/);
});

test('a visitor plays it twice within the hour and the analytics count one view', async ({ browser }) => {
  const visitor = await newPage(browser);
  await visitor.goto(`/gallery/${videoId}`);
  expect(await play(visitor)).toBe(true);
  await visitor.waitForTimeout(1500);
  await visitor.locator('video').evaluate((video: HTMLVideoElement) => video.pause());
  await visitor.reload();
  expect(await play(visitor), 'the same visitor within the hour').toBe(false);

  await desk.getByRole('navigation', { name: 'Media' }).getByRole('link', { name: 'Analytics' }).click();
  await expect(desk.getByRole('heading', { name: 'Video analytics', level: 1 })).toBeVisible();
  await expect(desk.getByLabel('Totals')).toBeVisible();
  // Its row among the top videos: views first.
  const row = desk.getByRole('row', { name: new RegExp(title) });
  await expect(row.getByRole('cell').first()).toHaveText('1');
  await expect(desk.locator('figure', { has: desk.getByText('Views over time') })).toBeVisible();
});

test('a viewer comments, the admin approves it, and then everyone sees it', async ({ browser }) => {
  const reader = await newPage(browser);
  await reader.goto(`/login?next=/gallery/${videoId}`);
  const box = reader.getByLabel('Your comment');
  await pastTheRateLimit(reader, () => logIn(reader, viewer.username, viewer.password), box);
  await box.fill(remark);
  await reader.getByRole('button', { name: 'Post comment' }).click();
  await expect(reader.getByRole('status')).toContainText('once a moderator approves it');
  const mine = reader.getByRole('listitem').filter({ hasText: remark });
  await expect(mine.getByText('Awaiting approval')).toBeVisible();

  const stranger = await newPage(browser);
  await stranger.goto(`/gallery/${videoId}`);
  await expect(stranger.getByText('No comments yet.')).toBeVisible();

  await desk.getByRole('navigation', { name: 'Media' }).getByRole('link', { name: 'Comments' }).click();
  const queued = desk.getByRole('listitem').filter({ hasText: remark });
  await queued.getByRole('button', { name: /^Approve the comment of / }).click();
  await expect(queued).toHaveCount(0);

  await stranger.reload();
  const shown = stranger.getByRole('listitem').filter({ hasText: remark });
  await expect(shown).toBeVisible();
  await expect(shown.getByText('Awaiting approval')).toHaveCount(0);
});
