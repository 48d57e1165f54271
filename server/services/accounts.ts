import type { Db } from '../../db/index.js';
import type { UserRow } from '../../db/schema.js';
import type { z } from 'zod';
import type { signUpBody } from '../../shared/api/schemas.js';
import { hashPassword } from '../auth/passwords.js';
import { countUsers, findUserByEmail, insertUser } from '../../db/repos/users.js';
import { findOpenInvitation, useInvitation } from '../../db/repos/invitations.js';
import { sha256Hex } from '../../db/hash.js';
import { timestamp } from '../../db/time.js';
import { newId } from '../ids.js';
import { Conflict, Forbidden } from './errors.js';

/**
 * Creates an account: the first one becomes the secretariat; any other needs an open invitation for
 * its email, used up in the same transaction (so one invitation makes one account).
 */
export async function signUp(db: Db, body: z.infer<typeof signUpBody>): Promise<UserRow> {
  const passwordHash = await hashPassword(body.password);
  return db.transaction().execute(async (trx) => {
    const firstRun = (await countUsers(trx)) === 0;
    let delegationId: string | null = null;
    let workspaceRole: 'secretariat' | 'archivist' | null = firstRun ? 'secretariat' : null;
    if (!firstRun) {
      if (!body.invitation) throw new Forbidden('sign-up needs an invitation from the secretariat');
      const now = timestamp();
      const invitation = await findOpenInvitation(trx, sha256Hex(body.invitation), now);
      if (!invitation) throw new Forbidden('this invitation is unknown, used or expired');
      if (invitation.email !== body.email) throw new Forbidden('this invitation is for another email address');
      if (!(await useInvitation(trx, invitation.id, now))) throw new Forbidden('this invitation was just used');
      delegationId = invitation.delegation_id;
      workspaceRole = invitation.workspace_role;
    }
    if (await findUserByEmail(trx, body.email)) throw new Conflict('an account with this email exists');
    return insertUser(trx, {
      id: newId('u'),
      email: body.email,
      name: body.name,
      password_hash: passwordHash,
      delegation_id: delegationId,
      workspace_role: workspaceRole,
      created_at: timestamp(),
    });
  });
}
