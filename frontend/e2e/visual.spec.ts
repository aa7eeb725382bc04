import { appendFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { FakeServer, makeMe, makeSession, makeUser } from '../src/test/fakeServer';
import {
  CHILD_ID,
  FAMILY_ID,
  childServer,
  data,
  makeIllness,
  makeMeasurement,
  makeVisit,
  page as listPage,
} from '../src/test/trajectory';
import { requiredEnv } from './helpers';

// A visual check of the main screens at phone (390×844) and desktop (1280×800)
// sizes against committed baselines (`visual.spec.ts-snapshots/`), so a layout
// regression fails a test. The app is the built SPA the backend serves; its API
// is answered in the browser by the component tests' fake server with fixed
// records, on a fixed date and time zone, so every run draws the same pixels.
// After an intended change of layout: `npm run e2e -- visual --update-snapshots`,
// look at the new pictures, and commit them.

const NOW = '2025-06-10T10:00:00Z';
const visit = makeVisit({ visit_date: '2025-01-15' });
const appointment = makeVisit({
  id: '30000000-0000-4000-8000-000000000002',
  visit_date: '2025-06-20',
  title: 'Eighteen-month check-up',
  vaccines: [],
});
const measurements = [
  makeMeasurement({ id: '40000000-0000-4000-8000-000000000002', measured_on: '2024-07-15', weight_kg: 7.9, height_cm: 67.5, visit_id: null }),
  makeMeasurement({ visit_id: visit.id }),
];
const illnesses = [
  makeIllness(),
  makeIllness({ id: '50000000-0000-4000-8000-000000000002', illness_types: ['ear_infection'], start_date: '2025-05-02', end_date: '2025-05-09' }),
];
const file = {
  id: '70000000-0000-4000-8000-000000000001', child_id: CHILD_ID, owner_type: 'visit', owner_id: visit.id,
  filename: 'blood-test.pdf', content_type: 'application/pdf', size_bytes: 48_000, document_type: 'Lab result',
  created_at: '2025-01-15T10:00:00Z', updated_at: '2025-01-15T10:00:00Z',
};

/** WHO-like weight-for-age curves for a boy, 0 to 18 months, with the child's two points. */
function growth() {
  const curves = Array.from({ length: 19 }, (_, month) => {
    const x = Math.round(month * 30.4375);
    const p50 = 3.3 + 7.6 * (1 - Math.exp(-month / 6.5));
    return { x, p3: p50 * 0.82, p15: p50 * 0.9, p50, p85: p50 * 1.1, p97: p50 * 1.2 };
  });
  return {
    indicator: 'weight_for_age', axis: 'age_days', unit: 'kg', curves,
    points: [
      { measurement_id: measurements[0].id, measured_on: '2024-07-15', age_days: 182, x: 182, value: 7.9, z: -0.25, percentile: 40.1 },
      { measurement_id: measurements[1].id, measured_on: '2025-01-15', age_days: 366, x: 366, value: 9.65, z: 0, percentile: 50 },
    ],
  };
}

function server(): FakeServer {
  const user = makeUser();
  return childServer({ visits: [visit, appointment], measurements, illnesses })
    .on('POST', '/api/auth/refresh', { status: 200, body: makeSession(user) })
    .on('GET', '/api/me', data(makeMe(user)))
    .on('GET', '/api/auth/status', data({ needs_setup: false, registration: 'open' }))
    .on('GET', '/api/auth/oidc/identities', data({ has_password: true, local_login: true, identities: [], linkable: [] }))
    .on('GET', `/api/children/${CHILD_ID}/attachments`, listPage([file]))
    .on('GET', `/api/children/${CHILD_ID}/growth`, data(growth()))
    .on('GET', '/api/illnesses/heatmap', data(heatmapDays()));
}

function heatmapDays() {
  const days: { date: string; count: number }[] = [];
  for (const [from, to] of [['2025-02-01', '2025-02-04'], ['2025-05-02', '2025-05-09']]) {
    for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
      days.push({ date: d.toISOString().slice(0, 10), count: 1 });
    }
  }
  return days;
}

