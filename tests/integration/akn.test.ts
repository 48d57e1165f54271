import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import { TestServer } from '../helpers/server.js';
import { negotiation, type Negotiation } from '../helpers/api.js';
import { writeZeroDraft } from '../helpers/page.js';
import { aknSchemaErrors } from '../helpers/akn-schema.js';
import type { DocumentSummary } from '../../shared/api/types.js';
import type { ArchiveRecord } from '../../shared/api/record.js';

/**
 * Akoma Ntoso through the real export route, across a text's life: the zero draft and Rev.1 (issued
 * the same day), the live draft, a silence procedure withdrawn, and the adoption under a final symbol
 * in Ulaanbaatar. One Work throughout; one Expression per version; every file valid against the
 * OASIS schema.
 */

const AKN = 'http://docs.oasis-open.org/legaldocml/ns/akn/3.0';
const HOUR = 3600_000;

let server: TestServer;
let n: Negotiation;
let documentId: string;
let document: DocumentSummary;

/** The instant that is 00:30 in Ulaanbaatar (UTC+8, no daylight saving) the day after tomorrow, and that local day. */
function halfPastMidnightInUlaanbaatar(): { instant: string; localDay: string } {
  const now = new Date();
  const instant = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 16, 30));
  return { instant: instant.toISOString(), localDay: new Date(instant.getTime() + 8 * HOUR).toISOString().slice(0, 10) };
}

interface Exported {
  xml: string;
  meta: XmlElement;
  statement: XmlElement;
}

async function exportAkn(query = ''): Promise<Exported> {
  const res = await n.chair.api.request('GET', `/api/documents/${documentId}/export?format=akn${query}`);
  const xml = await res.text();
  expect(res.status, xml).toBe(200);
  expect(aknSchemaErrors(xml)).toEqual([]);
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, message) => void errors.push(`${level}: ${message}`) }).parseFromString(xml, 'text/xml');
  expect(errors).toEqual([]);
  const statement = doc.getElementsByTagNameNS(AKN, 'statement')[0]!;
  return { xml, statement, meta: statement.getElementsByTagNameNS(AKN, 'meta')[0]! };
}

function value(a: Exported, level: 'FRBRWork' | 'FRBRExpression', name: string, attribute = 'value'): string | null {
  const container = a.meta.getElementsByTagNameNS(AKN, level)[0]!;
  return container.getElementsByTagNameNS(AKN, name)[0]?.getAttribute(attribute) ?? null;
}

function all(a: Exported, name: string): XmlElement[] {
  return Array.from(a.meta.getElementsByTagNameNS(AKN, name));
}

