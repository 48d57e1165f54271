// Presenters live in server/presenters/; this re-export serves routes/me.ts until it imports them there.
export { presentDelegation, presentUser } from './presenters/people.js';
export { presentDocument } from './presenters/documents.js';
