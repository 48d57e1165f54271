import { EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import { declarationSchema, normalizeDeclaration, outdentSubclause } from '../../../shared/editor/index.ts';
import { declarationJSON } from '../../../shared/editor/content.ts';

// empty parts
const json = declarationJSON({ title: 'T', preambular: [], operative: [] });
const doc = declarationSchema.nodeFromJSON(json);
const st = EditorState.create({ doc });
const tr = normalizeDeclaration(st);
console.log(tr?.doc.toString());
try { tr?.doc.check(); console.log('ok'); } catch (e) { console.log('check failed', (e as Error).message); }

// outdent last subclause of last clause
const j2 = declarationJSON({ title: 'T', preambular: [{ text: 'p' }], operative: [{ text: 'Calls upon', subclauses: ['one', 'two'] }] });
const d2 = declarationSchema.nodeFromJSON(j2);
let pos = -1;
d2.descendants((n, p) => { if (n.type.name === 'subclause' && n.textContent === 'two') pos = p + 1; return true; });
const s2 = EditorState.create({ doc: d2, selection: TextSelection.create(d2, pos + 1) });
let out: Transaction | null = null;
try { outdentSubclause(s2, (t) => { out = t; }); console.log((out as Transaction | null)?.doc.toString(), (out as Transaction | null)?.selection.$from.parent.type.name, (out as Transaction | null)?.selection.$from.parent.textContent); } catch (e) { console.log('throws', (e as Error).message); }
// outdent first subclause when a clause follows
const j3 = declarationJSON({ title: 'T', preambular: [{ text: 'p' }], operative: [{ text: 'Calls upon', subclauses: ['one', 'two'] }, { text: 'next' }] });
const d3 = declarationSchema.nodeFromJSON(j3);
d3.descendants((n, p) => { if (n.type.name === 'subclause' && n.textContent === 'one') pos = p + 1; return true; });
const s3 = EditorState.create({ doc: d3, selection: TextSelection.create(d3, pos + 1) });
try { outdentSubclause(s3, (t) => { out = t; }); const o = out as Transaction | null; console.log(o?.doc.toString(), o?.selection.$from.parent.type.name, JSON.stringify(o?.selection.$from.parent.textContent), o?.selection.$from.parentOffset); } catch (e) { console.log('throws', (e as Error).message); }
