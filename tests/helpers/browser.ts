import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PASSWORD } from './api.js';

export const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');

/** The system Chromium (Debian's), with the flags this machine's closed network needs. */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** A person in their own browser context, signed in through the sign-in page. */
export async function signInPage(browser: Browser, baseUrl: string, email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 950 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (err) => console.error(`[${email}] page error:`, err.message));
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForSelector('[data-testid=document-link], .empty-state');
  return page;
}

/** The screens the issue names: a laptop, and a tablet held upright. */
export const LAPTOP = { width: 1366, height: 768 } as const;
export const TABLET = { width: 768, height: 1024 } as const;
export const SCREEN_SIZES = [LAPTOP, TABLET] as const;

export function artifact(name: string): string {
  return join(ARTIFACTS, name);
}
