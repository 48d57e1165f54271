/**
 * Reading paragraphs as a secretariat officer would: which is the title, the opening formula, a
 * preambular paragraph (italic lead words, "Recalling ..."), an operative one ("Calls upon ..."), or
 * a sub-paragraph "(a)" of the one before; with a warning wherever that took a guess.
 */
import type { ClauseKind } from '../../shared/labels.js';
import type { ClauseDraft, DeclarationDraft } from '../../shared/editor/content.js';
import { MAX_TITLE_LENGTH } from '../../shared/limits.js';
import { ImportError, IMPORT_LIMITS, quote, Warnings, type SourceParagraph } from './source.js';

// ---------------------------------------------------------------------------------------------------
// How negotiators open their paragraphs

/** Words that may come before the lead verb ("Also recalling", "Strongly condemns", "Deeply concerned"). */
const BEFORE = String.raw`(?:(?:also|further|further also|again|once again|deeply|gravely|seriously|strongly|firmly|fully|hereby|duly)\s+)?`;
/** Words that may follow it ("Recalling also", "Requests further"). */
const AFTER = String.raw`(?:\s+(?:also|further|again|once again|once more))?`;
/** "Noting with deep concern", "Welcomes with appreciation". */
const MANNER = String.raw`(?:\s+with\s+(?:(?:deep|grave|great|serious|particular|profound|high)\s+)?(?:concern|appreciation|satisfaction|interest|regret|alarm|gratitude|approval))?`;

function leadPattern(phrases: string[]): RegExp {
  const alternatives = [...phrases]
    .sort((a, b) => b.length - a.length)
    .map((p) => p.replace(/ /g, String.raw`\s+`))
    .join('|');
  return new RegExp(String.raw`^${BEFORE}(?:${alternatives})${AFTER}${MANNER}(?=$|[\s,;:.])`, 'i');
}

/** Participles and adjectives that open preambular paragraphs ("Welcoming" is preambular, "Welcomes" operative). */
const PREAMBULAR = leadPattern([
  'Acknowledging', 'Affirming', 'Alarmed', 'Appreciating', 'Aware', 'Bearing in mind', 'Believing',
  'Building on', 'Cognizant', 'Cognisant', 'Commending', 'Committed', 'Concerned', 'Conscious', 'Considering',
  'Convinced', 'Deploring', 'Desiring', 'Desirous', 'Determined', 'Emphasizing', 'Emphasising', 'Encouraged',
  'Encouraging', 'Expressing', 'Guided by', 'Having \\w+', 'Highlighting', 'Inspired by', 'Keeping in mind',
  'Mindful', 'Noting', 'Observing', 'Reaffirming', 'Realizing', 'Realising', 'Recalling', 'Recognizing',
  'Recognising', 'Referring', 'Reiterating', 'Resolved', 'Seeking', 'Stressing', 'Taking into account',
  'Taking into consideration', 'Taking note', 'Underlining', 'Underscoring', 'Upholding', 'Welcoming',
]);

/** Verbs that open operative paragraphs, in the third person ("Calls upon") and after "We ... hereby" ("Commit"). */
const OPERATIVE = leadPattern([
  'Accepts', 'Acknowledges', 'Adopts', 'Affirms', 'Agrees', 'Appeals to', 'Appreciates', 'Approves', 'Authorizes',
  'Authorises', 'Calls upon', 'Calls on', 'Calls for', 'Commends', 'Commits', 'Condemns', 'Confirms', 'Congratulates',
  'Considers', 'Decides', 'Declares', 'Deplores', 'Designates', 'Directs', 'Emphasizes', 'Emphasises', 'Encourages',
  'Endorses', 'Expresses', 'Highlights', 'Instructs', 'Invites', 'Notes', 'Pledges', 'Proclaims', 'Reaffirms',
  'Recalls', 'Recognizes', 'Recognises', 'Recommends', 'Regrets', 'Reiterates', 'Rejects', 'Reminds', 'Renews',
  'Requests', 'Resolves', 'Stresses', 'Supports', 'Takes note', 'Tasks', 'Underlines', 'Underscores',
  'Undertakes', 'Urges', 'Welcomes',
  'Accept', 'Acknowledge', 'Adopt', 'Affirm', 'Agree', 'Call upon', 'Call on', 'Commend', 'Commit', 'Condemn',
  'Continue', 'Decide', 'Declare', 'Emphasize', 'Emphasise', 'Encourage', 'Endorse', 'Enhance', 'Express',
  'Intensify', 'Invite', 'Note', 'Pledge', 'Promote', 'Reaffirm', 'Recognize', 'Recognise', 'Reiterate',
  'Request', 'Resolve', 'Strengthen', 'Stress', 'Support', 'Take note', 'Task', 'Underline', 'Underscore',
  'Undertake', 'Urge', 'Welcome',
]);

