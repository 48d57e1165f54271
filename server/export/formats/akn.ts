import type { Attribution, LifecycleEvent, Rendition, RenditionSubclause, Run } from '../rendition.js';
import { threeLetterLanguage } from '../../../shared/language.js';
import { offsetMinutes, wallClock } from '../../../shared/time.js';
import { spansOf, type ProposalSpan } from './spans.js';
import { adoptionLines, attributionText, isoDay, longDate, stageName } from './wording.js';
import { attributes, escapeXml } from './xml.js';

/**
 * Akoma Ntoso 3.0, modelled as the UN's AKN4UN guidelines model a resolution, with the document type
 * <statement name="declaration">, valid against the OASIS schema (tests/fixtures/akn): FRBR
 * identification (one Work for the text's whole life, one Expression per version), the lifecycle
 * (the versions: zero draft, revisions), the workflow (the procedure: silence, adoption), the
 * references those point to, then the preface (symbol, stage, title), the preamble (formula and
 * preambular paragraphs as containers) and the main body (operative paragraphs, sub-paragraphs as
 * points).
 *
 * A draft keeps its negotiation labels in <num>, brackets as literal text and proposals as <ins> and
 * <del> referring to the proposing delegation. Numbers go in <num>, which a <container> cannot hold
 * directly: a numbered preambular paragraph wraps its text in a <blockContainer>, which can.
 */

export const AKN_NAMESPACE = 'http://docs.oasis-open.org/legaldocml/ns/akn/3.0';
/** Our own metadata (stage, integrity hash) in <proprietary>, which only takes foreign namespaces. */
export const ACCORD_NAMESPACE = 'urn:accord:export:1';

interface Organization {
  eId: string;
  href: string;
  showAs: string;
}

/** The references of one export, collected while the body is written and emitted in <meta>. */
class References {
  readonly organizations = new Map<string, Organization>();
  /** Delegation eIds all start "delegation_", so they can only collide with each other. */
  private readonly delegationIds = new Ids();
  private readonly delegations = new Map<string, string>();
  /** Whether the chair acts in a workflow step, and whether a silence procedure took place. */
  hasChair = false;
  hasSilence = false;

  organization(eId: string, showAs: string): string {
    if (!this.organizations.has(eId)) this.organizations.set(eId, { eId, href: `/akn/ontology/organization/accord/${eId}`, showAs });
    return `#${eId}`;
  }

  /** The reference to a delegation by its code; two codes that read alike ("MYS", "M-YS") stay apart. */
  delegation(code: string | null, name?: string): string {
    if (code === null) return this.organization('secretariat', 'Secretariat');
    let eId = this.delegations.get(code);
    if (!eId) {
      eId = this.delegationIds.claim(`delegation_${idPart(code)}`);
      this.delegations.set(code, eId);
    }
    return this.organization(eId, name ?? code);
  }

  chair(): string {
    this.hasChair = true;
    return '#chair';
  }

  silence(): string {
    this.hasSilence = true;
    return '#silenceProcedure';
  }
}

/** Ensures eIds are unique in the document, suffixing repeats ("_2") rather than failing. */
class Ids {
  private readonly taken = new Set<string>();
  claim(base: string): string {
    let id = base;
    for (let n = 2; this.taken.has(id); n++) id = `${base}_${n}`;
    this.taken.add(id);
    return id;
  }
}

/** A piece of an eId: lower-case letters and digits only ("4bis", "4alt2", "mys"). */
function idPart(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '') || 'x';
}

