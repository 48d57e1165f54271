import type { Db } from '../../db/index.js';
import type { DelegationRow, DocumentRow, UserRow } from '../../db/schema.js';
import { insertDelegation } from '../../db/repos/delegations.js';
import { insertUser } from '../../db/repos/users.js';
import { upsertMember } from '../../db/repos/documents.js';
import { timestamp } from '../../db/time.js';
import { hashPassword } from '../auth/passwords.js';
import { createDocument } from '../services/documents.js';
import { newId } from '../ids.js';
import { stageNegotiation } from './negotiation.js';
import type { DocumentRole } from '../../shared/api/schemas.js';
import {
  CREATED_BY,
  accounts,
  delegations,
  documents,
  type AccountKey,
  type DelegationCode,
  type DemoAccount,
  type DemoDocument,
} from './workspace.js';

export interface SeededAccount {
  account: DemoAccount;
  user: UserRow;
  delegation: DelegationRow | null;
  /** The role this person holds in each demo document they are a member of, by document key. */
  roles: Array<{ document: string; role: DocumentRole }>;
}

export interface SeededDocument {
  document: DemoDocument;
  row: DocumentRow;
}

export interface SeededWorkspace {
  accounts: SeededAccount[];
  documents: SeededDocument[];
}

/**
 * Writes the demo workspace through the same repos and services the API uses, so the rows are
 * exactly what the secretariat would have made by hand. The caller checks the database is empty.
 */
export interface SeedOptions {
  /** Runs on the main document's zero draft, before the negotiation is staged on it (e.g. to issue it). */
  beforeNegotiation?: (document: DocumentRow, chair: UserRow) => Promise<void>;
}

export async function seedWorkspace(db: Db, password: string, options: SeedOptions = {}): Promise<SeededWorkspace> {
  const byCode = new Map<DelegationCode, DelegationRow>();
  for (const d of delegations) {
    byCode.set(d.code, await insertDelegation(db, { id: newId('d'), code: d.code, name: d.name, color: d.color, created_at: timestamp() }));
  }

  // argon2 is the slow part: hash every account's password (each with its own salt) before writing any.
  const hashes = await Promise.all(accounts.map(() => hashPassword(password)));
  const users = new Map<AccountKey, SeededAccount>();
  for (const [i, account] of accounts.entries()) {
    const delegation = account.delegation ? byCode.get(account.delegation) ?? null : null;
    const user = await insertUser(db, {
      id: newId('u'),
      email: account.email.toLowerCase(),
      name: account.name,
      password_hash: hashes[i]!,
      delegation_id: delegation?.id ?? null,
      workspace_role: account.workspaceRole,
      created_at: timestamp(),
    });
    users.set(account.key, { account, user, delegation, roles: [] });
  }

  const seeded: SeededDocument[] = [];
  for (const document of documents) {
    const row = await createDocument(db, {
      title: document.title,
      symbol: document.symbol,
      venue: document.venue,
      startsOn: document.startsOn,
      endsOn: document.endsOn,
      numbering: document.numbering,
      timeZone: document.timeZone,
      organisation: document.organisation,
      createdBy: accountOf(users, CREATED_BY).user.id,
      draft: document.draft,
    });
    for (const member of document.members) {
      const seededAccount = accountOf(users, member.account);
      await upsertMember(db, { document_id: row.id, user_id: seededAccount.user.id, role: member.role, added_at: timestamp() });
      seededAccount.roles.push({ document: document.key, role: member.role });
    }
    seeded.push({ document, row });
  }

  // The main document in mid-negotiation: statuses, threads, an amendment, brackets.
  const main = seeded.find((d) => d.document.key === 'WPS');
  if (main) {
    const cast = (key: AccountKey) => {
      const a = accountOf(users, key);
      return { user: a.user, delegation: a.delegation };
    };
    await options.beforeNegotiation?.(main.row, accountOf(users, 'chairPHL').user);
    await stageNegotiation(db, main.row, { chair: cast('chairPHL'), mys: cast('delegateMYS'), idn: cast('delegateIDN'), tha: cast('delegateTHA') });
  }

  return { accounts: [...users.values()], documents: seeded };
}

function accountOf(users: Map<AccountKey, SeededAccount>, key: AccountKey): SeededAccount {
  const found = users.get(key);
  if (!found) throw new Error(`demo workspace: no account ${key}`);
  return found;
}
