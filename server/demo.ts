/**
 * `npm run demo`: fills an empty Accord database (the one the server uses, from DATABASE_URL) with a
 * demo workspace and prints the accounts to sign in with. It never touches a database that has users.
 */
import { loadConfig } from './config.js';
import { openDatabase } from '../db/index.js';
import { migrateToLatest } from '../db/migrator.js';
import { countUsers } from '../db/repos/users.js';
import { seedWorkspace } from './demo/seed.js';
import { demoReport } from './demo/report.js';
import { DEMO_PASSWORD } from './demo/workspace.js';
import { createDeps } from './app.js';
import { issueZeroDraft, stageAdoptedRecord } from './demo/record.js';

const config = loadConfig(process.env);
const db = openDatabase(config.databaseUrl);
const where = config.databaseUrl.replace(/:[^:@/]*@/, ':***@');

try {
  await migrateToLatest(db);
  const users = await countUsers(db);
  if (users > 0) {
    console.error(
      `Refusing to add the demo workspace: the database ${where} already has ${users} account${users === 1 ? '' : 's'}.\n` +
        'The demo only fills an empty database. Point DATABASE_URL at a new one, e.g.\n' +
        '  DATABASE_URL=file:data/demo.db npm run demo',
    );
    process.exitCode = 1;
  } else {
    // Revisions and adoption go through the same services as the chair's buttons.
    const deps = createDeps(db, config);
    const workspace = await seedWorkspace(db, DEMO_PASSWORD, { beforeNegotiation: (row, chair) => issueZeroDraft(deps, row, chair) });
    const adopted = workspace.documents.find((d) => d.document.key === 'PWG');
    const chair = workspace.accounts.find((a) => a.account.key === 'delegateIDN');
    if (adopted && chair) await stageAdoptedRecord(deps, adopted.row, chair.user);
    await deps.rooms.shutdown();
    const url = config.publicOrigin ?? `http://localhost:${config.port}`;
    console.log(demoReport(workspace, DEMO_PASSWORD, url));
    if (adopted) console.log('PWG went out as a zero draft and Rev.1 and was adopted in Jakarta on 22 March 2022: it is in the archive.');
    console.log(`(database: ${where})`);
  }
} catch (error) {
  console.error(`npm run demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