beforeAll(async () => {
  server = await TestServer.start();
  n = await negotiation(server.url);
  document = (
    await n.secretariat.api.json<{ document: DocumentSummary }>(
      'POST',
      '/api/documents',
      { title: 'Joint Statement of the ASEAN Senior Officials Meeting on Transnational Crime', symbol: 'SOMTC/2019/L.1', venue: 'Ulaanbaatar', numbering: 'un', timeZone: 'Asia/Ulaanbaatar', organisation: 'asean', language: 'en' },
      201,
    )
  ).document;
  documentId = document.id;
  for (const [p, role] of [[n.chair, 'chair'], [n.mys, 'delegate'], [n.idn, 'delegate']] as const) {
    await n.secretariat.api.json('PUT', `/api/documents/${documentId}/members/${p.user.id}`, { role });
  }
  await writeZeroDraft(
    server,
    { ...n, documentId },
    {
      title: 'Joint Statement of the ASEAN Senior Officials Meeting on Transnational Crime',
      formula: 'We, the Heads of Delegation of the ASEAN Member States,',
      preambular: [{ lead: 'Recalling', text: 'the ASEAN Declaration on Transnational Crime adopted in Manila in 1997;' }],
      operative: [
        { lead: 'Agree', text: 'to strengthen cooperation in combating trafficking in persons;' },
        { lead: 'Task', text: 'the SOMTC to report on the implementation of this Statement;' },
      ],
    },
    'SOMTC to report',
  );
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe('Akoma Ntoso across the life of a text', () => {
  it('keeps one Work from the zero draft to the adopted text, and gives every version its own Expression', async () => {
    await n.chair.api.json('POST', `/api/documents/${documentId}/revisions`, { note: 'Zero draft' }, 201);
    await n.chair.api.json('POST', `/api/documents/${documentId}/revisions`, { note: 'after the first reading' }, 201);
    // Silence broken by Malaysia, then withdrawn by the chair: the procedure changes no words, so its
    // steps are workflow steps, not versions.
    const silence = () => n.chair.api.json('POST', `/api/documents/${documentId}/silence`, { deadline: new Date(Date.now() + HOUR).toISOString() }, 201);
    await silence();
    await n.mys.api.json('POST', `/api/documents/${documentId}/silence/break`, { statement: 'Malaysia needs to consult capital on OP2.' });
    await silence();
    await n.chair.api.json('POST', `/api/documents/${documentId}/silence/withdraw`, { note: 'one more reading' });

    const zeroBefore = await exportAkn('&revision=0');
    const rev1 = await exportAkn('&revision=1');
    const live = await exportAkn();

    const adoption = halfPastMidnightInUlaanbaatar();
    const { record } = await n.chair.api.json<{ record: ArchiveRecord }>('POST', `/api/documents/${documentId}/adopt`, {
      adoptedAt: adoption.instant,
      finalSymbol: 'SOMTC/2019/1',
      body: 'ASEAN Senior Officials Meeting on Transnational Crime',
    });
    expect(record.symbol).toBe('SOMTC/2019/1');
    const adopted = await exportAkn();
    const zeroAfter = await exportAkn('&revision=0');

    // One Work, named by the organisation, the day of creation in Ulaanbaatar and the document's id.
    const work = value(zeroBefore, 'FRBRWork', 'FRBRuri');
    expect(work).toMatch(new RegExp(`^/akn/asean/statement/declaration/\\d{4}-\\d{2}-\\d{2}/${documentId}$`));
    for (const a of [rev1, live, adopted, zeroAfter]) expect(value(a, 'FRBRWork', 'FRBRuri')).toBe(work);
    expect(value(adopted, 'FRBRWork', 'FRBRcountry')).toBe('asean');

    // Zero draft and Rev.1 were issued the same day, and still are two Expressions; so are the live
    // draft and the adopted text. A revision's file does not change when the text is later adopted.
    const expressions = [zeroBefore, rev1, live, adopted].map((a) => value(a, 'FRBRExpression', 'FRBRuri'));
    expect(new Set(expressions).size).toBe(4);
    expect(expressions[0]).toMatch(/\/eng@\d{4}-\d{2}-\d{2};rev\.0$/);
    expect(expressions[1]).toMatch(/\/eng@\d{4}-\d{2}-\d{2};rev\.1$/);
    expect(expressions[2]).toMatch(/\/eng@\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00;live$/);
    expect(expressions[3]).toBe(`${work}/eng@${adoption.localDay};adopted`);
    expect(zeroAfter.xml).toBe(zeroBefore.xml);
    expect(value(adopted, 'FRBRExpression', 'FRBRlanguage', 'language')).toBe('eng');

    // The adopted text bears its final symbol, and keeps the draft symbol as an alias.
    expect(adopted.statement.getElementsByTagNameNS(AKN, 'docNumber')[0]?.textContent).toBe('SOMTC/2019/1');
    const aliases = Object.fromEntries(all(adopted, 'FRBRalias').map((e) => [e.getAttribute('name'), e.getAttribute('value')]));
    expect(aliases).toEqual({ draftSymbol: 'SOMTC/2019/L.1', finalSymbol: 'SOMTC/2019/1', symbol: 'SOMTC/2019/1' });

    // The versions are the lifecycle; the silence procedure and the adoption are the workflow, dated on
    // the venue's day: 00:30 in Ulaanbaatar is that day, not the day before as in UTC.
    expect(all(adopted, 'eventRef').map((e) => [e.getAttribute('refersTo'), e.getAttribute('type')])).toEqual([
      ['#zeroDraft', 'generation'],
      ['#rev1', 'amendment'],
    ]);
    expect(all(adopted, 'step').map((e) => [e.getAttribute('by'), e.getAttribute('outcome'), e.textContent])).toEqual([
      ['#chair', '#underSilence', ''],
      ['#delegation_mys', '#silenceBroken', 'Malaysia needs to consult capital on OP2.'],
      ['#chair', '#underSilence', ''],
      ['#chair', '#silenceWithdrawn', 'one more reading'],
      ['#author', '#adopted', ''],
    ]);
    const malaysia = all(adopted, 'TLCOrganization').find((e) => e.getAttribute('eId') === 'delegation_mys');
    expect(malaysia?.getAttribute('showAs')).toBe('Malaysia');
    expect(all(adopted, 'step').at(-1)?.getAttribute('date')).toBe(adoption.localDay);
    expect(value(adopted, 'FRBRExpression', 'FRBRdate', 'date')).toBe(adoption.localDay);
  });
});