/** Opens `path` with the fake API, signed in unless `signedIn` is false. */
async function open(page: Page, path: string, signedIn = true): Promise<void> {
  const fake = server();
  if (signedIn) await page.addInitScript(() => localStorage.setItem('auth.session-hint', '1'));
  await page.clock.setFixedTime(new Date(NOW));
  await page.route('**/api/**', async (route) => {
    const request = route.request();
    const reply = await fake.fetch(request.url(), {
      method: request.method(),
      body: request.postData() ?? undefined,
      headers: request.headers(),
    });
    await route.fulfill({ status: reply.status, headers: Object.fromEntries(reply.headers), body: await reply.text() });
  });
  await page.goto(path);
}

const SCREENS: { name: string; path: string; ready: (page: Page) => Promise<void>; signedIn?: boolean }[] = [
  { name: 'landing', path: '/', signedIn: false, ready: (p) => expect(p.getByRole('link', { name: 'Create an account' })).toBeVisible() },
  { name: 'family', path: `/trajectory/families/${FAMILY_ID}`, ready: (p) => expect(p.getByRole('link', { name: /Byron/ })).toBeVisible() },
  { name: 'timeline', path: `/trajectory/children/${CHILD_ID}`, ready: (p) => expect(p.getByText(/^Measured:/)).toBeVisible() },
  { name: 'growth', path: `/trajectory/children/${CHILD_ID}/growth`, ready: (p) => expect(p.locator('.recharts-scatter-symbol')).toHaveCount(2) },
  { name: 'illnesses', path: `/trajectory/children/${CHILD_ID}/illnesses`, ready: (p) => expect(p.getByRole('group', { name: /Illness calendar 2025/ })).toBeVisible() },
  { name: 'files', path: `/trajectory/children/${CHILD_ID}/files`, ready: (p) => expect(p.getByText(/^Wellness visit of/)).toBeVisible() },
  { name: 'families', path: '/trajectory', ready: (p) => expect(p.getByRole('link', { name: 'The Lovelaces' })).toBeVisible() },
  { name: 'profile', path: '/profile', ready: (p) => expect(p.getByText(/is confirmed\./)).toBeVisible() },
  { name: 'changemaker', path: '/changemaker', ready: (p) => expect(p.getByRole('heading', { name: 'Door-to-door canvassing' })).toBeVisible() },
  { name: 'add-visit', path: `/trajectory/children/${CHILD_ID}/new/visits`, ready: (p) => expect(p.getByLabel('Type of visit')).toBeVisible() },
];

/**
 * When set (by local/measure-spa.sh), each phone screen is also checked by axe-core
 * against WCAG 2.1 A and AA, in the light and the dark theme, one JSON line per
 * screen and theme appended to this file.
 */
const AXE_REPORT = process.env.E2E_AXE_REPORT;

async function checkAccessibility(page: Page, screen: string): Promise<void> {
  if (!AXE_REPORT) return;
  for (const theme of ['light', 'dark']) {
    await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const violations = results.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
    appendFileSync(AXE_REPORT, `${JSON.stringify({ screen, theme, passes: results.passes.length, violations })}\n`);
  }
}

const SIZES = [
  { size: 'phone', viewport: { width: 390, height: 844 } },
  { size: 'desktop', viewport: { width: 1280, height: 800 } },
];

test.beforeAll(() => {
  requiredEnv('E2E_BASE_URL');
});

for (const { size, viewport } of SIZES) {
  test.describe(`${size} screens`, () => {
    test.use({ viewport, timezoneId: 'UTC', locale: 'en-GB', deviceScaleFactor: 1 });
    for (const screen of SCREENS) {
      test(`${screen.name} at ${viewport.width}×${viewport.height}`, async ({ page }) => {
        await open(page, screen.path, screen.signedIn ?? true);
        await screen.ready(page);
        await expect(page).toHaveScreenshot(`${screen.name}-${size}.png`, {
          fullPage: true,
          animations: 'disabled',
          caret: 'hide',
          maxDiffPixelRatio: 0.01,
        });
        if (size === 'phone') await checkAccessibility(page, screen.name);
      });
    }
  });
}
