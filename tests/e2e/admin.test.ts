import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { TestServer } from '../helpers/server.js';
import { ApiClient, PASSWORD, negotiation, type Negotiation } from '../helpers/api.js';
import { artifact, launchChromium, signInPage } from '../helpers/browser.js';
import { expectNoSeriousViolations } from '../helpers/axe.js';
import type { Me } from '../../shared/api/types.js';

/**
 * The secretariat and the chair run the room from the page (issue 12): invitations made, copied,
 * accepted in another browser and revoked; the chair adds and removes an observer; every form says
 * what it did.
 */

let server: TestServer;
let n: Negotiation;
let browser: Browser;
let sec: Page;

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
  browser = await launchChromium();
  sec = await signInPage(browser, server.url, n.secretariat.user.email);
  await sec.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const invitations = () => sec.getByTestId('invitations-panel');
const invitationRow = (email: string) => sec.getByTestId('invitations-table').locator('tr', { hasText: email });

async function openAdmin(): Promise<void> {
  await sec.goto(`${server.url}/admin`);
  await sec.getByTestId('invitations-table').or(invitations().getByText('No invitations yet.')).waitFor();
}

/** Fills and sends the invitation form; answers the link the page shows. */
async function inviteInPage(email: string, delegationCode: string): Promise<string> {
  await invitations().getByLabel('Email').fill(email);
  await invitations().getByLabel('Delegation').selectOption({ label: `${delegationCode} · ${delegationCode === 'MYS' ? 'Malaysia' : 'Indonesia'}` });
  await invitations().getByRole('button', { name: 'Create invitation' }).click();
  await expect.poll(() => sec.getByTestId('invitations-status').innerText()).toContain(`Invitation ready for ${email} (${delegationCode})`);
  return sec.getByLabel(`Invitation link for ${email}`).inputValue();
}

/** Someone with no account, in a browser of their own. */
async function stranger(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return page;
}

describe('invitations in the administration page', () => {
  it('the secretariat invites, copies the link; a second browser signs up with the address fixed; the list then shows it accepted', async () => {
    await openAdmin();
    const link = await inviteInPage('lina@kln.example', 'MYS');
    expect(link).toMatch(new RegExp(`^${server.url}/sign-up\\?invitation=[A-Za-z0-9_-]{20,}$`));
    expect(await sec.getByLabel('Invitation link for lina@kln.example').evaluate((el) => (el as HTMLInputElement).readOnly)).toBe(true);

    await sec.getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => sec.getByTestId('invitation-link').innerText()).toContain('Link copied to the clipboard.');
    expect(await sec.evaluate(() => navigator.clipboard.readText())).toBe(link);

    await expect.poll(() => invitationRow('lina@kln.example').innerText()).toContain('Not accepted yet');
    await sec.getByTestId('invitations-panel').screenshot({ path: artifact('admin-invitations.png') });
    await expectNoSeriousViolations(sec, 'the administration page');

    const invitee = await stranger();
    await invitee.goto(link);
    const email = invitee.getByLabel('Email');
    await email.waitFor();
    expect(await email.inputValue()).toBe('lina@kln.example');
    expect(await email.evaluate((el) => (el as HTMLInputElement).readOnly)).toBe(true);
    expect(await invitee.getByRole('heading', { level: 1 }).innerText()).toBe('Accept your invitation');
    await expect.poll(() => invitee.locator('.auth__lead').innerText()).toContain('Malaysia (MYS)');
    await invitee.screenshot({ path: artifact('sign-up-invited.png') });
    await expectNoSeriousViolations(invitee, 'the invited sign-up page');
    await invitee.getByLabel('Full name').fill('Lina Ibrahim');
    await invitee.getByLabel('Password').fill(PASSWORD);
    await invitee.getByRole('button', { name: 'Create my account' }).click();
    await invitee.waitForSelector('[data-testid=document-link], .empty-state');

    const lina = new ApiClient(server.url);
    await lina.signIn('lina@kln.example');
    expect((await lina.json<Me>('GET', '/api/me')).delegation?.code).toBe('MYS');

    await invitations().getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => invitationRow('lina@kln.example').innerText()).toContain('Accepted');
    expect(await sec.getByLabel('Invitation link for lina@kln.example').count()).toBe(0);
    expect(await invitationRow('lina@kln.example').getByRole('button', { name: /Revoke/ }).count()).toBe(0);
    await expect.poll(() => sec.getByTestId('accounts-panel').innerText()).toContain('Lina Ibrahim');
    await sec.screenshot({ path: artifact('admin-page.png'), fullPage: true });
    await invitee.context().close();
  }, 120_000);

  it('revoking an invitation refuses its link, in the page and at the server', async () => {
    await openAdmin();
    const link = await inviteInPage('late@kemlu.example', 'IDN');
    await sec.getByRole('button', { name: 'Revoke the invitation to late@kemlu.example' }).click();
    await expect.poll(() => sec.getByTestId('invitations-status').innerText()).toContain('Invitation to late@kemlu.example revoked');
    await expect.poll(() => invitationRow('late@kemlu.example').innerText()).toContain('Revoked');

    const invitee = await stranger();
    await invitee.goto(link);
    await expect.poll(() => invitee.getByRole('heading', { level: 1 }).innerText()).toBe('This invitation was revoked');
    expect(await invitee.getByLabel('Password').count()).toBe(0);
    await invitee.context().close();

    const token = new URL(link).searchParams.get('invitation')!;
    const res = await new ApiClient(server.url).request('POST', '/api/auth/sign-up', { email: 'late@kemlu.example', name: 'Late', password: PASSWORD, invitation: token });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/revoked/);
  }, 120_000);

  it('where the browser refuses the clipboard, the link is selected in its field and the page says to copy it by hand', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await context.addInitScript(() => Object.defineProperty(navigator, 'clipboard', { value: undefined }));
    const page = await context.newPage();
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email').fill(n.secretariat.user.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForSelector('[data-testid=document-link]');
    await page.goto(`${server.url}/admin`);
    const panel = page.getByTestId('invitations-panel');
    await panel.getByLabel('Email').fill('byhand@kln.example');
    await panel.getByRole('button', { name: 'Create invitation' }).click();
    const field = page.getByLabel('Invitation link for byhand@kln.example');
    await field.waitFor();
    await page.getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => page.getByTestId('invitation-link').innerText()).toContain('copy it with Ctrl+C');
    const selection = await field.evaluate((el) => {
      const input = el as HTMLInputElement;
      return { focused: document.activeElement === input, selected: input.value.slice(input.selectionStart ?? 0, input.selectionEnd ?? 0), value: input.value };
    });
    expect(selection.focused).toBe(true);
    expect(selection.selected).toBe(selection.value);
    await context.close();
  }, 120_000);

  it('creating an account with a password says for whom it was created', async () => {
    await openAdmin();
    const accounts = sec.getByTestId('accounts-panel');
    await accounts.getByLabel('Full name').fill('Nguyen Van An');
    await accounts.getByLabel('Email').fill('an@mofa.example');
    await accounts.getByLabel('Initial password').fill('a long enough passphrase 42');
    await accounts.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => sec.getByTestId('accounts-status').innerText()).toContain('Account created for Nguyen Van An (an@mofa.example)');
    expect(await sec.getByTestId('accounts-status').getAttribute('role')).toBe('status');
  }, 120_000);

  it('"New document" on the documents page lands on its form below the sticky top bar, with the title field focused', async () => {
    await sec.goto(`${server.url}/`);
    await sec.getByRole('link', { name: 'New document' }).click();
    const title = sec.getByTestId('new-document-panel').getByLabel('Title');
    await expect.poll(() => title.evaluate((el) => document.activeElement === el)).toBe(true);
    const heading = await sec.getByRole('heading', { name: 'New document', level: 2 }).boundingBox();
    const bar = await sec.locator('.topbar').boundingBox();
    expect(await sec.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    expect(heading!.y).toBeGreaterThanOrEqual(bar!.y + bar!.height);
  }, 120_000);
});

