import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { readRuntimeFile } from '../../src/workers/runtime-file.js';
import { launchChromium } from '../support/browser.js';
import { startRocketctl, type RunningCli } from '../support/cli.js';
import { postJson } from '../support/http-json.js';
import { createTempProject } from '../support/temp-project.js';

// Functions passed to waitForFunction run in the page (the page's CSP forbids strings); the project compiles without DOM types.
declare const document: { getElementById(id: string): { textContent: string | null } | null; querySelectorAll(selector: string): { length: number } };

/** Set (e.g. to docs/dashboard.png) to keep the screenshot; the test then also waits for the ascent, for a telling picture. */
const SCREENSHOT = process.env.ROCKETCTL_DASHBOARD_SCREENSHOT;

describe('the dashboard in a real browser (Debian chromium)', () => {
  let project: Awaited<ReturnType<typeof createTempProject>>;
  let running: RunningCli;
  let endpoint: string;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const text = (selector: string) => page.locator(selector).innerText();
  const framesAtLeast = (n: number, timeout: number) =>
    page.waitForFunction((min) => Number(document.getElementById('r-frames')!.textContent) >= min, n, { timeout });
  const canvasImage = (chart: string) => page.locator(`#${chart} canvas`).evaluate((canvas) => (canvas as unknown as { toDataURL(): string }).toDataURL());

  before(async () => {
    browser = await launchChromium();
    project = await createTempProject('{}');
    running = startRocketctl(['workers', 'start', 'telemetry', '--port', '0'], { cwd: project.dir });
    const runtime = await running.waitUntil(
      async () => (await readRuntimeFile(path.join(project.dir, '.rocketctl', 'workers'), 'telemetry')) ?? Promise.reject(new Error('not yet')),
      'the runtime file',
    );
    endpoint = runtime.endpoint!;
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // Script errors and CSP violations (reported as console errors) would mean a broken page.
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    page.on('pageerror', (error) => problems.push(error.message));
  });
  after(async () => {
    await browser?.close();
    running?.signal('SIGINT');
    await running?.exited;
    await project?.cleanup();
  });

  test('loads /, connects by itself, and its charts move with live frames', async () => {
    await page.goto(`${endpoint}/`);
    await framesAtLeast(10, 10_000);
    assert.equal(await text('#connection'), 'live · 10 Hz');
    const before = {
      frames: Number(await text('#r-frames')),
      clock: await text('#r-t'),
      chart: await canvasImage('chart-altitude'),
      temps: await canvasImage('chart-temperatures'),
    };
    await framesAtLeast(before.frames + 10, 5000);
    assert.notEqual(await text('#r-t'), before.clock, 'the mission clock advances');
    assert.notEqual(await canvasImage('chart-altitude'), before.chart, 'the altitude chart was redrawn with new data');
    assert.notEqual(await canvasImage('chart-temperatures'), before.temps, 'the temperature chart too');
    assert.match(await text('#r-phase'), /^(pre-launch|ascent|coast|descent|landing|landed)$/);
  });

  test('shows the 21 actions; a click triggers one and its reaction appears; a trigger from elsewhere arrives over /ws', async () => {
    await page.waitForFunction(() => document.querySelectorAll('#actions button').length === 21, undefined, { timeout: 5000 });
    assert.equal(await text('#actions-total'), '21');
    await page.click('#actions button[data-action-id="18"]');
    await page.locator('#reactions li[data-reaction="drogue-deployed"]').waitFor({ timeout: 5000 });
    assert.match(
      await page.locator('#reactions li[data-reaction="drogue-deployed"]').innerText(),
      /#18 drogue-deployed[\s\S]*after deploy-drogue \(dashboard\)/,
    );
    // Triggered by another client: the page can only learn of it from the stream.
    const outside = await postJson(endpoint, '/api/actions/20/trigger', { source: 'ops-console' });
    assert.equal(outside.status, 200);
    await page.locator('#reactions li[data-reaction="beacon-transmitting"]').waitFor({ timeout: 5000 });
    assert.match(await page.locator('#reactions li[data-reaction="beacon-transmitting"]').innerText(), /after activate-recovery-beacon \(ops-console\)/);
    assert.equal(await text('#reactions-total'), '2');
  });

  test('no script error or blocked resource; screenshot taken once the charts have data', async () => {
    if (SCREENSHOT) await page.waitForFunction(() => document.getElementById('r-phase')!.textContent === 'coast', undefined, { timeout: 60_000 });
    const file = SCREENSHOT ? path.resolve(SCREENSHOT) : path.join(os.tmpdir(), `rocketctl-dashboard-${process.pid}.png`);
    await mkdir(path.dirname(file), { recursive: true });
    const png = await page.screenshot({ path: file });
    assert.ok(png.subarray(1, 4).toString() === 'PNG' && png.length > 20_000, `a real screenshot at ${file}`);
    assert.deepEqual(problems, []);
  });
});
