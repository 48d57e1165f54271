/**
 * Reading paragraphs as a secretariat officer would: which is the title, the opening formula, a
 * preambular paragraph (italic lead words, "Recalling ..."), an operative one ("Calls upon ..."), or
 * a sub-paragraph "(a)" of the one before; with a warning wherever that took a guess.
 *
 * A compilation text keeps what it holds: stable labels (OP4bis, "OP3 alt"), tracked changes as
 * proposals, typed square brackets as brackets. Accord's own export is known again by its styles (or
 * its stage line), so what it adds around the text (stage line, legend, status notes, record of
 * adoption) is left out without a word.
 */
import { labelClauses, LATIN_SUFFIXES, type ClauseKind, type ClauseOutline } from '../../shared/labels.js';
import { draftNumbers, type ClauseDraft, type DraftRun, type MarkedClause } from '../../shared/editor/content.js';
import { MAX_TITLE_LENGTH } from '../../shared/limits.js';
import { bracketOptions, hasBrackets, MarkKeys, markedRuns } from './marked.js';
import { ImportError, IMPORT_LIMITS, quote, Warnings, type ImportedChange, type ImportPreview, type SourceDocument, type SourceParagraph } from './source.js';

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

/** "1.", "1)": paragraphs numbered by hand; their numbers follow their place, as a clean text's do. */
const HAND_NUMBER = /^\d{1,3}[.)](?:\s+|$)/;
const SUFFIXES = [...LATIN_SUFFIXES].sort((a, b) => b.length - a.length).join('|');
/**
 * Stable labels, typed by hand or as Accord writes them: "PP3", "OP4bis", "OP4 ter", "OP3 alt",
 * "OP4bis alt2", "OP2:". An inserted paragraph beyond the Latin ordinals is "OP4-21".
 */
const LABEL = new RegExp(String.raw`^(PP|OP)\s?(\d{1,3})(\s?(?:${SUFFIXES})|-\d{1,2})?(\s+alt\d{0,2})?[.):]?(?:\s+|$)`);
/** "(a)", "b)", "(iii)": a sub-paragraph lettered by hand. */
const SUBCLAUSE_LETTER = /^(?:\(([a-z]{1,4})\)|([a-z]{1,4})\))(?:\s+|$)/;
/** A paragraph's status as Accord's compilation text notes it after the label. */
const STATUS_NOTE = /^\((?:agreed|agreed ad referendum)\)\s*/i;
const FORMULA = /^we\s*,|^we\s+the\b/i;
/** "DO HEREBY DECLARE:", "Have agreed as follows:" between preamble and operative part. */
const CHAPEAU = /\bhereby\b|\bas follows\b|^(?:do\s+)?(?:declare|decide|agree|resolve|adopt)s?\s*:$/i;
/** "Adopted in Manila, ... on 20 September 2017." */
const CLOSING = /^(?:adopted|done|issued|signed)\s+(?:at|in|on|by|this)\b/i;

// What Accord's own export adds around the text (see server/export/formats/wording.ts), when its
// styles did not survive: the stage line, the legend of a compilation text, the record of adoption.
const STAGE_LINE = /^(?:Live draft|Zero draft|Rev\.\d{1,3}|Adopted text), \d{1,2} \p{L}+ \d{4}$/u;
const LEGEND = /^Square brackets: text not agreed\./;
const RECORD_LINE = /^(?:Adopted on .+\.|Delegations: .+\(\S+\)\.|SHA-256 of the canonical text: [0-9a-f]{64})$/;

/**
 * A document symbol: UN and regional series ("A/RES/70/1", "SOMTC/2019/L.1", "ASEAN/SOMTC/2019/1",
 * "E/CN.6/2019/L.3"): capital letters first, parts joined by slashes, a number somewhere.
 */
const SYMBOL = /(?<![\w/.-])([A-Z][A-Z0-9.-]*(?:\/[A-Za-z0-9][A-Za-z0-9.-]*)+)\*?(?![\w/])/;

