import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  delegationBody,
  documentBody,
  invitationBody,
  memberBody,
  signInBody,
  signUpBody,
  userBody,
} from '../../shared/api/schemas.js';
import { loadConfig } from '../../server/config.js';
import { adoptBody, archiveQuery, breakSilenceBody, compareQuery, issueRevisionBody } from '../../shared/api/record.js';
import { commentBody, threadBody, threadQuery } from '../../shared/api/discussion.js';
import { decideBody, keepBody } from '../../shared/api/amendments.js';
import { importConfirmBody } from '../../shared/api/schemas.js';
import { text } from '../../shared/api/text.js';
import { storableJson, storableText } from '../../shared/text.js';

/** The issues of a failed parse as "path: message" lines, in order. */
function problems(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  if (result.success) throw new Error(`expected ${JSON.stringify(input)} to be refused`);
  return result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

const signUp = { email: 'aminah@mfa.gov.my', name: 'Aminah Rahman', password: 'correct horse battery' };

describe('signing up', () => {
  it('normalises the email to lower case without surrounding spaces, and trims the name', () => {
    expect(signUpBody.parse({ ...signUp, email: '  Aminah@MFA.Gov.MY ', name: '  Aminah Rahman ' })).toEqual({
      email: 'aminah@mfa.gov.my',
      name: 'Aminah Rahman',
      password: 'correct horse battery',
    });
  });

  it('refuses a password shorter than 12 characters, saying so', () => {
    expect(problems(signUpBody, { ...signUp, password: 'Negotiator1' })).toEqual(['password: must be at least 12 characters']);
  });

  it('accepts a password of exactly 12 characters and keeps its spaces', () => {
    expect(signUpBody.parse({ ...signUp, password: ' Negotiator1' }).password).toBe(' Negotiator1');
  });

  it('refuses a password of blanks only', () => {
    expect(problems(signUpBody, { ...signUp, password: ' '.repeat(12) })).toEqual(['password: must not be blank']);
  });

  it('refuses a password longer than 256 characters', () => {
    expect(problems(signUpBody, { ...signUp, password: 'x'.repeat(257) })).toEqual(['password: must be at most 256 characters']);
  });

  it('refuses something that is not an email address', () => {
    expect(problems(signUpBody, { ...signUp, email: 'aminah at mfa' })).toEqual(['email: must be an email address']);
  });

  it('refuses a blank name', () => {
    expect(problems(signUpBody, { ...signUp, name: '   ' })).toEqual(['name: must not be empty']);
  });

  it('refuses fields it does not know, such as a workspace role', () => {
    const result = signUpBody.safeParse({ ...signUp, workspaceRole: 'secretariat' });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => [i.code, i.path])).toEqual([['unrecognized_keys', []]]);
  });

  it('accepts an invitation token', () => {
    expect(signUpBody.parse({ ...signUp, invitation: 'tok_0123456789' }).invitation).toBe('tok_0123456789');
  });
});

describe('signing in', () => {
  it('normalises the email and refuses an empty password', () => {
    expect(signInBody.parse({ email: 'SOMCHAI@mfa.go.th', password: 'x' })).toEqual({ email: 'somchai@mfa.go.th', password: 'x' });
    expect(problems(signInBody, { email: 'somchai@mfa.go.th', password: '' })).toEqual(['password: must not be empty']);
  });
});

describe('registering a delegation', () => {
  const mys = { code: 'MYS', name: 'Malaysia', color: '#1F6FEB' };

  it('upper-cases the code and lower-cases the colour', () => {
    expect(delegationBody.parse({ ...mys, code: ' mys ' })).toEqual({ code: 'MYS', name: 'Malaysia', color: '#1f6feb' });
  });

  it('accepts two-letter codes and codes with dashes, like EU and ASEAN-SEC', () => {
    expect(delegationBody.parse({ ...mys, code: 'eu' }).code).toBe('EU');
    expect(delegationBody.parse({ ...mys, code: 'ASEAN-SEC' }).code).toBe('ASEAN-SEC');
  });

  it('refuses a one-letter code, a code starting with a digit, and one over 12 characters', () => {
    const message = 'code: must be 2 to 12 letters, digits or dashes, like MYS or EU';
    expect(problems(delegationBody, { ...mys, code: 'M' })).toEqual([message]);
    expect(problems(delegationBody, { ...mys, code: '1AB' })).toEqual([message]);
    expect(problems(delegationBody, { ...mys, code: 'ABCDEFGHIJKLM' })).toEqual([message]);
    expect(problems(delegationBody, { ...mys, code: 'M Y S' })).toEqual([message]);
  });

  it('refuses a colour that is not #rrggbb', () => {
    for (const color of ['red', '#fff', '1f6feb', '#1f6fez', '#1f6feb0']) {
      expect(problems(delegationBody, { ...mys, color })).toEqual(['color: must be a colour as #rrggbb']);
    }
  });
});

