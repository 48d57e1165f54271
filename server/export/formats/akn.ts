import type { Attribution, LifecycleEvent, Rendition, RenditionSubclause, Run } from '../rendition.js';
import { spansOf, type ProposalSpan } from './spans.js';
import { adoptionLines, attributionText, isoDay, longDate, stageName, symbolStem } from './wording.js';
import { attributes, escapeXml } from './xml.js';

/**
 * Akoma Ntoso 3.0, modelled as the UN's AKN4UN guidelines model a resolution, with the document type
 * <statement name="declaration">: FRBR identification, the lifecycle (one eventRef per revision and
 * the adoption), the references those point to, then the preface (symbol, stage, title), the
 * preamble (formula and preambular paragraphs as containers) and the main body (operative
 * paragraphs, sub-paragraphs as points).
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
    `<statement name="declaration"${attributes({ contains: rendition.clean ? 'originalVersion' : 'singleVersion' })}>`,
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

interface BodyContext {
  rendition: Rendition;
  refs: References;
  ids: Ids;
  names: Map<string, string>;
}

// ---- meta ------------------------------------------------------------------------------------------

/** The TLCEvent id of a lifecycle event: zeroDraft, rev2, adoption. */
function eventId(event: LifecycleEvent): string {
  if (event.kind === 'adoption') return 'adoption';
  return event.number === null || event.number === 0 ? 'zeroDraft' : `rev${event.number}`;
}

function eventName(event: LifecycleEvent): string {
  if (event.kind === 'adoption') return 'Adoption';
  return event.number === null || event.number === 0 ? 'Zero draft' : `Rev.${event.number}`;
}

function metaXml(r: Rendition, refs: References): string {
  const first = r.lifecycle[0];
  const workDate = r.adoption ? isoDay(r.adoption.adoptedAt, r.timeZone) : isoDay(first?.date ?? r.date, r.timeZone);
  const workDateName = r.adoption ? 'adoption' : first ? eventId(first) : 'draft';
  const work = `/akn/un/statement/declaration/${workDate}/${symbolStem(r.baseSymbol)}`;
  const expressionDate = isoDay(r.date, r.timeZone);
  const expression = `${work}/eng@${expressionDate}`;
  const expressionDateName = r.stage === 'adopted' ? 'adoption' : r.stage === 'revision' ? 'revision' : 'snapshot';
  // The manifestation is this file, made now; the rendition's date is the moment of export for a live draft.
  const manifestationDate = isoDay(r.date, r.timeZone);

  const out: string[] = ['<meta>', '<identification source="#accord">'];
  out.push(
    '<FRBRWork>',
    `<FRBRthis${attributes({ value: `${work}/!main` })}/>`,
    `<FRBRuri${attributes({ value: work })}/>`,
    `<FRBRdate${attributes({ date: workDate, name: workDateName })}/>`,
    '<FRBRauthor href="#author"/>',
    '<FRBRcountry value="un"/>',
    `<FRBRnumber${attributes({ value: r.baseSymbol })}/>`,
    '<FRBRname value="declaration"/>',
    '</FRBRWork>',
    '<FRBRExpression>',
    `<FRBRthis${attributes({ value: `${expression}/!main` })}/>`,
    `<FRBRuri${attributes({ value: expression })}/>`,
    `<FRBRdate${attributes({ date: expressionDate, name: expressionDateName })}/>`,
    '<FRBRauthor href="#author"/>',
    '<FRBRlanguage language="eng"/>',
    '</FRBRExpression>',
    '<FRBRManifestation>',
    `<FRBRthis${attributes({ value: `${expression}/!main.akn` })}/>`,
    `<FRBRuri${attributes({ value: `${expression}.akn` })}/>`,
    `<FRBRdate${attributes({ date: manifestationDate, name: 'generation' })}/>`,
    '<FRBRauthor href="#accord"/>',
    '</FRBRManifestation>',
    '</identification>',
  );

  // One TLCEvent per kind of event; a second event of the same kind (two adoptions?) gets its own id.
  const eventIds = new Ids();
  const events = r.lifecycle.map((event) => ({ event, id: eventIds.claim(eventId(event)) }));
  if (events.length) {
    out.push('<lifecycle source="#accord">');
    events.forEach(({ event, id }, i) => {
      out.push(`<eventRef${attributes({ eId: `evt_${i + 1}`, date: isoDay(event.date, r.timeZone), source: '#original', refersTo: `#${id}`, type: i === 0 ? 'generation' : 'amendment' })}/>`);
    });
    out.push('</lifecycle>');
  }

  out.push('<references source="#accord">');
  out.push(`<original${attributes({ eId: 'original', href: `${work}/!main`, showAs: r.title || r.baseSymbol })}/>`);
  for (const o of refs.organizations.values()) out.push(`<TLCOrganization${attributes({ eId: o.eId, href: o.href, showAs: o.showAs })}/>`);
  const venue = r.adoption?.venue ?? r.venue;
  if (venue) out.push(`<TLCLocation${attributes({ eId: 'venue', href: `/akn/ontology/location/accord/${idPart(venue)}`, showAs: venue })}/>`);
  for (const { event, id } of events) {
    const showAs = event.note ? `${eventName(event)}: ${event.symbol} (${event.note})` : `${eventName(event)}: ${event.symbol}`;
    out.push(`<TLCEvent${attributes({ eId: id, href: `/akn/ontology/event/accord/${id}`, showAs })}/>`);
  }
  out.push('</references>');

  out.push(
    '<proprietary source="#accord">',
    `<accord:export${attributes({
      'xmlns:accord': ACCORD_NAMESPACE,
      documentId: r.documentId,
      symbol: r.symbol,
      stage: r.stage,
      clean: String(r.clean),
      numbering: r.numbering,
      revision: r.revisionNumber,
      date: r.date,
      hash: r.adoption?.hash,
      hashAlgorithm: r.adoption ? 'sha256' : null,
    })}/>`,
    '</proprietary>',
  );
  out.push('</meta>');
  return out.join('\n');
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
  let first = `Adopted on <date${attributes({ date: isoDay(adoption.adoptedAt, rendition.timeZone), refersTo: rendition.lifecycle.some((e) => e.kind === 'adoption') ? '#adoption' : null })}>${escapeXml(longDate(adoption.adoptedAt, rendition.timeZone))}</date>`;
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