/** The symbol a line holds, without a revision's "/Rev.2" (revisions of the new document add their own). */
function symbolIn(line: string): string | null {
  const match = SYMBOL.exec(line);
  if (!match) return null;
  const symbol = match[1]!.replace(/[.-]+$/, '').replace(/\/Rev\.\d+$/i, '');
  return /\d/.test(symbol) && symbol.includes('/') && symbol.length <= 100 ? symbol : null;
}

/** "MYS — Delegate of Malaysia": the delegation code Accord writes before a tracked change's author. */
const AUTHOR_DELEGATION = /^([A-Z][A-Z0-9-]{1,11})(?:\s+[—–-]\s+\S.*)?$/;

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
// A paragraph with tracked changes, read as it stands

/**
 * A paragraph's words as classification reads them: with its tracked changes accepted, or, for a
 * paragraph proposed for deletion as a whole, as it stood before. `at` gives each character's index
 * in the paragraph as written (null: the same).
 */
interface View {
  text: string;
  italic: boolean[];
  at: number[] | null;
}

function viewOf(p: SourceParagraph): View {
  const tracked = p.tracked;
  if (!tracked) return { text: p.text, italic: p.italic, at: null };
  const pick = (keep: (i: number) => boolean): View => {
    let text = '';
    const italic: boolean[] = [];
    const at: number[] = [];
    for (let i = 0; i < p.text.length; i++) {
      const ch = p.text[i]!;
      // Words struck out between two spaces leave two spaces: read as one.
      if (!keep(i) || (ch === ' ' && (text === '' || text.endsWith(' ')))) continue;
      text += ch;
      italic.push(p.italic[i]!);
      at.push(i);
    }
    while (text.endsWith(' ')) {
      text = text.slice(0, -1);
      italic.pop();
      at.pop();
    }
    return { text, italic, at };
  };
  const accepted = pick((i) => tracked.deleted[i]! < 0);
  if (accepted.text) return accepted;
  const before = pick((i) => tracked.inserted[i]! < 0);
  return before.text ? before : pick(() => true);
}

/** The index in the paragraph as written where the view's words from `offset` on begin. */
function writtenIndex(view: View, offset: number): number {
  if (offset <= 0) return 0;
  return view.at ? view.at[offset - 1]! + 1 : offset;
}

// ---------------------------------------------------------------------------------------------------
// Reading paragraphs as a secretariat officer would

interface Label {
  kind: ClauseKind;
  /** "OP4bis" (an alternative's own label is that of the paragraph it stands for, plus " alt"). */
  text: string;
  number: number;
  /** Inserted after a numbered paragraph: OP4bis. */
  inserted: boolean;
  /** "OP4 alt": an alternative to the paragraph labelled `text`. */
  alternative: boolean;
}

interface Reading {
  source: SourceParagraph;
  view: View;
  label: Label | null;
  /** A number typed by hand ("1.", "OP3") or Word's automatic numbering. */
  numbered: boolean;
  /** A lettered sub-paragraph: "(a)" typed by hand, a lettered or deeper level of a Word list, Accord's sub-paragraph style. */
  sub: boolean;
  /** Where the words begin in the view, after the number, label or letter (and a status note). */
  cut: number;
  /** The text without its hand-typed number or letter. */
  body: string;
  lead: string | undefined;
  /** Where the lead words end in the view (at `cut` when there are none). */
  leadEnd: number;
  rest: string;
  kind: ClauseKind | null;
}

const MAX_LEAD_WORDS = 12;

function isLetter(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{M}]/u.test(ch);
}

function labelOf(match: RegExpExecArray): Label {
  const suffix = (match[3] ?? '').replace(/\s/g, '');
  return {
    kind: match[1] === 'PP' ? 'preambular' : 'operative',
    text: `${match[1]}${Number(match[2])}${suffix}`,
    number: Number(match[2]),
    inserted: suffix !== '',
    alternative: match[4] !== undefined,
  };
}

const ACCORD_KIND: Partial<Record<string, ClauseKind>> = { preambular: 'preambular', operative: 'operative' };