describe('creating a document', () => {
  it('numbers in UN style unless told otherwise', () => {
    expect(documentBody.parse({ title: 'Joint Statement' })).toEqual({ title: 'Joint Statement', numbering: 'un' });
    expect(documentBody.parse({ title: 'Joint Communiqué', numbering: 'all' }).numbering).toBe('all');
  });

  it('refuses a numbering style it does not know', () => {
    expect(problems(documentBody, { title: 'T', numbering: 'roman' })).toEqual(['numbering: Invalid option: expected one of "un"|"all"']);
  });

  it('keeps the symbol, venue and dates, trimmed', () => {
    expect(
      documentBody.parse({
        title: ' Joint Statement of the 19th AMMTC ',
        symbol: ' SOMTC/2019/L.1/Rev.2 ',
        venue: ' Bangkok ',
        startsOn: '2025-03-12',
        endsOn: '2025-03-14',
      }),
    ).toEqual({
      title: 'Joint Statement of the 19th AMMTC',
      symbol: 'SOMTC/2019/L.1/Rev.2',
      venue: 'Bangkok',
      startsOn: '2025-03-12',
      endsOn: '2025-03-14',
      numbering: 'un',
    });
  });

  it('accepts a meeting that starts and ends on the same day', () => {
    expect(documentBody.safeParse({ title: 'T', startsOn: '2025-03-12', endsOn: '2025-03-12' }).success).toBe(true);
  });

  it('refuses an end date before the start date, on endsOn', () => {
    expect(problems(documentBody, { title: 'T', startsOn: '2025-03-12', endsOn: '2025-03-11' })).toEqual([
      'endsOn: must not be before startsOn',
    ]);
  });

  it('refuses a date not written YYYY-MM-DD', () => {
    expect(problems(documentBody, { title: 'T', startsOn: '12/03/2025' })).toEqual(['startsOn: must be a date as YYYY-MM-DD']);
  });

  it('refuses a blank or overlong title', () => {
    expect(problems(documentBody, { title: '  ' })).toEqual(['title: must not be empty']);
    expect(problems(documentBody, { title: 'x'.repeat(501) })).toEqual(['title: must be at most 500 characters']);
    expect(documentBody.safeParse({ title: 'x'.repeat(500) }).success).toBe(true);
  });

  it('refuses unknown fields, such as a status set by the client', () => {
    const result = documentBody.safeParse({ title: 'T', status: 'adopted' });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => [i.code, i.path, i.message])).toEqual([
      ['unrecognized_keys', [], 'Unrecognized key: "status"'],
    ]);
  });

  it('allows clearing the optional fields with null', () => {
    expect(documentBody.parse({ title: 'T', symbol: null, venue: null, startsOn: null, endsOn: null })).toEqual({
      title: 'T',
      symbol: null,
      venue: null,
      startsOn: null,
      endsOn: null,
      numbering: 'un',
    });
  });
});

describe('roles', () => {
  it('a document member is a chair, a delegate or an observer', () => {
    for (const role of ['chair', 'delegate', 'observer'] as const) expect(memberBody.parse({ role })).toEqual({ role });
  });

  it('a document member cannot be made secretariat or archivist, nor given extra fields', () => {
    expect(problems(memberBody, { role: 'secretariat' })).toEqual([
      'role: Invalid option: expected one of "chair"|"delegate"|"observer"',
    ]);
    expect(memberBody.safeParse({ role: 'chair', documentId: 'd1' }).success).toBe(false);
    expect(memberBody.safeParse({}).success).toBe(false);
  });

  it('an account may be secretariat or archivist, or hold no workspace role', () => {
    const base = { email: 'records@asean.org', name: 'Records', password: 'a long password' };
    expect(userBody.parse({ ...base, workspaceRole: 'archivist' }).workspaceRole).toBe('archivist');
    expect(userBody.parse({ ...base, workspaceRole: null }).workspaceRole).toBeNull();
    expect(userBody.safeParse({ ...base, workspaceRole: 'chair' }).success).toBe(false);
    expect(invitationBody.parse({ email: 'New@Asean.org', workspaceRole: 'secretariat' })).toEqual({
      email: 'new@asean.org',
      workspaceRole: 'secretariat',
    });
  });
});

