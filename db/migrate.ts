import { loadConfig } from '../server/config.js';
import { openDatabase } from './index.js';
import { migrateToLatest } from './migrator.js';

const config = loadConfig(process.env);
const db = openDatabase(config.databaseUrl);
const applied = await migrateToLatest(db);
console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
await db.destroy();