/** "1.", "1)", "OP3", "PP2:", "OP4bis": how drafters number paragraphs by hand. */
const CLAUSE_NUMBER =
  /^(?:(?:PP|OP)\s?\d{1,3}(?:\s?(?:bis|ter|quater|quinquies|sexies|septies|octies|novies|decies))?[.):]?|\d{1,3}[.)])(?:\s+|$)/;
/** "(a)", "b)", "(iii)": a sub-paragraph lettered by hand. */
const SUBCLAUSE_LETTER = /^(?:\(([a-z]{1,4})\)|([a-z]{1,4})\))(?:\s+|$)/;
const FORMULA = /^we\s*,|^we\s+the\b/i;
/** "DO HEREBY DECLARE:", "Have agreed as follows:" between preamble and operative part. */
const CHAPEAU = /\bhereby\b|\bas follows\b|^(?:do\s+)?(?:declare|decide|agree|resolve|adopt)s?\s*:$/i;
/** "Adopted in Manila, ... on 20 September 2017." */
const CLOSING = /^(?:adopted|done|issued|signed)\s+(?:at|in|on|by|this)\b/i;

function leadKind(text: string): ClauseKind | null {
  if (PREAMBULAR.test(text)) return 'preambular';
  if (OPERATIVE.test(text)) return 'operative';
  return null;
}

/** For italic lead words we do not know: "Heartened", "Applauding" read as preambular, "Applauds" as operative. */
function leadKindByForm(lead: string): ClauseKind | null {
  const word = lead.replace(new RegExp(`^${BEFORE}`, 'i'), '').split(/\s/)[0]?.toLowerCase() ?? '';
  if (/(?:ing|ed)$/.test(word)) return 'preambular';
  if (/[^s]s$/.test(word)) return 'operative';
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Reading paragraphs as a secretariat officer would

interface Reading {
  source: SourceParagraph;
  /** A number typed by hand ("1.", "OP3") or Word's automatic numbering. */
  numbered: boolean;
  /** A lettered sub-paragraph: "(a)" typed by hand, or a lettered or deeper level of a Word list. */
  sub: boolean;
  /** The text without its hand-typed number or letter. */
  body: string;
  lead: string | undefined;
  rest: string;
  kind: ClauseKind | null;
}

const MAX_LEAD_WORDS = 12;

function isLetter(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{M}]/u.test(ch);
}