describe('configuration from the environment', () => {
  it('has defaults for a local run', () => {
    expect(loadConfig({})).toMatchObject({
      port: 3000,
      host: undefined,
      databaseUrl: 'file:data/accord.db',
      publicOrigin: null,
      trustProxy: false,
      secureCookies: false,
      staticDir: 'dist/client',
      logLevel: 'info',
    });
  });

  it('reads each variable', () => {
    expect(
      loadConfig({
        PORT: '8080',
        HOST: '127.0.0.1',
        DATABASE_URL: 'postgres://accord@db/accord',
        PUBLIC_URL: 'https://accord.asean.org/app/',
        TRUST_PROXY: '1',
        STATIC_DIR: '/srv/accord',
        LOG_LEVEL: 'warn',
      }),
    ).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'postgres://accord@db/accord',
      publicOrigin: 'https://accord.asean.org',
      trustProxy: true,
      secureCookies: true,
      staticDir: '/srv/accord',
      logLevel: 'warn',
    });
  });

  it('refuses a PORT that is not a port number, naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow('invalid configuration: PORT: Invalid input: expected number, received NaN');
    expect(() => loadConfig({ PORT: '70000' })).toThrow('invalid configuration: PORT: Too big: expected number to be <=65535');
    expect(() => loadConfig({ PORT: '-1' })).toThrow('invalid configuration: PORT: Too small: expected number to be >=0');
    expect(() => loadConfig({ PORT: '80.5' })).toThrow(/^invalid configuration: PORT: /);
  });

  it('lists every problem at once', () => {
    expect(() => loadConfig({ PORT: 'x', LOG_LEVEL: 'trace' })).toThrow(/^invalid configuration: PORT: .*; LOG_LEVEL: /);
  });

  it('sets Secure cookies only when the public URL is https', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://accord.example.org' }).secureCookies).toBe(true);
    expect(loadConfig({ PUBLIC_URL: 'http://accord.example.org' }).secureCookies).toBe(false);
    expect(loadConfig({ PUBLIC_URL: 'http://https.example.org' }).secureCookies).toBe(false);
    expect(loadConfig({}).secureCookies).toBe(false);
  });

  it('keeps only the origin of the public URL', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://Accord.Example.org:8443/some/path?x=1' }).publicOrigin).toBe('https://accord.example.org:8443');
  });

  it('refuses a public URL that is not a URL, and a TRUST_PROXY that is not a boolean', () => {
    expect(() => loadConfig({ PUBLIC_URL: 'accord.example.org' })).toThrow('invalid configuration: PUBLIC_URL: Invalid URL');
    expect(() => loadConfig({ TRUST_PROXY: 'yes' })).toThrow(/^invalid configuration: TRUST_PROXY: /);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });

  it('ignores variables that are not its own', () => {
    expect(loadConfig({ PATH: '/usr/bin', HOME: '/root' }).port).toBe(3000);
  });
});

describe('calendar dates', () => {
  it('refuses a date that does not exist, such as 30 February', () => {
    expect(documentBody.safeParse({ title: 'T', startsOn: '2025-02-30' }).success).toBe(false);
    expect(documentBody.safeParse({ title: 'T', startsOn: '2024-02-29' }).success).toBe(true);
  });
});