describe('the chair runs the room from the Participants panel', () => {
  it('the chair adds an observer, who can then open the document, and removes them; each step is confirmed', async () => {
    const chair = await signInPage(browser, server.url, n.chair.user.email);
    await chair.goto(`${server.url}/documents/${n.documentId}`);
    await chair.getByRole('tab', { name: /Participants/ }).click();
    const panel = chair.getByTestId('participants');
    const person = panel.getByTestId('participant-person');
    await expect.poll(() => person.locator('option', { hasText: 'Olaf Outsider' }).count()).toBe(1);
    // Members are not offered again.
    expect(await person.locator('option', { hasText: n.mys.user.name }).count()).toBe(0);
    await person.selectOption(n.outsider.user.id);
    await panel.getByLabel(/^Observer/).check();
    await panel.getByRole('button', { name: 'Add to the document' }).click();
    await expect.poll(() => chair.getByTestId('participants-status').innerText()).toBe('Added Olaf Outsider (IDN) as an observer.');
    await expect.poll(() => panel.locator('.participants__group', { hasText: 'Observers' }).innerText()).toContain('Olaf Outsider');
    await panel.screenshot({ path: artifact('participants-chair.png') });
    await expectNoSeriousViolations(chair, 'the document page with the Participants panel');

    const observer = await signInPage(browser, server.url, n.outsider.user.email);
    await observer.goto(`${server.url}/documents/${n.documentId}`);
    await observer.waitForSelector('[data-testid=editor]');

    await panel.getByRole('button', { name: 'Remove Olaf Outsider from the document' }).click();
    await panel.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect.poll(() => chair.getByTestId('participants-status').innerText()).toBe('Removed Olaf Outsider (IDN) from the document.');
    await expect.poll(() => panel.innerText()).not.toContain('Olaf Outsider\n');
    expect((await n.outsider.api.request('GET', `/api/documents/${n.documentId}`)).status).toBe(403);
    await expect.poll(() => person.locator('option', { hasText: 'Olaf Outsider' }).count()).toBe(1);
    await observer.context().close();
    await chair.context().close();
  }, 120_000);

  it('a delegate sees no way to add anyone, and the server refuses a delegate who tries', async () => {
    const mys = await signInPage(browser, server.url, n.mys.user.email);
    await mys.goto(`${server.url}/documents/${n.documentId}`);
    await mys.getByRole('tab', { name: /Participants/ }).click();
    await mys.getByTestId('participants').getByText(n.chair.user.name).waitFor();
    expect(await mys.getByRole('button', { name: 'Add to the document' }).count()).toBe(0);
    expect(await mys.getByRole('button', { name: /^Remove/ }).count()).toBe(0);
    const res = await n.mys.api.request('PUT', `/api/documents/${n.documentId}/members/${n.outsider.user.id}`, { role: 'observer' });
    expect(res.status).toBe(403);
    expect((await n.mys.api.request('DELETE', `/api/documents/${n.documentId}/members/${n.idn.user.id}`)).status).toBe(403);
    expect((await n.mys.api.request('GET', `/api/users/candidates?document=${n.documentId}`)).status).toBe(403);
    await mys.context().close();
  }, 120_000);
});