function read(source: SourceParagraph): Reading {
  let { text, italic } = source;
  const number = CLAUSE_NUMBER.exec(text);
  const letter = number ? null : SUBCLAUSE_LETTER.exec(text);
  const cut = (number ?? letter)?.[0].length ?? 0;
  text = text.slice(cut);
  italic = italic.slice(cut);
  const list = source.list;
  const sub = letter !== null || (list !== null && (list.level >= 1 || list.format === 'lowerLetter' || list.format === 'lowerRoman'));

  let lead: string | undefined;
  let rest = text;
  let kind = leadKind(text);
  // Italic lead words, when the paragraph opens in italics but is not italic throughout. Spaces count
  // as neither; a lead that stops inside a word ("Recall|ing") takes the whole word, and a comma
  // right after it goes with it.
  let end = 0;
  while (end < text.length && (italic[end] || text[end] === ' ')) end++;
  if (italic[0] && end < text.length) {
    while (end < text.length && isLetter(text[end]) && isLetter(text[end - 1])) end++;
    const punctuation = /^\s*[,;:]/.exec(text.slice(end));
    if (punctuation) end += punctuation[0].length;
    const italicLead = text.slice(0, end).trim();
    if (italicLead.split(' ').length <= MAX_LEAD_WORDS) {
      lead = italicLead;
      rest = text.slice(end).trim();
      kind = leadKind(italicLead) ?? kind ?? leadKindByForm(italicLead);
    }
  }
  if (lead === undefined && kind !== null) {
    const match = (kind === 'preambular' ? PREAMBULAR : OPERATIVE).exec(text)!;
    const punctuation = /^\s*[,;:]/.exec(text.slice(match[0].length));
    const end = match[0].length + (punctuation?.[0].length ?? 0);
    lead = text.slice(0, end).trim();
    rest = text.slice(end).trim();
  }
  return { source, numbered: number !== null || (list !== null && !sub), sub, body: text, lead, rest, kind };
}

/** Whether a paragraph carries any sign of being a clause; the first one that does ends the heading. */
function looksLikeClause(r: Reading): boolean {
  return r.kind !== null || r.lead !== undefined || r.numbered || r.sub || /^we\b/i.test(r.body) || /[,;]$/.test(r.body);
}

function looksLikeFormula(r: Reading): boolean {
  return FORMULA.test(r.body) || (/^the\s/i.test(r.body) && /[,:]$/.test(r.body) && r.kind === null && !r.numbered);
}

/**
 * A line with no lead, no number and no closing punctuation: a heading such as "II. Cooperation", a
 * subtitle, a date line. Before the text a long title is normal; inside it only short lines are taken
 * for headings, so that an unpunctuated paragraph is not dropped.
 */
function looksLikeHeading(r: Reading, maxWords: number): boolean {
  if (r.source.role) return true;
  if (r.kind !== null || r.lead !== undefined || r.numbered || r.sub || r.body.startsWith('[')) return false;
  if (/^[IVXLC]+\.\s/.test(r.body) && r.body.length <= 150) return true;
  return r.body.split(' ').length <= maxWords && !/[,;.:]$/.test(r.body);
}

function named(r: Reading): string {
  return `Paragraph ${r.source.position} (${quote(r.source.text)})`;
}

