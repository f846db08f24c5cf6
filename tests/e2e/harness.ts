// End-to-end harness: a temp archive, the real web host, Debian's Chromium via playwright-core.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openArchive, type Archive } from '../../electron/core/db/open';
import { startWebHost, type WebHost } from '../../electron/web/server';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SHOTS = path.resolve('test-output/screenshots');

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export interface Session {
  dir: string;
  host: WebHost;
  page: Page;
  requests: string[];
  close(): Promise<void>;
}

/** Starts the web host on a fresh archive (optionally prepared) and opens it at 1366×768. */
export async function openApp(
  browser: Browser,
  prepare?: (a: Archive) => void | Promise<void>,
  dir?: string,
): Promise<Session> {
  dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'keji-e2e-'));
  const archive = openArchive(dir, { create: true });
  await prepare?.(archive);
  const host = await startWebHost({ archive });
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(host.url);
  return {
    dir,
    host,
    page,
    requests,
    async close() {
      await context.close();
      await host.close();
      archive.close();
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}
