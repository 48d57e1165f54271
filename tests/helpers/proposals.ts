import { randomUUID } from 'node:crypto';
import type { Negotiation, Person } from './api.js';
import { clauseText, collabClient, plainText, syncRoundTrip } from './collab.js';
import { storedText } from './page.js';
import type { TestServer } from './server.js';

/**
 * A delegate proposes, over the collaboration socket as their own editor would: `oldWord` in the
 * `index`th operative paragraph struck and `newWord` inserted after it, both one amendment of theirs.
 * Waits until the server has stored it.
 */
export async function proposeReplacement(server: TestServer, n: Negotiation, who: Person, index: number, oldWord: string, newWord: string): Promise<string> {
  const client = collabClient(server.wsUrl, n.documentId, who.api.cookie, server.origin);
  await client.synced();
  const amendmentId = `a_${randomUUID()}`;
  const attrs = {
    amendmentId,
    delegationCode: who.delegation?.code ?? null,
    color: who.delegation?.color ?? '#5b6470',
    authorId: who.user.id,
    authorName: who.user.name,
    at: new Date().toISOString(),
  };
  const text = clauseText(client.doc, 'operative', index);
  const at = plainText(text).indexOf(oldWord);
  if (at < 0) throw new Error(`no "${oldWord}" in OP${index + 1}`);
  client.doc.transact(() => {
    text.format(at, oldWord.length, { deletion: attrs });
    text.insert(at + oldWord.length, newWord, { insertion: attrs });
  });
  await syncRoundTrip(client);
  for (let i = 0; i < 200 && !(await storedText(n)).includes(`{+${newWord}+}`); i++) await new Promise((r) => setTimeout(r, 50));
  client.destroy();
  if (!(await storedText(n)).includes(`{+${newWord}+}`)) throw new Error(`the server did not keep ${who.delegation?.code}'s proposal`);
  return amendmentId;
}

/** Whether the page scrolls sideways: the document wider than its window. */
export function scrollsSideways(): boolean {
  const root = document.documentElement;
  return root.scrollWidth !== root.clientWidth;
}