describe('text that no database can keep', () => {
  const NUL = '\u0000';
  const LONE = '\uD800';
  const anchor = { start: 'AAAA', end: 'AAAA' };

  it('refuses NUL and lone surrogates in any request field, naming it, before any other check', () => {
    expect(problems(documentBody, { title: `Joint${NUL}Statement` })).toEqual(['title: must not contain NUL characters']);
    expect(problems(documentBody, { title: `  ${LONE}  ` })).toEqual(['title: must be valid Unicode text']);
    expect(problems(documentBody, { title: 'T', symbol: `SOMTC/2025/L.1${NUL}` })).toEqual(['symbol: must not contain NUL characters']);
    expect(problems(commentBody, { body: `${LONE}\uDC00x${LONE}` })).toEqual(['body: must be valid Unicode text']);
    expect(problems(threadBody, { clauseId: 'c_1', body: 'On this.', quote: { text: `women${NUL}`, anchor } })).toEqual(['quote.text: must not contain NUL characters']);
    expect(problems(breakSilenceBody, { statement: `We object.${NUL}` })).toEqual(['statement: must not contain NUL characters']);
    expect(problems(adoptBody, { venue: `Kuala Lumpur${LONE}` })).toEqual(['venue: must be valid Unicode text']);
    expect(problems(issueRevisionBody, { note: NUL })).toEqual(['note: must not contain NUL characters']);
    expect(problems(decideBody, { decision: 'accept', clauseId: `c${NUL}` })).toEqual(['clauseId: must not contain NUL characters']);
    expect(problems(keepBody, { keep: `c_1${LONE}` })).toEqual(['keep: must be valid Unicode text']);
    expect(problems(delegationBody, { code: `MYS${NUL}`, name: 'Malaysia', color: '#1f6feb' })).toEqual(['code: must not contain NUL characters']);
    expect(problems(importConfirmBody, { title: 'T', preambular: [], operative: [{ text: `Calls upon${NUL}` }] })).toEqual(['operative.0.text: must not contain NUL characters']);
  });

  it('refuses them in query strings too: the archive search and its filters, threads, comparisons', () => {
    expect(problems(archiveQuery, { q: `trafficking${NUL}` })).toEqual(['q: must not contain NUL characters']);
    expect(problems(archiveQuery, { venue: `kuala${NUL}` })).toEqual(['venue: must not contain NUL characters']);
    expect(problems(archiveQuery, { delegation: `mys${LONE}` })).toEqual(['delegation: must be valid Unicode text']);
    expect(problems(threadQuery, { clauseId: `c_1${NUL}` })).toEqual(['clauseId: must not contain NUL characters']);
    expect(problems(compareQuery, { from: `Rev.1${NUL}` })).toEqual(['from: must not contain NUL characters']);
  });

  it('keeps every other check and every limit as it was', () => {
    expect(archiveQuery.parse({ q: '  "law enforcement"  ', delegation: ' mys ' })).toEqual({ q: '"law enforcement"', delegation: 'MYS' });
    expect(problems(archiveQuery, { q: 'x'.repeat(201) })).toHaveLength(1);
    expect(problems(commentBody, { body: '   ' })).toEqual(['body: must not be empty']);
    expect(text().trim().min(1).parse(' Recalling 😀 ')).toBe('Recalling 😀');
    expect(commentBody.parse({ body: 'Noting with concern \u2028the growing threat 🌏' }).body).toBe('Noting with concern \u2028the growing threat 🌏');
  });

  it('makes text from the document storable: NUL dropped, a lone surrogate replaced by U+FFFD', () => {
    expect(storableText(`the role${NUL} of women`)).toBe('the role of women');
    expect(storableText(`women ${LONE}and ${'\uDC00'}men 😀`)).toBe('women \uFFFDand \uFFFDmen 😀');
    const clean = 'Recalling the ASEAN Declaration 😀';
    expect(storableText(clean)).toBe(clean);
  });

  it('makes a ProseMirror JSON text storable, dropping a text node left empty', () => {
    const json = JSON.stringify({ type: 'clauseText', content: [{ type: 'text', text: NUL }, { type: 'text', text: `Calls${NUL} upon ${LONE}`, marks: [{ type: 'bold' }] }] });
    expect(JSON.parse(storableJson(json))).toEqual({ type: 'clauseText', content: [{ type: 'text', text: 'Calls upon \uFFFD', marks: [{ type: 'bold' }] }] });
    const clean = JSON.stringify({ type: 'text', text: 'a \\u0000 typed as such' });
    expect(storableJson(clean)).toBe(clean);
    expect(JSON.parse(storableJson(clean))).toEqual({ type: 'text', text: 'a \\u0000 typed as such' });
  });
});
