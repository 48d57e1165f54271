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
    const workspace = await seedWorkspace(db, DEMO_PASSWORD);
    const url = config.publicOrigin ?? `http://localhost:${config.port}`;
    console.log(demoReport(workspace, DEMO_PASSWORD, url));
    console.log(`(database: ${where})`);
  }
} catch (error) {
  console.error(`npm run demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
