import type { Db } from '../../db/index.js';
import type { DocumentRow } from '../../db/schema.js';
import { insertDocument } from '../../db/repos/documents.js';
import { appendUpdates } from '../../db/repos/updates.js';
import { timestamp } from '../../db/time.js';
import { skeletonJSON, type DeclarationDraft, declarationJSON } from '../../shared/editor/content.js';
import { declarationUpdate } from '../../shared/editor/yjs.js';
import type { NumberingStyle } from '../../shared/labels.js';
import { newId } from '../ids.js';

export interface NewDocumentInput {
  title: string;
  symbol?: string | null | undefined;
  venue?: string | null | undefined;
  startsOn?: string | null | undefined;
  endsOn?: string | null | undefined;
  numbering: NumberingStyle;
  timeZone?: string | undefined;
  language?: string | undefined;
  organisation?: string | undefined;
  createdBy: string;
  /** The text to start from; a skeleton (title, one empty PP, one empty OP) when absent. */
  draft?: DeclarationDraft;
}

/** Creates a document and its first text in one transaction: never a row without a text. */
export async function createDocument(db: Db, input: NewDocumentInput): Promise<DocumentRow> {
  const now = timestamp();
  const id = newId('doc');
  const json = input.draft ? declarationJSON(input.draft) : skeletonJSON(input.title);
  const update = declarationUpdate(json);
  return db.transaction().execute(async (trx) => {
    const row = await insertDocument(trx, {
      id,
      title: input.title,
      symbol: input.symbol || null,
      venue: input.venue || null,
      starts_on: input.startsOn ?? null,
      ends_on: input.endsOn ?? null,
      numbering: input.numbering,
      ...(input.timeZone ? { time_zone: input.timeZone } : {}),
      ...(input.language ? { language: input.language } : {}),
      ...(input.organisation ? { organisation: input.organisation } : {}),
      status: 'draft',
      created_by: input.createdBy,
      created_at: now,
      updated_at: now,
    });
    await appendUpdates(trx, id, [update]);
    return row;
  });
}