function read(source: SourceParagraph): Reading {
  const view = viewOf(source);
  let { text, italic } = view;
  const labelled = LABEL.exec(text);
  const number = labelled ? null : HAND_NUMBER.exec(text);
  const letter = labelled || number ? null : SUBCLAUSE_LETTER.exec(text);
  let cut = (labelled ?? number ?? letter)?.[0].length ?? 0;
  if (labelled) cut += STATUS_NOTE.exec(text.slice(cut))?.[0].length ?? 0;
  text = text.slice(cut);
  italic = italic.slice(cut);
  const list = source.list;
  const sub =
    source.accord === 'subparagraph' ||
    (source.accord === null && (letter !== null || (list !== null && (list.level >= 1 || list.format === 'lowerLetter' || list.format === 'lowerRoman'))));

  let lead: string | undefined;
  let rest = text;
  let leadEnd = cut;
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
      leadEnd = cut + end;
      kind = leadKind(italicLead) ?? kind ?? leadKindByForm(italicLead);
    }
  }
  if (lead === undefined && kind !== null) {
    const match = (kind === 'preambular' ? PREAMBULAR : OPERATIVE).exec(text)!;
    const punctuation = /^\s*[,;:]/.exec(text.slice(match[0].length));
    const end = match[0].length + (punctuation?.[0].length ?? 0);
    lead = text.slice(0, end).trim();
    rest = text.slice(end).trim();
    leadEnd = cut + end;
  }
  const label = labelled ? labelOf(labelled) : null;
  // What the file says outright (a label, Accord's style) outweighs what the words suggest.
  kind = label?.kind ?? ACCORD_KIND[source.accord ?? ''] ?? kind;
  return { source, view, label, numbered: label !== null || number !== null || (list !== null && !sub), sub, cut, body: text, lead, leadEnd, rest, kind };
}

/** Whether a paragraph carries any sign of being a clause; the first one that does ends the heading. */
function looksLikeClause(r: Reading): boolean {
  return r.kind !== null || r.lead !== undefined || r.numbered || r.sub || /^we\b/i.test(r.body) || /[,;]$/.test(r.body);
}

function looksLikeFormula(r: Reading): boolean {
  if (r.source.accord === 'formula') return true;
  if (r.source.accord !== null) return false;
  return FORMULA.test(r.body) || (/^the\s/i.test(r.body) && /[,:]$/.test(r.body) && r.kind === null && !r.numbered);
}

/** A paragraph Accord's style (or, in Accord's own export, its words) marks as a part of the text. */
function isAccordClause(r: Reading): boolean {
  return r.source.accord === 'preambular' || r.source.accord === 'operative' || r.source.accord === 'subparagraph';
}

/**
 * A line with no lead, no number and no closing punctuation: a heading such as "II. Cooperation", a
 * subtitle, a date line. Before the text a long title is normal; inside it only short lines are taken
 * for headings, so that an unpunctuated paragraph is not dropped.
 */
function looksLikeHeading(r: Reading, maxWords: number): boolean {
  if (r.source.role) return true;
  if (isAccordClause(r) || r.label) return false;
  if (r.kind !== null || r.lead !== undefined || r.numbered || r.sub || r.body.startsWith('[')) return false;
  if (/^[IVXLC]+\.\s/.test(r.body) && r.body.length <= 150) return true;
  return r.body.split(' ').length <= maxWords && !/[,;.:]$/.test(r.body);
}

function named(r: Reading): string {
  return `Paragraph ${r.source.position} (${quote(r.source.text)})`;
}

/** What Accord's own export puts around the text: its stage line, legend and record of adoption. */
function isAccordFurniture(r: Reading, accordExport: boolean): boolean {
  const role = r.source.accord;
  if (role === 'stage' || role === 'legend' || role === 'record') return true;
  if (!accordExport || role !== null) return false;
  const text = r.view.text;
  return STAGE_LINE.test(text) || LEGEND.test(text) || RECORD_LINE.test(text);
}

// ---------------------------------------------------------------------------------------------------
// Paragraphs into a draft

/** A paragraph of the text as read: its reading, its sub-paragraphs' readings, and what its label says. */
interface Assembled {
  kind: ClauseKind;
  reading: Reading;
  subs: Reading[];
  /** Its number at the last renumbering, when labelled (null: inserted); undefined: by position. */
  number: number | null | undefined;
  /** For "OP4 alt": the index, in its part, of the paragraph it stands for. */
  alternativeOf: number | undefined;
}