export function renderAkn(rendition: Rendition): string {
  const refs = new References();
  const ids = new Ids();
  const names = new Map((rendition.adoption?.delegations ?? []).map((d) => [d.code, d.name]));
  refs.organization('accord', 'Accord');
  refs.organization('author', rendition.adoption?.body ?? 'The negotiating delegations');
  for (const d of rendition.adoption?.delegations ?? []) refs.delegation(d.code, d.name);

  const context: BodyContext = { rendition, refs, ids, names };
  const preamble = preambleXml(context);
  const mainBody = mainBodyXml(context);
  const conclusions = conclusionsXml(context);
  const meta = metaXml(rendition, refs);

  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<akomaNtoso${attributes({ xmlns: AKN_NAMESPACE })}>`,
    `<statement name="declaration"${attributes({ contains: isOriginal(rendition) ? 'originalVersion' : 'singleVersion' })}>`,
    meta,
    prefaceXml(rendition),
    preamble,
    mainBody,
    conclusions,
    '</statement>',
    '</akomaNtoso>',
  ]
    .filter(Boolean)
    .join('\n') + '\n';
}

/** Whether this is the Work's first Expression: the zero draft. */
function isOriginal(r: Rendition): boolean {
  return r.stage === 'revision' && r.revisionNumber === 0;
}

interface BodyContext {
  rendition: Rendition;
  refs: References;
  ids: Ids;
  names: Map<string, string>;
}

// ---- meta ------------------------------------------------------------------------------------------

/**
 * The FRBR names of one export. The Work is the text for its whole life, zero draft to adopted text,
 * so its name is built only from what never changes: the organisation (country and authority), the
 * day the document was created in its own time zone, and the document's id. Symbols can change (the
 * base symbol until the first revision, the final one at adoption), so they are aliases, never the
 * name. Each version is its own Expression: `<lang>@<date>;<version>`, the Akoma Ntoso naming
 * convention's "semicolon-separated version identifiers", the version being FRBRversionNumber, so
 * two revisions issued on one day, and a revision and the adoption on one day, stay apart.
 */
interface AknNames {
  work: string;
  workDate: string;
  expression: string;
  expressionDate: string;
  /** FRBRversionNumber: "rev.0" (the zero draft), "rev.2", "adopted", "live". */
  version: string;
  versionName: string;
  language: string;
  country: string;
  number: string;
}

/** A URI path segment from an identifier: letters, digits, "-" and "_" kept, anything else a "-". */
function segment(text: string, fallback: string): string {
  return text.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || fallback;
}

/** "2019-08-05T18:00:00+07:00": the instant on the venue's clock, as xsd:dateTime and the naming convention write it. */
function localDateTime(iso: string, timeZone: string): string {
  const parsed = new Date(iso);
  const instant = Number.isNaN(parsed.getTime()) ? new Date(0) : parsed;
  const w = wallClock(instant, timeZone);
  const offset = offsetMinutes(instant, timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  const sign = offset < 0 ? '-' : '+';
  return `${isoDay(instant.toISOString(), timeZone)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

function aknNames(r: Rendition): AknNames {
  const country = segment(r.organisation.toLowerCase(), 'un');
  const number = segment(r.documentId, 'nn');
  const workDate = isoDay(r.createdAt, r.timeZone);
  const work = `/akn/${country}/statement/declaration/${workDate}/${number}`;
  const language = threeLetterLanguage(r.language);
  let version: string;
  let versionName: string;
  let expressionDate: string;
  if (r.stage === 'adopted') {
    version = 'adopted';
    versionName = 'Adopted text';
    expressionDate = isoDay(r.adoption?.adoptedAt ?? r.date, r.timeZone);
  } else if (r.stage === 'revision') {
    const n = r.revisionNumber ?? 0;
    version = `rev.${n}`;
    versionName = n === 0 ? 'Zero draft' : `Rev.${n}`;
    expressionDate = isoDay(r.date, r.timeZone);
  } else {
    // The live draft changes by the keystroke: the moment of export, to the second, names what was exported.
    version = 'live';
    versionName = 'Live draft';
    expressionDate = localDateTime(r.date, r.timeZone);
  }
  return { work, workDate, expression: `${work}/${language}@${expressionDate};${version}`, expressionDate, version, versionName, language, country, number };
}

/** The TLCEvent id of an issued version of the text: zeroDraft, rev2. */
function versionEventId(event: LifecycleEvent): string {
  return event.number === null || event.number === 0 ? 'zeroDraft' : `rev${event.number}`;
}

function versionEventName(event: LifecycleEvent): string {
  return event.number === null || event.number === 0 ? 'Zero draft' : `Rev.${event.number}`;
}

/** A step of the procedure, as <workflow> records it. */
interface Step {
  event: LifecycleEvent;
  /** Who acted: the chair, a delegation, the adopting body. */
  by: string;
  /** What the step decided (a TLCConcept). */
  outcome: keyof typeof OUTCOMES;
  /** The process or event it belongs to. */
  refersTo: string;
}

/** The organisations Accord is used by, by the code a document names as its own. */
const ORGANISATIONS: Record<string, string> = {
  un: 'United Nations',
  asean: 'Association of Southeast Asian Nations',
  osce: 'Organization for Security and Co-operation in Europe',
};

const OUTCOMES = {
  underSilence: 'Circulated under silence procedure',
  silenceBroken: 'Silence broken',
  silenceWithdrawn: 'Withdrawn from silence procedure',
  adopted: 'Adopted',
} as const;

/**
 * What the export knows of the text's life. An issued revision's file stops at its own issue, so the
 * file of Rev.1 says the same thing whenever it is downloaded, before or after the adoption; the live
 * draft and the adopted text carry everything so far. The adoption is always there for an adopted text.
 */
function historyOf(r: Rendition): LifecycleEvent[] {
  let events = r.lifecycle;
  if (r.stage === 'revision') {
    const issued = r.lifecycle.find((e) => e.kind === 'revision' && e.number === r.revisionNumber);
    const until = issued?.date ?? r.date;
    events = events.filter((e) => (e.kind === 'revision' ? e.number !== null && e.number <= (r.revisionNumber ?? 0) : e.date < until));
  }
  if (r.adoption && !events.some((e) => e.kind === 'adoption')) {
    events = [...events, { kind: 'adoption', number: null, symbol: r.symbol, date: r.adoption.adoptedAt, note: r.adoption.body }];
  }
  return events;
}

function metaXml(r: Rendition, refs: References): string {
  const names = aknNames(r);
  const history = historyOf(r);
  // The final symbol is given at adoption: an issued revision's file, which never changes, predates it.
  const finalSymbol = r.stage === 'revision' ? null : r.finalSymbol;
  // The manifestation is this file, of this expression, in Akoma Ntoso XML.
  const manifestation = `${names.expression}.akn`;

  const out: string[] = ['<meta>', '<identification source="#accord">'];
  out.push(
    '<FRBRWork>',
    `<FRBRthis${attributes({ value: `${names.work}/!main` })}/>`,
    `<FRBRuri${attributes({ value: names.work })}/>`,
    `<FRBRalias${attributes({ value: r.baseSymbol, name: 'draftSymbol' })}/>`,
    finalSymbol ? `<FRBRalias${attributes({ value: finalSymbol, name: 'finalSymbol' })}/>` : '',
    `<FRBRdate${attributes({ date: names.workDate, name: 'creation' })}/>`,
    '<FRBRauthor href="#authority"/>',
    `<FRBRcountry${attributes({ value: names.country })}/>`,
    `<FRBRnumber${attributes({ value: names.number })}/>`,
    '<FRBRname value="declaration"/>',
    '</FRBRWork>',
    '<FRBRExpression>',
    `<FRBRthis${attributes({ value: `${names.expression}/!main` })}/>`,
    `<FRBRuri${attributes({ value: names.expression })}/>`,
    `<FRBRalias${attributes({ value: r.symbol, name: 'symbol' })}/>`,
    `<FRBRdate${attributes({ date: names.expressionDate, name: r.stage === 'adopted' ? 'adoption' : r.stage === 'revision' ? 'revision' : 'snapshot' })}/>`,
    '<FRBRauthor href="#author"/>',
    `<FRBRversionNumber${attributes({ value: names.version, showAs: names.versionName })}/>`,
    `<FRBRlanguage${attributes({ language: names.language })}/>`,
    '</FRBRExpression>',
    '<FRBRManifestation>',
    `<FRBRthis${attributes({ value: `${names.expression}/!main.akn` })}/>`,
    `<FRBRuri${attributes({ value: manifestation })}/>`,
    `<FRBRdate${attributes({ date: isoDay(r.date, r.timeZone), name: 'generation' })}/>`,
    '<FRBRauthor href="#accord"/>',
    '</FRBRManifestation>',
    '</identification>',
  );

  // The lifecycle lists the versions of the text, each an Expression: the first generates the Work,
  // every later one amends it. A document whose first revision is not a zero draft starts at its creation.
  const eventIds = new Ids();
  const versions = history.filter((e) => e.kind === 'revision').map((event) => ({ event, id: eventIds.claim(versionEventId(event)), name: versionEventName(event) }));
  if (!versions.some(({ event }) => event.number === 0)) {
    versions.unshift({ event: { kind: 'revision', number: null, symbol: r.baseSymbol, date: r.createdAt, note: null }, id: eventIds.claim('creation'), name: 'Creation' });
  }
  out.push('<lifecycle source="#accord">');
  versions.forEach(({ event, id }, i) => {
    out.push(`<eventRef${attributes({ eId: `evt_${i + 1}`, date: isoDay(event.date, r.timeZone), source: '#original', refersTo: `#${id}`, type: i === 0 ? 'generation' : 'amendment' })}/>`);
  });
  out.push('</lifecycle>');

  // The procedure around the text: silence started, broken or withdrawn, and the adoption. These
  // change no words, so they are workflow steps, each with who acted and what came of it.
  const steps: Step[] = [];
  for (const event of history) {
    if (event.kind === 'silenceStarted') steps.push({ event, by: refs.chair(), outcome: 'underSilence', refersTo: refs.silence() });
    else if (event.kind === 'silenceBroken') steps.push({ event, by: refs.delegation(event.delegation ?? null), outcome: 'silenceBroken', refersTo: refs.silence() });
    else if (event.kind === 'silenceWithdrawn') steps.push({ event, by: refs.chair(), outcome: 'silenceWithdrawn', refersTo: refs.silence() });
    else if (event.kind === 'adoption') steps.push({ event, by: '#author', outcome: 'adopted', refersTo: '#adoption' });
  }
  if (steps.length) {
    out.push('<workflow source="#accord">');
    steps.forEach((step, i) => {
      const attrs = attributes({ eId: `step_${i + 1}`, date: isoDay(step.event.date, r.timeZone), by: step.by, refersTo: step.refersTo, outcome: `#${step.outcome}` });
      // What was said (the statement breaking silence, the note withdrawing it) travels in our own namespace.
      const note = step.event.kind !== 'adoption' && step.event.note ? `<accord:statement${attributes({ 'xmlns:accord': ACCORD_NAMESPACE })}>${escapeXml(step.event.note)}</accord:statement>` : '';
      out.push(note ? `<step${attrs}>${note}</step>` : `<step${attrs}/>`);
    });
    out.push('</workflow>');
  }

  out.push('<references source="#accord">');
  out.push(`<original${attributes({ eId: 'original', href: `${names.work}/${names.language}@/!main`, showAs: r.title || r.baseSymbol })}/>`);
  out.push(`<TLCOrganization${attributes({ eId: 'authority', href: `/akn/ontology/organization/${names.country}`, showAs: ORGANISATIONS[names.country] ?? names.country.toUpperCase() })}/>`);
  for (const o of refs.organizations.values()) out.push(`<TLCOrganization${attributes({ eId: o.eId, href: o.href, showAs: o.showAs })}/>`);
  if (refs.hasChair) out.push('<TLCPerson eId="chair" href="/akn/ontology/person/accord/chair" showAs="Chair"/>');
  const venue = r.adoption?.venue ?? r.venue;
  if (venue) out.push(`<TLCLocation${attributes({ eId: 'venue', href: `/akn/ontology/location/accord/${idPart(venue)}`, showAs: venue })}/>`);
  for (const { event, id, name } of versions) {
    const showAs = event.note ? `${name}: ${event.symbol} (${event.note})` : `${name}: ${event.symbol}`;
    out.push(`<TLCEvent${attributes({ eId: id, href: `/akn/ontology/event/accord/${id}`, showAs })}/>`);
  }
  const adoption = history.find((e) => e.kind === 'adoption');
  if (adoption) {
    const showAs = adoption.note ? `Adoption: ${adoption.symbol} (${adoption.note})` : `Adoption: ${adoption.symbol}`;
    out.push(`<TLCEvent${attributes({ eId: 'adoption', href: '/akn/ontology/event/accord/adoption', showAs })}/>`);
  }
  if (refs.hasSilence) out.push('<TLCProcess eId="silenceProcedure" href="/akn/ontology/process/accord/silenceProcedure" showAs="Silence procedure"/>');
  for (const outcome of new Set(steps.map((s) => s.outcome))) {
    out.push(`<TLCConcept${attributes({ eId: outcome, href: `/akn/ontology/concept/accord/${outcome}`, showAs: OUTCOMES[outcome] })}/>`);
  }
  out.push('</references>');

  out.push(
    '<proprietary source="#accord">',
    `<accord:export${attributes({
      'xmlns:accord': ACCORD_NAMESPACE,
      documentId: r.documentId,
      symbol: r.symbol,
      draftSymbol: r.baseSymbol,
      finalSymbol,
      stage: r.stage,
      clean: String(r.clean),
      numbering: r.numbering,
      revision: r.revisionNumber,
      date: r.date,
      timeZone: r.timeZone,
      language: r.language,
      organisation: r.organisation,
      hash: r.adoption?.hash,
      hashAlgorithm: r.adoption ? 'sha256' : null,
    })}/>`,
    '</proprietary>',
  );
  out.push('</meta>');
  return out.filter(Boolean).join('\n');
}

// ---- text ------------------------------------------------------------------------------------------

function prefaceXml(r: Rendition): string {
  const stage = stageName(r);
  return [
    '<preface>',
    `<p class="symbol"><docNumber>${escapeXml(r.symbol)}</docNumber></p>`,
    `<p class="stage"><docStage>${escapeXml(stage)}</docStage>, <docDate${attributes({ date: isoDay(r.date, r.timeZone) })}>${escapeXml(longDate(r.date, r.timeZone))}</docDate></p>`,
    `<p class="title"><docTitle>${escapeXml(r.title)}</docTitle></p>`,
    '</preface>',
  ].join('\n');
}

function preambleXml(c: BodyContext): string {
  const { rendition } = c;
  const clauses = rendition.clauses.filter((cl) => cl.kind === 'preambular');
  const out: string[] = [];
  if (rendition.formula) out.push(`<formula name="enactingFormula"><p>${escapeXml(rendition.formula)}</p></formula>`);
  clauses.forEach((clause, i) => {
    const eId = c.ids.claim(`preamble__para_${rendition.clean ? i + 1 : idPart(suffixOf(clause.label))}`);
    const content = [`<p>${inlineAkn(clause.runs, c)}</p>`];
    if (clause.subclauses.length) {
      const list = `${eId}__list_1`;
      content.push(`<blockList${attributes({ eId: list })}>`);
      for (const sub of clause.subclauses) {
        content.push(`<item${attributes({ eId: c.ids.claim(`${list}__item_${idPart(sub.letter)}`) })}><num>${escapeXml(sub.letter)}</num><p>${inlineAkn(sub.runs, c)}</p></item>`);
      }
      content.push('</blockList>');
    }
    out.push(`<container name="preambularParagraph"${attributes({ eId })}>`);
    if (clause.marker) {
      out.push(`<blockContainer${attributes({ eId: `${eId}__blockContainer_1` })}><num>${escapeXml(clause.marker)}</num>`, ...content, '</blockContainer>');
    } else {
      out.push(...content);
    }
    out.push('</container>');
  });
  return out.length ? ['<preamble>', ...out, '</preamble>'].join('\n') : '';
}

function mainBodyXml(c: BodyContext): string {
  const { rendition } = c;
  const clauses = rendition.clauses.filter((cl) => cl.kind === 'operative');
  const out = ['<mainBody>'];
  clauses.forEach((clause, i) => {
    const eId = c.ids.claim(`para_${rendition.clean ? (clause.cleanNumber ?? i + 1) : idPart(suffixOf(clause.label))}`);
    out.push(`<paragraph${attributes({ eId })}>`);
    if (clause.marker) out.push(`<num>${escapeXml(clause.marker)}</num>`);
    if (clause.subclauses.length) {
      out.push(`<intro><p>${inlineAkn(clause.runs, c)}</p></intro>`);
      for (const sub of clause.subclauses) out.push(pointXml(eId, sub, c));
    } else {
      out.push(`<content><p>${inlineAkn(clause.runs, c)}</p></content>`);
    }
    out.push('</paragraph>');
  });
  // The main body may not be empty; a declaration without operative paragraphs still has one.
  if (!clauses.length) out.push('<p/>');
  out.push('</mainBody>');
  return out.join('\n');
}

function pointXml(paraId: string, sub: RenditionSubclause, c: BodyContext): string {
  const eId = c.ids.claim(`${paraId}__point_${idPart(sub.letter)}`);
  return `<point${attributes({ eId })}><num>${escapeXml(sub.letter)}</num><content><p>${inlineAkn(sub.runs, c)}</p></content></point>`;
}

function conclusionsXml(c: BodyContext): string {
  const { rendition, refs } = c;
  const adoption = rendition.adoption;
  if (!adoption) return '';
  const venue = adoption.venue ?? rendition.venue;
  let first = `Adopted on <date${attributes({ date: isoDay(adoption.adoptedAt, rendition.timeZone), refersTo: '#adoption' })}>${escapeXml(longDate(adoption.adoptedAt, rendition.timeZone))}</date>`;
  if (venue) first += ` at <location refersTo="#venue">${escapeXml(venue)}</location>`;
  if (adoption.body) first += ` by <organization refersTo="#author">${escapeXml(adoption.body)}</organization>`;
  const out = ['<conclusions>', `<p class="adoption">${first}.</p>`];
  if (adoption.delegations.length) {
    const list = adoption.delegations.map((d) => `<organization${attributes({ refersTo: refs.delegation(d.code, d.name) })}>${escapeXml(d.name)}</organization> (${escapeXml(d.code)})`);
    out.push(`<p class="delegations">Delegations: ${list.join(', ')}.</p>`);
  }
  const hashLine = adoptionLines(rendition).at(-1) ?? '';
  out.push(`<p class="integrity">${escapeXml(hashLine)}</p>`, '</conclusions>');
  return out.join('\n');
}

/** "OP4bis" -> "4bis", "OP4 alt2" -> "4 alt2": the label without its part prefix. */
function suffixOf(label: string): string {
  return label.replace(/^(PP|OP)/, '');
}

function inlineAkn(runs: readonly Run[], c: BodyContext): string {
  let out = '';
  for (const span of spansOf(runs)) {
    const inner = span.proposals.map((p) => proposalAkn(p, c)).join('');
    out += span.bracket ? `[${inner}]` : inner;
  }
  return out;
}

function proposalAkn(p: ProposalSpan, c: BodyContext): string {
  let xml = p.runs.map(runAkn).join('');
  if (p.deletion) xml = changeAkn('del', 'Proposed deletion', p.deletion, xml, c);
  if (p.insertion) xml = changeAkn('ins', 'Proposed insertion', p.insertion, xml, c);
  return xml;
}

function changeAkn(tag: 'ins' | 'del', what: string, a: Attribution, inner: string, c: BodyContext): string {
  const attrs = attributes({ class: 'proposal', refersTo: c.refs.delegation(a.delegation, a.delegation ? c.names.get(a.delegation) : undefined), title: `${what} by ${attributionText(a, c.rendition.timeZone)}` });
  return `<${tag}${attrs}>${inner}</${tag}>`;
}

function runAkn(run: Run): string {
  let xml = escapeXml(run.text);
  if (run.italic) xml = `<i>${xml}</i>`;
  if (run.bold) xml = `<b>${xml}</b>`;
  return xml;
}