export function classify(paragraphs: SourceParagraph[], warnings: Warnings): DeclarationDraft & { formula: string } {
  const readings = paragraphs.map(read);
  if (readings.length === 0) throw new ImportError('This Word document is empty: it has no text to import.');

  // The heading: the lines before the formula or the first paragraph that looks like a clause or like prose.
  let bodyStart = readings.findIndex(
    (r) => r.source.role === null && (looksLikeFormula(r) || looksLikeClause(r) || !looksLikeHeading(r, 30)),
  );
  if (bodyStart === -1) bodyStart = readings.length;
  const heading = readings.slice(0, bodyStart);
  let titleAt = heading.findIndex((r) => r.source.role === 'title');
  if (titleAt === -1) titleAt = heading.findIndex((r) => r.source.role === 'heading');
  if (titleAt === -1) titleAt = 0;

  let title: string;
  if (bodyStart === 0) {
    title = readings[0]!.source.text;
    warnings.add(`No title found: the first paragraph (${quote(title)}) was taken as the title. Check the title and that paragraph.`);
    bodyStart = 1;
  } else {
    const parts = [heading[titleAt]!.source.text];
    let i = titleAt + 1;
    while (heading[i]?.source.role === 'title') parts.push(heading[i++]!.source.text);
    title = parts.join(' ');
    heading.forEach((r, j) => {
      if (j < titleAt || j >= i) warnings.add(`${named(r)} was left out: it comes before the text and is not the title.`);
    });
  }
  if (title.length > MAX_TITLE_LENGTH) {
    title = title.slice(0, MAX_TITLE_LENGTH - 3).replace(/\s+\S*$/, '') + '...';
    warnings.add(`The title was longer than ${MAX_TITLE_LENGTH} characters and was shortened.`);
  }

  let formula = '';
  const preambular: ClauseDraft[] = [];
  const operative: ClauseDraft[] = [];
  let last: { clause: ClauseDraft; label: string } | null = null;
  const label = (kind: ClauseKind) => (kind === 'preambular' ? `PP${preambular.length}` : `OP${operative.length}`);

  for (const [i, r] of readings.slice(bodyStart).entries()) {
    if (i === 0 && looksLikeFormula(r)) {
      formula = r.source.text;
      continue;
    }
    if (CLOSING.test(r.body)) {
      warnings.add(`${named(r)} was left out: it records where and when the text was adopted.`);
      continue;
    }
    if (r.body.endsWith(':') && r.body.length <= 200 && CHAPEAU.test(r.body)) {
      warnings.add(`${named(r)} was left out: Accord has no place for a chapeau between the preamble and the operative part.`);
      continue;
    }
    if (r.sub && last) {
      const subclauses = (last.clause.subclauses ??= []);
      if (subclauses.length === IMPORT_LIMITS.subclauses) {
        throw new ImportError(
          `${named(r)} would be sub-paragraph ${IMPORT_LIMITS.subclauses + 1} of ${last.label}; ` +
            `a paragraph holds at most ${IMPORT_LIMITS.subclauses} sub-paragraphs, (a) to (zz).`,
        );
      }
      subclauses.push(r.body);
      if (r.source.list && r.source.list.level >= 2) {
        warnings.add(`${named(r)} is nested below a sub-paragraph; it was made a sub-paragraph of ${last.label}.`);
      }
      continue;
    }
    if (!r.body) {
      warnings.add(`Paragraph ${r.source.position} holds only a number (${quote(r.source.text)}) and was skipped.`);
      continue;
    }
    if (looksLikeHeading(r, 6)) {
      warnings.add(`${named(r)} looks like a heading and was left out.`);
      continue;
    }
    if (r.sub) warnings.add(`${named(r)} is lettered like a sub-paragraph but no paragraph precedes it; it was taken as a paragraph.`);

    let kind: ClauseKind;
    if (operative.length > 0) {
      kind = 'operative';
      const previous = `OP${operative.length}`;
      if (r.kind === 'preambular') warnings.add(`${named(r)} reads like a preambular paragraph but follows ${previous}; it was taken as operative.`);
      else if (r.kind === null && !/^we\b/i.test(r.body)) warnings.add(`${named(r)} could not be classified; taken as operative because it follows ${previous}.`);
    } else if (r.kind !== null) {
      kind = r.kind;
    } else if (/^we\b/i.test(r.body)) {
      kind = 'operative';
    } else if (r.numbered && !/,$/.test(r.body)) {
      kind = 'operative';
      warnings.add(`${named(r)} could not be classified; taken as operative because it is numbered.`);
    } else {
      kind = 'preambular';
      warnings.add(`${named(r)} could not be classified; taken as preambular because it comes before the first operative paragraph.`);
    }
    const clause: ClauseDraft = r.lead !== undefined ? { lead: r.lead, text: r.rest } : { text: r.body };
    (kind === 'preambular' ? preambular : operative).push(clause);
    last = { clause, label: label(kind) };
  }

  if (preambular.length + operative.length === 0) {
    throw new ImportError(
      formula
        ? 'This document has a title and an opening formula but no paragraphs to import.'
        : `This document has only a title (${quote(title)}); there are no paragraphs to import.`,
    );
  }
  if (operative.length === 0) {
    throw new ImportError(
      'No operative paragraphs found: Accord looks for paragraphs that open with an operative verb ' +
        '("Calls upon", "Encourages", "Decides", "Commit" ...) or that come after one. Check that the operative ' +
        'paragraphs start with such a verb, then upload the file again.',
    );
  }
  if (preambular.length === 0) warnings.add('No preambular paragraphs found; the text starts with its operative part.');
  return { title, formula, preambular, operative };
}
