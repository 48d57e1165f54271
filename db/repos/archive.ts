import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../index.js';
import { isPostgres } from '../dialect.js';
import { sha256Hex } from '../hash.js';
import type { Insertable } from 'kysely';
import type { ArchiveDelegationTable, ArchiveRecordRow, ArchiveRecordTable } from '../schema.js';
import { storableJson, storableNullable, storableText } from '../../shared/text.js';

/**
 * The archive of adopted texts and its full-text search: SQLite FTS5 (the archive_search table) or
 * PostgreSQL full-text search (a generated tsvector on archive_records, in the accord_search
 * configuration), behind one interface. Both fold diacritics, so "Viet Nam" finds "Việt Nam" and the
 * other way round, and both index the final and the draft symbol (see the archive-search migration).
 */

/**
 * Files an adopted text. Its text comes from the document, where a client may have put a NUL or a
 * lone surrogate: stored as storableText makes it, so adoption never fails on it, and hashed as
 * stored, so the hash is always of the text the archive holds.
 */
export async function insertArchiveRecord(db: Db, record: Omit<Insertable<ArchiveRecordTable>, 'text_hash'>, delegations: ArchiveDelegationTable[]): Promise<Insertable<ArchiveRecordTable>> {
  const finalText = storableText(record.final_text);
  const stored: Insertable<ArchiveRecordTable> = {
    ...record,
    title: storableText(record.title),
    symbol: storableText(record.symbol),
    draft_symbol: record.draft_symbol ? storableText(record.draft_symbol) : null,
    venue: storableNullable(record.venue ?? null),
    body: storableNullable(record.body ?? null),
    final_text: finalText,
    text_hash: sha256Hex(finalText),
    content: storableJson(record.content),
  };
  await db.insertInto('archive_records').values(stored).execute();
  if (delegations.length) await db.insertInto('archive_delegations').values(delegations).execute();
  if (!isPostgres(db)) {
    await sql`insert into archive_search (document_id, title, body, symbols) values (${stored.document_id}, ${stored.title}, ${stored.final_text}, ${searchableSymbols(stored)})`.execute(db);
  }
  return stored;
}

/** Both symbols of a record, as the search index holds them (PostgreSQL builds the same in its generated column). */
function searchableSymbols(record: Pick<Insertable<ArchiveRecordTable>, 'symbol' | 'draft_symbol'>): string {
  return `${record.symbol} ${record.draft_symbol ?? ''}`;
}

export function findArchiveRecord(db: Db, documentId: string): Promise<ArchiveRecordRow | undefined> {
  return db
    .selectFrom('archive_records')
    .select(['document_id', 'title', 'symbol', 'venue', 'body', 'adopted_at', 'year', 'adopted_by', 'via', 'numbering', 'text_hash', 'final_text', 'content', 'recorded_at', 'draft_symbol', 'time_zone', 'language'])
    .where('document_id', '=', documentId)
    .executeTakeFirst();
}

export function listArchiveDelegations(db: Db, documentId: string) {
  return db.selectFrom('archive_delegations').select(['code', 'name']).where('document_id', '=', documentId).orderBy('code').execute();
}

export interface ArchiveSearch {
  /** Words and "quoted phrases"; all must match. */
  q?: string | undefined;
  year?: number | undefined;
  /** Part of the venue's name, any case. */
  venue?: string | undefined;
  /** A participating delegation's code. */
  delegation?: string | undefined;
  /** Only these documents (a member's own); undefined for every adopted text. */
  documentIds?: readonly string[] | undefined;
  limit?: number;
}

export interface ArchiveHit {
  document_id: string;
  title: string;
  /** The symbol the text was adopted under, and the draft symbol when it differs. */
  symbol: string;
  draft_symbol: string | null;
  /** The venue's time zone, in which adopted_at is shown. */
  time_zone: string;
  venue: string | null;
  adopted_at: string;
  /** The matched passage, with matches between \u0002 and \u0003. */
  snippet: string;
}

export const MARK_START = '\u0002';
export const MARK_END = '\u0003';

/** Words as a person types them: letters with their marks (a decomposed "Việt" is one word), digits. */
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** An FTS5 query from what a person typed: every word (as a prefix) and "phrase" must match. */
export function fts5Query(q: string): string | null {
  const parts: string[] = [];
  const phrase = /"([^"]*)"/g;
  const text = q.normalize('NFC');
  for (const match of text.matchAll(phrase)) {
    const words = match[1]!.match(WORD);
    if (words?.length) parts.push(`"${words.join(' ')}"`);
  }
  for (const word of text.replace(phrase, ' ').match(WORD) ?? []) parts.push(`"${word}"*`);
  return parts.length ? parts.join(' AND ') : null;
}

