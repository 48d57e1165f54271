import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../dialect.js';

// Frozen once landed: change the schema with a new migration, never by editing this one.
// Archive search folds diacritics, both ways ("Viet Nam" finds "Việt Nam", "Việt Nam" finds "Viet Nam"),
// and indexes both symbols of a record, the final one and the draft one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    // unaccent is a trusted extension (PostgreSQL 13+): a database owner may create it, no superuser needed.
    await sql`create extension if not exists unaccent`.execute(db);
    const { rows } = await sql<{ schema: string }>`select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'unaccent'`.execute(db);
    const schema = rows[0]?.schema ?? 'public';

    // A text search configuration that unaccents words before stemming them. Unlike unaccenting the
    // text itself, it leaves the text as written: ts_headline then marks "Việt" in the original for
    // the query "Viet". to_tsvector with a fixed configuration is immutable, as a generated column needs.
    await sql`alter table archive_records drop column if exists search`.execute(db);
    await sql`drop text search configuration if exists accord_search`.execute(db);
    await sql`create text search configuration accord_search (copy = english)`.execute(db);
    await sql`alter text search configuration accord_search alter mapping for hword, hword_part, word with ${sql.id(schema, 'unaccent')}, english_stem`.execute(db);
    await sql`alter table archive_records add column search tsvector generated always as (
      setweight(to_tsvector('accord_search', coalesce(title, '')), 'A')
      || setweight(to_tsvector('accord_search', symbol || ' ' || coalesce(draft_symbol, '')), 'A')
      || setweight(to_tsvector('accord_search', final_text), 'B')
    ) stored`.execute(db);
    await sql`create index archive_records_search on archive_records using gin (search)`.execute(db);
    return;
  }

  // SQLite: FTS5's unicode61 tokenizer folds diacritics ("remove_diacritics 2" also folds letters that
  // carry several, as Vietnamese does) in the index and in the query alike; snippets show the text as
  // written. The table is rebuilt from the records, which hold everything it indexes. Dropping first
  // lets a migration interrupted half-way (SQLite runs it outside a transaction) run again.
  await sql`drop table if exists archive_search`.execute(db);
  await sql`create virtual table archive_search using fts5(document_id unindexed, title, body, symbols, tokenize = 'porter unicode61 remove_diacritics 2')`.execute(db);
  await sql`insert into archive_search (document_id, title, body, symbols)
    select document_id, title, final_text, symbol || ' ' || coalesce(draft_symbol, '') from archive_records`.execute(db);
}
