import type { DeclarationDraft } from '../editor/content.js';

/** The import of a declaration from Word: what the server reads from the file and answers as a preview. */

export interface ImportedChange {
  /** The key the marked runs name it by. */
  id: string;
  /** The author as Word records it: "MYS — Delegate of Malaysia" (Accord's own export), "Aisyah Rahman". */
  author: string;
  /** The delegation code the author begins with, as Accord writes it ("MYS — ..."), when it does. */
  delegation: string | null;
  /** When it was made (ISO), when the file says. */
  at: string | null;
  kind: 'insert' | 'delete' | 'replace';
  inserted: string;
  deleted: string;
  /** The paragraph it stands in, by the label it will have ("OP4bis", "OP2(a)"). */
  label: string;
  /** A whole paragraph proposed, or proposed for deletion. */
  paragraph: boolean;
}

/** What the file holds, as a declaration draft, plus what the reader had to guess. */
export interface ImportPreview extends Omit<DeclarationDraft, 'proposals'> {
  /** The opening formula ("We, the Ministers ..."), '' when there is none. */
  formula: string;
  /** A document symbol found in the page header or the first lines ("SOMTC/2019/L.1"), to offer as the document's. */
  symbol: string | null;
  /** Tracked changes, grouped into the proposals they would make; empty for a clean file. */
  changes: ImportedChange[];
  /** The file is Accord's own export (a draft or an adopted text), recognised by its styles or its stage line. */
  accordExport: boolean;
  /** One sentence per guess or omission, naming the paragraph ("Paragraph 7 ...") as counted in the file. */
  warnings: string[];
}
