import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { accountWithRole, logIn, pastTheRateLimit, postJson, requiredEnv, siteAdmin, signInAsAdmin, uniqueAccount } from './helpers';

// The canvassing story against a running backend: the site's administrator
// puts four households and a cut around them on the map through the API; on a
// 390×844 phone a volunteer starts a session on the cut, records a visit with
// signal, loses it, records two more (one "Spoke with" with a support level),
// reloads the app with no signal and finds the walk and its two waiting visits
// still there, gets the signal back and sees them synced. The administrator's
// dashboard, in another browser, shows the three visits exactly once in the
// feed and in the counts; the volunteer then ends the session.
test.describe.configure({ mode: 'serial' });
test.setTimeout(150_000);

const volunteer = uniqueAccount('canvass');
const stamp = volunteer.username.split('_')[1];
const cutName = `Canvass Row ${stamp}`;
// Somewhere new each run, so the cut holds only these households: north-west of
// the map spec's, and near enough that its rectangle over the whole map stays a
// cut's size.
const base = { lng: -75.76 + Math.random() * 0.02, lat: 45.44 + Math.random() * 0.02 };
const DOORS = ['1', '2', '3', '4'].map((n, i) => ({
  address: `${n} Canvass Row ${stamp}`,
  occupant: `Resident ${n}`,
  lng: base.lng + i * 0.0003,
  lat: base.lat,
}));

const contexts: BrowserContext[] = [];
let phone: Page;

async function newContext(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
  const context = await browser.newContext(options);
  contexts.push(context);
  return context.newPage();
}

test.afterAll(async ({}, testInfo) => {
  testInfo.setTimeout(90_000);
  for (const context of contexts) await context.close();
  // The auth limit is per minute and per address: the next spec starts in a minute of its own.
  await new Promise((r) => setTimeout(r, 61_000 - (Date.now() % 60_000)));
});

/** An authenticated API call as the site's administrator. */
async function asAdmin(token: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${requiredEnv('E2E_BASE_URL')}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** The door's button in the walk list. */
function door(page: Page, address: string) {
  return page.getByRole('list', { name: 'Doors to visit' }).getByRole('button', { name: new RegExp(address) });
}

async function recordVisit(page: Page, address: string, outcome: string, support?: string) {
  await door(page, address).click();
  await expect(page.getByRole('heading', { name: address, level: 2 })).toBeFocused();
  await page.getByRole('button', { name: outcome, exact: true }).click();
  if (support) await page.getByLabel(support).check();
  await page.getByRole('button', { name: 'Save visit' }).click();
  await expect(page.getByRole('list', { name: 'Doors done this session' }).getByRole('button', { name: new RegExp(address) })).toBeVisible();
}

test('an organiser puts households and a cut on the map, and a volunteer has an account', async () => {
  await accountWithRole(volunteer, 'USER');
  const admin = siteAdmin();
  const signedIn = await postJson('/api/auth/login', { login: admin.username, password: admin.password });
  expect(signedIn.status).toBe(200);
  const token = (await signedIn.json()).data.access_token as string;
  for (const d of DOORS) {
    const created = await asAdmin(token, '/api/locations', { address: d.address, occupant_name: d.occupant, point: { lng: d.lng, lat: d.lat } });
    expect(created.status, `household ${d.address}`).toBe(201);
  }
  const [w, e] = [base.lng - 0.001, base.lng + 0.0019];
  const [s, n] = [base.lat - 0.001, base.lat + 0.001];
  const cut = await asAdmin(token, '/api/cuts', {
    name: cutName,
    geometry: { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] },
  });
  expect(cut.status).toBe(201);
});