function filters(search: ArchiveSearch): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [];
  if (search.year !== undefined) where.push(sql`r.year = ${search.year}`);
  if (search.venue) where.push(sql`lower(coalesce(r.venue, '')) like ${`%${search.venue.toLowerCase().replace(/[%_\\]/g, (m) => `\\${m}`)}%`} escape '\\'`);
  if (search.delegation) where.push(sql`exists (select 1 from archive_delegations d where d.document_id = r.document_id and d.code = ${search.delegation})`);
  if (search.documentIds) {
    where.push(search.documentIds.length ? sql`r.document_id in (${sql.join(search.documentIds.map((id) => sql`${id}`))})` : sql`1 = 0`);
  }
  return where;
}

const and = (extra: RawBuilder<unknown>[]) => (extra.length ? sql`and ${sql.join(extra, sql` and `)}` : sql``);

/**
 * The records whose final or draft symbol is what was typed (any case, quotes around it ignored): a
 * text adopted as SOMTC/2019/1 is found as SOMTC/2019/L.1 too, which is how it was known for months.
 */
async function symbolHits(db: Db, q: string, where: RawBuilder<unknown>[], limit: number): Promise<ArchiveHit[]> {
  const symbol = q.replace(/^"(.*)"$/s, '$1').trim();
  if (!symbol) return [];
  const rows = await sql<ArchiveHit>`
    select r.document_id, r.title, r.symbol, r.draft_symbol, r.time_zone, r.venue, r.adopted_at, substr(r.final_text, 1, 240) as snippet
    from archive_records r
    where (lower(r.symbol) = lower(${symbol}) or lower(coalesce(r.draft_symbol, '')) = lower(${symbol})) ${and(where)}
    order by r.adopted_at desc limit ${limit}`.execute(db);
  return rows.rows;
}

async function textHits(db: Db, q: string, where: RawBuilder<unknown>[], limit: number): Promise<ArchiveHit[]> {
  if (isPostgres(db)) {
    // accord_search unaccents the query as it did the text; ts_headline reads the text as written,
    // so a match on "Viet" is marked on "Việt".
    const options = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
    const rows = await sql<ArchiveHit>`
      select r.document_id, r.title, r.symbol, r.draft_symbol, r.time_zone, r.venue, r.adopted_at,
        ts_headline('accord_search', r.final_text, websearch_to_tsquery('accord_search', ${q}), ${options}) as snippet
      from archive_records r
      where r.search @@ websearch_to_tsquery('accord_search', ${q}) ${and(where)}
      order by ts_rank(r.search, websearch_to_tsquery('accord_search', ${q})) desc, r.adopted_at desc
      limit ${limit}`.execute(db);
    return rows.rows;
  }
  const match = fts5Query(q);
  if (!match) return [];
  const rows = await sql<ArchiveHit>`
    select r.document_id, r.title, r.symbol, r.draft_symbol, r.time_zone, r.venue, r.adopted_at,
      snippet(archive_search, 2, ${MARK_START}, ${MARK_END}, '…', 24) as snippet
    from archive_search join archive_records r on r.document_id = archive_search.document_id
    where archive_search match ${match} ${and(where)}
    order by bm25(archive_search, 0.0, 10.0, 1.0, 10.0), r.adopted_at desc
    limit ${limit}`.execute(db);
  return rows.rows;
}

export async function searchArchive(db: Db, search: ArchiveSearch): Promise<ArchiveHit[]> {
  const limit = search.limit ?? 50;
  const where = filters(search);
  const q = search.q?.trim() ? search.q.trim().normalize('NFC') : null;

  if (!q) {
    const rows = await sql<ArchiveHit>`
      select r.document_id, r.title, r.symbol, r.draft_symbol, r.time_zone, r.venue, r.adopted_at, substr(r.final_text, 1, 240) as snippet
      from archive_records r where 1 = 1 ${and(where)}
      order by r.adopted_at desc limit ${limit}`.execute(db);
    return rows.rows;
  }
  // A record named by its symbol comes first; then what the words find, each record once.
  const bySymbol = await symbolHits(db, q, where, limit);
  const byText = await textHits(db, q, where, limit);
  const seen = new Set(bySymbol.map((h) => h.document_id));
  return [...bySymbol, ...byText.filter((h) => !seen.has(h.document_id))].slice(0, limit);
}
