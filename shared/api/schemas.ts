import { z } from 'zod';
import { DOCUMENT_ROLES, NUMBERING, WORKSPACE_ROLES } from './roles.js';
import { text } from './text.js';
import { isTimeZone } from '../time.js';
import { canonicalLanguage } from '../language.js';
import { MAX_IMPORT_PARAGRAPHS, MAX_NAME_LENGTH, MAX_PARAGRAPH_LENGTH, MAX_PASSWORD_LENGTH, MAX_TITLE_LENGTH, MIN_PASSWORD_LENGTH } from '../limits.js';

export * from './roles.js';

/** Request bodies of the HTTP API, validated by the server and typed for the client. */

const trimmed = (max: number) => text().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const email = z.string().trim().toLowerCase().pipe(z.email('must be an email address')).pipe(z.string().max(254));
/**
 * A new password, as OWASP ASVS 5.0 asks: long enough (counted in characters, not UTF-16 units), not
 * blank, kept as typed (no trimming), no composition rules. The server adds the common-password check
 * (server/auth/password-policy.ts), which needs a list the client should not download.
 */
export const passwordRules = z
  .string()
  .max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`)
  .refine((p) => [...p].length >= MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .refine((p) => !/^[\s\u200b-\u200d\u2060]*$/u.test(p), 'must not be blank');
const isoDate = text()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date as YYYY-MM-DD', abort: true })
  .refine((d) => {
    const time = Date.parse(`${d}T00:00:00Z`);
    return !Number.isNaN(time) && new Date(time).toISOString().startsWith(d);
  }, 'must be a real calendar date');

/** The venue's IANA time zone, in which every date of the document is entered and shown. */
export const timeZoneField = text()
  .trim()
  .max(64)
  .refine(isTimeZone, 'must be an IANA time zone, like Asia/Ulaanbaatar or Europe/Vienna');
/** The language of the text, as a BCP 47 tag ("en", "ar", "zh-Hans"), kept in canonical form. */
export const languageField = text()
  .trim()
  .max(35)
  .refine((tag) => canonicalLanguage(tag) !== null, 'must be a language tag, like en, fr, ar or zh')
  .transform((tag) => canonicalLanguage(tag)!);
/** The organisation whose text it is, as a short code ("un", "asean", "osce"): Akoma Ntoso's country. */
export const organisationField = text()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9-]{1,15}$/, 'must be a short code of 2 to 16 letters, digits or dashes, like un, asean or osce');

export const signUpBody = z.strictObject({
  email,
  name: trimmed(MAX_NAME_LENGTH),
  password: passwordRules,
  invitation: text().min(10).max(200).optional(),
});

export const signInBody = z.strictObject({
  email,
  password: z.string().min(1, 'must not be empty').max(MAX_PASSWORD_LENGTH),
});

export const delegationBody = z.strictObject({
  code: text().trim().toUpperCase().regex(/^[A-Z][A-Z0-9-]{1,11}$/, 'must be 2 to 12 letters, digits or dashes, like MYS or EU'),
  name: trimmed(MAX_NAME_LENGTH),
  color: text().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour as #rrggbb').transform((c) => c.toLowerCase()),
});

export const userBody = z.strictObject({
  email,
  name: trimmed(MAX_NAME_LENGTH),
  password: passwordRules,
  delegationId: text().min(1).max(64).nullish(),
  workspaceRole: z.enum(WORKSPACE_ROLES).nullish(),
});

export const invitationBody = z.strictObject({
  email,
  delegationId: text().min(1).max(64).nullish(),
  workspaceRole: z.enum(WORKSPACE_ROLES).nullish(),
});


export const documentBody = z
  .strictObject({
    title: trimmed(MAX_TITLE_LENGTH),
    symbol: text().trim().max(100).regex(/^[^\s].*$|^$/).nullish(),
    venue: text().trim().max(MAX_NAME_LENGTH).nullish(),
    startsOn: isoDate.nullish(),
    endsOn: isoDate.nullish(),
    numbering: z.enum(NUMBERING).default('un'),
    timeZone: timeZoneField.optional(),
    language: languageField.optional(),
    organisation: organisationField.optional(),
  })
  .refine((d) => !d.startsOn || !d.endsOn || d.startsOn <= d.endsOn, {
    message: 'must not be before startsOn',
    path: ['endsOn'],
  });

const paragraphText = text().max(MAX_PARAGRAPH_LENGTH, `a paragraph holds at most ${MAX_PARAGRAPH_LENGTH} characters`);
/** A key the preview gave a proposal or a bracketed choice; it names nothing outside the request. */
const importKey = text().regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be a key from the preview');
const importedRun = z.strictObject({
  text: text().min(1, 'must not be empty').max(MAX_PARAGRAPH_LENGTH),
  italic: z.boolean().optional(),
  insertion: importKey.optional(),
  deletion: importKey.optional(),
  bracket: z.strictObject({ group: importKey, option: z.number().int().min(0).max(99) }).optional(),
});
const importedRuns = z
  .array(importedRun)
  .max(MAX_PARAGRAPH_LENGTH)
  .refine((runs) => runs.reduce((n, r) => n + r.text.length, 0) <= MAX_PARAGRAPH_LENGTH, `a paragraph holds at most ${MAX_PARAGRAPH_LENGTH} characters`);
const importedClause = z.strictObject({
  lead: paragraphText.optional(),
  text: paragraphText,
  subclauses: z.array(paragraphText).max(52).optional(),
  /** The paragraph with its tracked changes and brackets, as the preview read it; it then stands for lead, text and subclauses. */
  marked: z.strictObject({ text: importedRuns, subclauses: z.array(importedRuns).max(52) }).optional(),
  /** The number its label gives it (OP4: 4; OP4bis: null); by position when absent. */
  number: z.number().int().min(1).max(999).nullable().optional(),
  /** For "OP4 alt": the index, in the same part, of the paragraph it stands for. */
  alternativeOf: z.number().int().min(0).max(MAX_IMPORT_PARAGRAPHS).optional(),
});
/** Who a tracked change of the file is attributed to, when the secretariat keeps tracked changes as proposals. */
const importedProposal = z.strictObject({
  key: importKey,
  delegationId: text().min(1).max(64),
  /** The name the proposal is shown under: the tracked change's author as Word recorded it. */
  author: text().trim().max(MAX_NAME_LENGTH),
  at: text()
    .max(40)
    .refine((v) => !Number.isNaN(Date.parse(v)), 'must be a date and time (ISO 8601)')
    .nullish(),
});

type ImportedPart = z.infer<typeof importedClause>[];

/** Alternatives must stand for an earlier paragraph of their part that is not an alternative itself. */
function checkAlternatives(part: ImportedPart, name: string, ctx: z.RefinementCtx): void {
  part.forEach((clause, i) => {
    const target = clause.alternativeOf;
    if (target === undefined) return;
    if (target >= i || part[target]?.alternativeOf !== undefined) {
      ctx.addIssue({ code: 'custom', path: [name, i, 'alternativeOf'], message: 'must name an earlier paragraph that is not an alternative itself' });
    }
  });
}

/** Every proposal a kept tracked change makes must be attributed: its key in `proposals`. */
function checkAttributions(d: { preambular: ImportedPart; operative: ImportedPart; proposals: { key: string }[] }, ctx: z.RefinementCtx): void {
  const attributed = new Set(d.proposals.map((p) => p.key));
  for (const name of ['preambular', 'operative'] as const) {
    d[name].forEach((clause, i) => {
      const runs = clause.marked ? [...clause.marked.text, ...clause.marked.subclauses.flat()] : [];
      const missing = runs.flatMap((r) => [r.insertion, r.deletion]).find((key) => key !== undefined && !attributed.has(key));
      if (missing) ctx.addIssue({ code: 'custom', path: ['proposals'], message: `the tracked change ${missing} in ${name} paragraph ${i + 1} needs a delegation` });
    });
  }
}

/**
 * The second step of an import: the (possibly corrected) preview, confirmed, with the document's
 * details, and what becomes of the file's tracked changes: accepted, or kept as pending proposals,
 * each attributed to a delegation the secretariat picked.
 */
export const importConfirmBody = z
  .strictObject({
    title: trimmed(MAX_TITLE_LENGTH),
    symbol: text().trim().max(100).nullish(),
    venue: text().trim().max(MAX_NAME_LENGTH).nullish(),
    startsOn: isoDate.nullish(),
    endsOn: isoDate.nullish(),
    numbering: z.enum(NUMBERING).default('un'),
    timeZone: timeZoneField.optional(),
    language: languageField.optional(),
    organisation: organisationField.optional(),
    formula: text().max(MAX_PARAGRAPH_LENGTH).default(''),
    preambular: z.array(importedClause).max(MAX_IMPORT_PARAGRAPHS),
    operative: z.array(importedClause).min(1, 'a statement needs at least one operative paragraph').max(MAX_IMPORT_PARAGRAPHS),
    trackedChanges: z.enum(['accept', 'propose']).default('accept'),
    proposals: z.array(importedProposal).max(MAX_IMPORT_PARAGRAPHS * 5).default([]),
    /** Issue the text as confirmed as the zero draft (revision 0, under the symbol): what was circulated is kept. */
    issueZeroDraft: z.boolean().default(true),
  })
  .refine((d) => !d.startsOn || !d.endsOn || d.startsOn <= d.endsOn, { message: 'must not be before startsOn', path: ['endsOn'] })
  .superRefine((d, ctx) => {
    checkAlternatives(d.preambular, 'preambular', ctx);
    checkAlternatives(d.operative, 'operative', ctx);
    if (d.trackedChanges === 'propose') checkAttributions(d, ctx);
  });

export type ImportConfirmBody = z.input<typeof importConfirmBody>;
export type ImportConfirmed = z.output<typeof importConfirmBody>;

export const memberBody = z.strictObject({ role: z.enum(DOCUMENT_ROLES) });

export type SignUpBody = z.input<typeof signUpBody>;
export type SignInBody = z.input<typeof signInBody>;
export type DelegationBody = z.input<typeof delegationBody>;
export type UserBody = z.input<typeof userBody>;
export type InvitationBody = z.input<typeof invitationBody>;
export type DocumentBody = z.input<typeof documentBody>;
export type MemberBody = z.input<typeof memberBody>;