test('on a phone, the volunteer starts a session and records a visit with signal', async ({ browser }) => {
  phone = await newContext(browser, {
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    // Standing at the second door: the walk starts there.
    permissions: ['geolocation'],
    geolocation: { latitude: DOORS[1].lat, longitude: DOORS[1].lng, accuracy: 8 },
  });
  await phone.goto('/login');
  await pastTheRateLimit(
    phone,
    () => logIn(phone, volunteer.username, volunteer.password),
    phone.getByRole('navigation', { name: 'Main' }),
  );
  await phone.getByRole('button', { name: 'Menu' }).click();
  await phone.getByRole('link', { name: 'Changemaker', exact: true }).click();
  await phone.getByRole('region', { name: 'Door-to-door canvassing' }).getByRole('link', { name: 'Canvass', exact: true }).click();

  const card = phone.getByRole('listitem').filter({ hasText: cutName });
  await expect(card.getByText('0 of 4 doors visited')).toBeVisible();
  await card.getByRole('button', { name: `Start canvassing ${cutName}` }).click();
  await expect(phone.getByRole('heading', { name: cutName, level: 1 })).toBeVisible();
  const list = phone.getByRole('list', { name: 'Doors to visit' });
  await expect(list.getByRole('button')).toHaveCount(4);
  // Nearest first: the walk starts at the door the phone stands at.
  await expect(list.getByRole('button').first()).toContainText(DOORS[1].address);
  await expect(list.getByRole('button').first()).toContainText(DOORS[1].occupant);

  await recordVisit(phone, DOORS[0].address, 'Refused');
  await expect(phone.getByRole('status').filter({ hasText: /synced|waiting|Syncing/ })).toHaveText('All visits synced');
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test('without signal the visits wait on the phone, through a reload, and sync when it comes back', async () => {
  // The app's files must be kept for a reload without signal: the service worker
  // controls the page and has every built file it loaded, the canvass screens too.
  await expect
    .poll(
      () =>
        phone.evaluate(async () => {
          if (!navigator.serviceWorker.controller) return false;
          const files = performance
            .getEntriesByType('resource')
            .map((entry) => new URL(entry.name).pathname)
            .filter((path) => path.startsWith('/assets/'));
          const kept = await Promise.all(files.map((file) => caches.match(file)));
          return files.length > 0 && kept.every(Boolean);
        }),
      { message: 'the service worker keeps the app', timeout: 20_000 },
    )
    .toBe(true);

  await phone.context().setOffline(true);
  const status = phone.getByRole('status').filter({ hasText: /Offline|synced|waiting|Syncing/ });
  await expect(status).toHaveText('Offline · visits are kept on this phone');
  await recordVisit(phone, DOORS[1].address, 'Spoke with', '2 · Leaning support');
  await recordVisit(phone, DOORS[2].address, 'Not home');
  await expect(status).toHaveText('Offline · 2 visits waiting');

  await phone.reload();
  await expect(phone.getByRole('heading', { name: cutName, level: 1 })).toBeVisible();
  await expect(status).toHaveText('Offline · 2 visits waiting');
  await expect(phone.getByRole('list', { name: 'Doors done this session' }).getByRole('button')).toHaveCount(3);
  await expect(phone.getByRole('list', { name: 'Doors to visit' }).getByRole('button')).toHaveCount(1);

  await phone.context().setOffline(false);
  await expect(status).toHaveText('All visits synced', { timeout: 30_000 });
  await expect(phone.getByRole('navigation', { name: 'Main' })).toBeVisible();
});

test("the organiser's dashboard shows the three visits once each, in the feed and in the counts", async ({ browser }) => {
  const desk = await newContext(browser);
  await signInAsAdmin(desk);
  await desk.goto('/changemaker/canvass/dashboard');
  await expect(desk.getByRole('heading', { name: 'Canvass dashboard', level: 1 })).toBeVisible();

  const feed = desk.getByRole('list', { name: 'Latest visits' });
  const ours = feed.getByRole('listitem').filter({ hasText: `Canvass Row ${stamp}` });
  await expect(ours).toHaveCount(3);
  await expect(ours.filter({ hasText: DOORS[0].address })).toContainText('Refused');
  await expect(ours.filter({ hasText: DOORS[1].address })).toContainText('Spoke with · support 2 · Leaning support');
  await expect(ours.filter({ hasText: DOORS[2].address })).toContainText('Not home');
  await expect(ours.filter({ hasText: DOORS[3].address })).toHaveCount(0);

  const out = desk.getByRole('table', { name: 'Sessions under way' }).getByRole('row').filter({ hasText: volunteer.username });
  await expect(out.getByRole('cell').nth(1)).toHaveText(cutName);
  await expect(out.getByRole('cell').nth(4)).toHaveText('3');
  const leader = desk.getByRole('table', { name: 'Leaderboard' }).getByRole('row').filter({ hasText: volunteer.username });
  await expect(leader.getByRole('cell').nth(1)).toHaveText('3');
  await expect(leader.getByRole('cell').nth(2)).toHaveText('1');
  const cut = desk.getByRole('list', { name: 'Completion per cut' }).getByRole('listitem').filter({ hasText: cutName });
  await expect(cut).toContainText('3 of 4 doors visited · 75%');

  // The volunteer ends the session; the next poll of the dashboard no longer counts them out.
  await phone.getByRole('button', { name: 'End session' }).click();
  await phone.getByRole('button', { name: 'Yes, end the session' }).click();
  await expect(phone.getByText(`Your session on ${cutName} has ended.`)).toBeVisible();
  await expect(desk.getByRole('table', { name: 'Sessions under way' }).getByRole('row').filter({ hasText: volunteer.username })).toHaveCount(0, {
    timeout: 20_000,
  });
  await expect(ours).toHaveCount(3);
});