/** The runs of a paragraph's words from `cut` on, with the proposals, brackets and lead italics it holds. */
function runsOf(r: Reading, keys: MarkKeys, warnings: Warnings, withLead: boolean): DraftRun[] {
  const p = r.source;
  const from = writtenIndex(r.view, r.cut);
  let leadEnd = withLead && r.lead !== undefined ? writtenIndex(r.view, r.leadEnd) : from;
  while (leadEnd > from && p.text[leadEnd - 1] === ' ') leadEnd--;
  const written = p.text.slice(from);
  let options = hasBrackets(written) ? bracketOptions(written, keys) : [];
  if (options === null) {
    warnings.add(`${named(r)} has square brackets that nest or do not pair up; they were kept as typed.`);
    options = [];
  }
  return markedRuns(p, from, p.text.length, (i) => i < leadEnd, options, keys);
}

/** Whether a paragraph has anything a plain reading would lose: tracked changes, or brackets. */
function needsMarks(r: Reading): boolean {
  return r.source.tracked !== null || hasBrackets(r.source.text.slice(writtenIndex(r.view, r.cut)));
}

/**
 * The proposals of a paragraph proposed (or proposed for deletion) as a whole, by one author, made
 * one: Accord knows a whole-paragraph proposal by every word of it being one amendment's.
 */
function unifyWholeParagraph(marked: MarkedClause, keys: MarkKeys): string | null {
  const runs = [...marked.text, ...marked.subclauses.flat()].filter((r) => r.text !== '');
  if (runs.length === 0) return null;
  for (const kind of ['insertion', 'deletion'] as const) {
    const other = kind === 'insertion' ? 'deletion' : 'insertion';
    if (!runs.every((r) => r[kind] !== undefined && r[other] === undefined)) continue;
    const found = [...new Set(runs.map((r) => r[kind]!))];
    const authors = new Set(found.map((k) => keys.proposals.get(k)?.author ?? ''));
    if (authors.size !== 1) return null;
    const [first, ...merged] = found;
    for (const run of [...marked.text, ...marked.subclauses.flat()]) if (run[kind] !== undefined) run[kind] = first;
    for (const key of merged) keys.merge(first!, key);
    return first!;
  }
  return null;
}

function clauseDraftOf(a: Assembled, keys: MarkKeys, warnings: Warnings, wholes: Set<string>): ClauseDraft {
  const r = a.reading;
  const clause: ClauseDraft = r.lead !== undefined ? { lead: r.lead, text: r.rest } : { text: r.body };
  if (a.subs.length) clause.subclauses = a.subs.map((s) => s.body);
  if ([r, ...a.subs].some(needsMarks)) {
    const marked = { text: runsOf(r, keys, warnings, true), subclauses: a.subs.map((s) => runsOf(s, keys, warnings, false)) };
    // Brackets left as typed are plain words: a paragraph with nothing else marked reads as it is.
    if ([marked.text, ...marked.subclauses].flat().some((run) => run.insertion || run.deletion || run.bracket)) {
      clause.marked = marked;
      const whole = unifyWholeParagraph(marked, keys);
      if (whole) wholes.add(whole);
    }
  }
  if (a.number !== undefined) clause.number = a.number;
  if (a.alternativeOf !== undefined) clause.alternativeOf = a.alternativeOf;
  return clause;
}

