import type { Rendition, RenditionClause } from '../rendition.js';

/**
 * The JSON export, version 1: `{"format": "accord-declaration", "version": 1, "declaration": ...}`,
 * where the declaration is the Rendition every format renders (server/export/rendition.ts):
 *
 * - identity and setting: documentId, symbol, baseSymbol, finalSymbol (null until adopted), createdAt,
 *   language (BCP 47), direction ("ltr" | "rtl"), timeZone (IANA; every date in the other formats is
 *   shown in it, while JSON keeps ISO timestamps in UTC), organisation, numbering, venue;
 * - what is exported: stage ("live" | "revision" | "adopted"), clean, revisionNumber, date, lifecycle,
 *   adoption (null, or the record with its SHA-256 `hash` of the canonical text);
 * - title, formula, clauses: each {id, kind, label, cleanNumber, marker, alternativeOf, runs,
 *   subclauses: [{id, letter, label, runs}]}; a run is {text, italic?, bold?, bracket?, insertion?,
 *   deletion?}.
 *
 * A draft (clean: false) also carries the negotiation, in every clause, always present:
 * - status: "open" | "adRef" | "agreed";
 * - proposal: null, or a whole-paragraph proposal {kind: "insertion" (a new paragraph) | "deletion"
 *   (of the paragraph), by: Attribution}, whose runs carry the same attribution;
 * - threads: open ones first, each {id, status: "open" | "resolved", quote: null | {text, start, end}
 *   (offsets into the clause's runs' text joined), resolutionNote, comments: [{author, delegation,
 *   at, body}]};
 * and an Attribution (a run's insertion or deletion, a proposal's `by`) is {amendmentId, delegation
 * (null for the secretariat), author, at, supporters: [codes], opponents: [codes]}.
 *
 * The adopted text (clean: true) carries none of it: its clauses have no status, proposal or threads
 * keys, and its runs no bracket, insertion or deletion. Fields are only ever added within a version.
 */
export interface DeclarationJSON {
  format: 'accord-declaration';
  version: 1;
  declaration: Rendition | CleanDeclarationJSON;
}

/** A clause of the adopted text: its words and numbers, nothing of the negotiation. */
export type CleanClauseJSON = Omit<RenditionClause, 'status' | 'proposal' | 'threads'>;

export type CleanDeclarationJSON = Omit<Rendition, 'clauses'> & { clauses: CleanClauseJSON[] };

/** The rendition itself, pretty-printed inside a small envelope that names the format. */
export function renderJson(rendition: Rendition): string {
  const envelope: DeclarationJSON = { format: 'accord-declaration', version: 1, declaration: rendition.clean ? cleanDeclaration(rendition) : rendition };
  return JSON.stringify(envelope, null, 2) + '\n';
}

/** The adopted text without the (empty) negotiation fields a draft's clauses carry. */
function cleanDeclaration(rendition: Rendition): CleanDeclarationJSON {
  return {
    ...rendition,
    clauses: rendition.clauses.map(({ status: _status, proposal: _proposal, threads: _threads, ...clause }) => clause),
  };
}
