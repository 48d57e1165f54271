import type { DocumentRole } from '../../shared/api/index.js';

/** What a change of membership did, as the confirmation under the form says it. */

const AS: Record<DocumentRole, string> = { chair: 'the chair', delegate: 'a delegate', observer: 'an observer' };

function who(person: { name: string; delegation: { code: string } | null }): string {
  return person.delegation ? `${person.name} (${person.delegation.code})` : person.name;
}

export function addedMessage(person: { name: string; delegation: { code: string } | null }, role: DocumentRole): string {
  return `Added ${who(person)} as ${AS[role]}.`;
}

export function roleChangedMessage(person: { name: string; delegation: { code: string } | null }, role: DocumentRole): string {
  return `${who(person)} is now ${AS[role]}.`;
}

export function removedMessage(person: { name: string; delegation: { code: string } | null }): string {
  return `Removed ${who(person)} from the document.`;
}
