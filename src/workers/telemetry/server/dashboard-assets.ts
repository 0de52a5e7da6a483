import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { packageFile } from '../../../shared/package-files.js';

// Plain files shipped with the package: no build step, no CDN. The charting library comes from uplot's own dist/.
const DASHBOARD_DIR = packageFile('assets', 'dashboard');
const UPLOT_DIR = path.dirname(createRequire(import.meta.url).resolve('uplot'));

const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: path.join(DASHBOARD_DIR, 'index.html'), type: 'text/html; charset=utf-8' },
  '/dashboard.js': { file: path.join(DASHBOARD_DIR, 'dashboard.js'), type: 'text/javascript; charset=utf-8' },
  '/dashboard.css': { file: path.join(DASHBOARD_DIR, 'dashboard.css'), type: 'text/css; charset=utf-8' },
  '/vendor/uPlot.iife.min.js': { file: path.join(UPLOT_DIR, 'uPlot.iife.min.js'), type: 'text/javascript; charset=utf-8' },
  '/vendor/uPlot.min.css': { file: path.join(UPLOT_DIR, 'uPlot.min.css'), type: 'text/css; charset=utf-8' },
};

export interface Asset {
  body: Buffer;
  type: string;
}

/** Read once at start (a few hundred KB): a missing file fails the start, not a page load. */
export async function loadDashboardAssets(): Promise<Map<string, Asset>> {
  const entries = await Promise.all(Object.entries(FILES).map(async ([route, { file, type }]) => [route, { body: await readFile(file), type }] as const));
  return new Map(entries);
}