/** The proposals of the draft, in the order they stand, with the label of the paragraph each is in. */
function changesOf(draft: { preambular: ClauseDraft[]; operative: ClauseDraft[] }, keys: MarkKeys, wholes: Set<string>): ImportedChange[] {
  const clauses = [...draft.preambular.map((c) => ['preambular', c] as const), ...draft.operative.map((c) => ['operative', c] as const)];
  const partIndex = { preambular: 0, operative: 0 };
  const numbers = { preambular: draftNumbers(draft.preambular), operative: draftNumbers(draft.operative) };
  const outline: ClauseOutline[] = clauses.map(([kind, c]) => {
    const index = partIndex[kind]++;
    return {
      id: `${kind}-${index}`,
      kind,
      number: numbers[kind][index] ?? null,
      subclauseIds: (c.subclauses ?? []).map((_, j) => `${kind}-${index}-${j}`),
      alternativeOf: c.alternativeOf === undefined ? null : `${kind}-${c.alternativeOf}`,
    };
  });
  const labels = labelClauses(outline, 'un');
  const changes = new Map<string, ImportedChange>();
  /** Where each proposal's words last ended: the paragraph and run, so words apart are joined by " … ". */
  const ends = new Map<string, string>();
  clauses.forEach(([, clause], i) => {
    const label = labels[i]!;
    const paragraphs = clause.marked ? [clause.marked.text, ...clause.marked.subclauses] : [];
    paragraphs.forEach((runs, p) => {
      const where = p === 0 ? label.label : (label.subclauses[p - 1]?.label ?? label.label);
      runs.forEach((run, j) => {
        for (const kind of ['insertion', 'deletion'] as const) {
          const key = run[kind];
          if (key === undefined) continue;
          let change = changes.get(key);
          if (!change) {
            const source = keys.proposals.get(key);
            const author = source?.author ?? '';
            change = {
              id: key,
              author,
              delegation: AUTHOR_DELEGATION.exec(author)?.[1] ?? null,
              at: source?.at ?? null,
              kind: 'insert',
              inserted: '',
              deleted: '',
              label: where,
              paragraph: wholes.has(key),
            };
            changes.set(key, change);
          }
          const field = kind === 'insertion' ? 'inserted' : 'deleted';
          const at = `${i}/${p}/${j}`;
          const end = ends.get(`${key}/${kind}`);
          change[field] = !change[field] ? run.text : end === `${i}/${p}/${j - 1}` ? change[field] + run.text : `${change[field].trimEnd()} … ${run.text.trimStart()}`;
          ends.set(`${key}/${kind}`, at);
        }
      });
    });
  });
  return [...changes.values()].map((c) => ({ ...c, kind: c.inserted && c.deleted ? 'replace' : c.inserted ? 'insert' : 'delete' }));
}

export type Classified = Omit<ImportPreview, 'warnings'>;

