import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { requiredEnv, signInAsAdmin } from './helpers';

// The Map story against a running backend, on a 390×844 phone with the tile
// server unreachable (as on these machines): the site's administrator imports
// households from a CSV through the wizard (mapping the file's own columns,
// reading the dry run), sees them as points on the blank map, draws a cut over
// them and reads its stats and walk sheet.
test.use({ viewport: { width: 390, height: 844 } });
test.setTimeout(90_000);

const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
const DOORS = 6;
// Somewhere new each run, so a rerun against a kept database finds no duplicates.
const base = { lng: -75.7 + Math.random() * 0.02, lat: 45.41 + Math.random() * 0.02 };
const csv = [
  'Street,Support,Lon,Lat,Comment',
  ...Array.from({ length: DOORS }, (_, i) => `${i + 1} Imaginary Lane ${stamp},${(i % 4) + 1},${(base.lng + i * 0.0004).toFixed(5)},${base.lat.toFixed(5)},door ${i}`),
].join('\n');

test('an organiser imports households, sees them on the map, draws a cut and reads its stats', async ({ page }) => {
  requiredEnv('E2E_BASE_URL');
  let tilesAsked = 0;
  await page.route(/tile\.openstreetmap\.org/, (route) => {
    tilesAsked += 1;
    return route.abort();
  });
  await signInAsAdmin(page);
  // The Changemaker start page offers the Map to its organisers.
  await page.goto('/changemaker');
  await page.getByRole('region', { name: 'Map' }).getByRole('link', { name: 'Import CSV' }).click();

  await page.getByLabel(/A CSV file/).setInputFiles({ name: 'doors.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByLabel('address (required)')).toHaveValue('Street');
  await expect(page.getByLabel('lng')).toHaveValue('Lon');
  await page.getByRole('button', { name: /dry run/ }).click();
  await expect(page.getByTestId('import-summary')).toContainText(`${DOORS} to add`);
  await page.getByRole('button', { name: `Import ${DOORS} households` }).click();
  await expect(page.getByTestId('import-summary')).toContainText(`${DOORS} added`);
  await page.getByRole('link', { name: 'See them on the map' }).click();

  const map = page.getByTestId('map');
  await expect(map).toBeVisible();
  // Each household is a point or inside a cluster, drawn without any tile.
  await expect(async () => {
    const points = await map.locator('path.leaflet-interactive').count();
    const clusters = await map.locator('.marker-cluster').count();
    expect(points + clusters).toBeGreaterThan(0);
  }).toPass();
  // The tiles were asked for, and refused.
  await expect.poll(() => tilesAsked).toBeGreaterThan(0);
  const scrolls = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(scrolls).toBe(false);

  // A rectangle over the whole map holds every imported door.
  await page.locator('[title="Draw Rectangle"]').click();
  const box = await map.boundingBox();
  if (!box) throw new Error('the map has no box');
  // From the bottom-left to the top-right corner: the tools sit top-left.
  await page.mouse.click(box.x + 8, box.y + box.height - 8);
  await page.mouse.click(box.x + box.width - 8, box.y + 8);
  const form = page.getByRole('form', { name: 'New cut' });
  await expect(form).toBeVisible();
  await form.getByLabel('Name').fill(`Imaginary Lane ${stamp}`);
  await form.getByRole('button', { name: 'Save cut' }).click();

  await expect(page.getByRole('heading', { name: `Imaginary Lane ${stamp}`, level: 1 })).toBeVisible();
  // Every imported door is in the cut (and on its walk sheet), and the stats
  // count exactly the sheet's doors.
  const sheet = page.locator('table.walk-sheet tbody tr');
  await expect(sheet.filter({ hasText: stamp })).toHaveCount(DOORS);
  const doors = await sheet.count();
  await expect(page.getByTestId('stat-addresses')).toHaveText(String(doors));
  await expect(page.getByText(`${doors} doors`)).toBeVisible();

  // The same sheet downloads as a PDF to print on a clipboard.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download the walk sheet (PDF)' }).click();
  const pdf = await download;
  expect(pdf.suggestedFilename()).toBe(`walk-sheet-Imaginary Lane ${stamp}.pdf`);
  const bytes = readFileSync((await pdf.path()) ?? '');
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
});