export function classify(source: SourceDocument, warnings: Warnings): Classified {
  const all = source.paragraphs.map(read);
  if (all.length === 0) throw new ImportError('This Word document is empty: it has no text to import.');
  const accordExport =
    source.accordStyles || all.slice(0, 3).some((r) => STAGE_LINE.test(r.view.text)) || all.some((r) => LEGEND.test(r.view.text));
  const readings = all.filter((r) => !isAccordFurniture(r, accordExport));
  if (readings.length === 0) throw new ImportError('This Word document is empty: it has no text to import.');
  const keys = new MarkKeys(source.revisions);

  // The heading: the lines before the formula or the first paragraph that looks like a clause or like prose.
  let bodyStart = readings.findIndex(
    (r) => r.source.role === null && (looksLikeFormula(r) || looksLikeClause(r) || isAccordClause(r) || !looksLikeHeading(r, 30)),
  );
  if (bodyStart === -1) bodyStart = readings.length;
  const heading = readings.slice(0, bodyStart);

  // A symbol: in the page header, else in a short line at the top.
  let symbol: string | null = null;
  for (const line of source.headerLines) symbol ??= symbolIn(line);
  const symbolLines = new Set<Reading>();
  for (const r of heading.slice(0, 5)) {
    const found = r.view.text.split(' ').length <= 12 ? symbolIn(r.view.text) : null;
    if (found && (symbol === null || symbol === found)) {
      symbol = found;
      if (r.view.text === found || r.view.text.replace(/\/Rev\.\d+$/i, '') === found) symbolLines.add(r);
    }
  }

  let titleAt = heading.findIndex((r) => r.source.role === 'title');
  if (titleAt === -1) titleAt = heading.findIndex((r) => r.source.role === 'heading');
  if (titleAt === -1) titleAt = heading.findIndex((r) => !symbolLines.has(r));
  if (titleAt === -1) titleAt = 0;

  let title: string;
  if (bodyStart === 0) {
    title = readings[0]!.view.text;
    warnings.add(`No title found: the first paragraph (${quote(title)}) was taken as the title. Check the title and that paragraph.`);
    bodyStart = 1;
  } else {
    const parts = [heading[titleAt]!];
    let i = titleAt + 1;
    while (heading[i]?.source.role === 'title') parts.push(heading[i++]!);
    title = parts.map((r) => r.view.text).join(' ');
    if (parts.some((r) => r.source.tracked)) warnings.add('The title has tracked changes; they were accepted (proposals are kept in paragraphs only).');
    heading.forEach((r, j) => {
      if ((j < titleAt || j >= i) && !symbolLines.has(r)) warnings.add(`${named(r)} was left out: it comes before the text and is not the title.`);
    });
  }
  if (title.length > MAX_TITLE_LENGTH) {
    title = title.slice(0, MAX_TITLE_LENGTH - 3).replace(/\s+\S*$/, '') + '...';
    warnings.add(`The title was longer than ${MAX_TITLE_LENGTH} characters and was shortened.`);
  }

  let formula = '';
  const parts: Record<ClauseKind, Assembled[]> = { preambular: [], operative: [] };
  /** Labelled paragraphs, so that "OP4 alt" finds OP4. */
  const labelled = new Map<string, { kind: ClauseKind; index: number }>();
  let last: Assembled | null = null;
  const labelOfLast = () => (last ? (last.reading.label?.text ?? `${last.kind === 'preambular' ? 'PP' : 'OP'}${parts[last.kind].indexOf(last) + 1}`) : '');

  for (const [i, r] of readings.slice(bodyStart).entries()) {
    if (!formula && (i === 0 || r.source.accord === 'formula') && looksLikeFormula(r)) {
      formula = r.view.text;
      if (r.source.tracked) warnings.add('The opening formula has tracked changes; they were accepted (proposals are kept in paragraphs only).');
      continue;
    }
    const accordClause = isAccordClause(r);
    if (!accordClause && CLOSING.test(r.body)) {
      warnings.add(`${named(r)} was left out: it records where and when the text was adopted.`);
      continue;
    }
    if (!accordClause && r.body.endsWith(':') && r.body.length <= 200 && CHAPEAU.test(r.body)) {
      warnings.add(`${named(r)} was left out: Accord has no place for a chapeau between the preamble and the operative part.`);
      continue;
    }
    if (r.sub && last) {
      if (last.subs.length === IMPORT_LIMITS.subclauses) {
        throw new ImportError(
          `${named(r)} would be sub-paragraph ${IMPORT_LIMITS.subclauses + 1} of ${labelOfLast()}; ` +
            `a paragraph holds at most ${IMPORT_LIMITS.subclauses} sub-paragraphs, (a) to (zz).`,
        );
      }
      last.subs.push(r);
      if (r.source.list && r.source.list.level >= 2) {
        warnings.add(`${named(r)} is nested below a sub-paragraph; it was made a sub-paragraph of ${labelOfLast()}.`);
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
    const stated = r.label !== null || accordClause;
    if (stated && r.kind !== null) {
      kind = r.kind;
    } else if (parts.operative.length > 0) {
      kind = 'operative';
      const previous = labelOfLast();
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

    const assembled: Assembled = { kind, reading: r, subs: [], number: undefined, alternativeOf: undefined };
    const label = r.label;
    if (label?.alternative) {
      const target = labelled.get(label.text);
      assembled.number = null;
      if (target && target.kind === kind) assembled.alternativeOf = target.index;
      else warnings.add(`${named(r)} is labelled as an alternative to ${label.text}, which is not before it; it was taken as a paragraph of its own.`);
    } else if (label) {
      assembled.number = label.inserted ? null : label.number;
      labelled.set(label.text, { kind, index: parts[kind].length });
    }
    parts[kind].push(assembled);
    last = assembled;
  }

  const wholes = new Set<string>();
  const preambular = parts.preambular.map((a) => clauseDraftOf(a, keys, warnings, wholes));
  const operative = parts.operative.map((a) => clauseDraftOf(a, keys, warnings, wholes));

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
  if (source.comments > 0) {
    warnings.add(
      `The file has ${source.comments === 1 ? 'a comment' : `${source.comments} comments`}; comments are not imported (open a discussion on the paragraph once the document is created).`,
    );
  }
  const changes = changesOf({ preambular, operative }, keys, wholes);
  return { title, formula, preambular, operative, symbol, changes, accordExport };
}
