import { describe, expect, it } from 'vitest';
import { EditorState, TextSelection } from '@tiptap/pm/state';
import * as Y from 'yjs';
import { ySyncPlugin, ySyncPluginKey } from '@tiptap/y-tiptap';
import { declarationJSON, type DeclarationDraft } from '../../shared/editor/content.js';
import { declarationSchema } from '../../shared/editor/index.js';
import { clausesOf } from '../../shared/editor/outline.js';
import { declarationFromYDoc, declarationUpdate, FRAGMENT } from '../../shared/editor/yjs.js';
import { localSyncable, localWork, syncChangedPartOnly, type LocalSyncBinding } from '../../client/editor/localChanges.js';

/**
 * The person's keystroke written into Yjs from the part typed in (localChanges.ts), with the real
 * binding: what Yjs holds afterwards is the editor's text, and changes it cannot take alone (two parts)
 * go through the binding's own comparison.
 */

function draft(size: number): DeclarationDraft {
  return {
    title: 'Declaration on Regional Cooperation',
    formula: 'We, the Ministers of the ASEAN Member States,',
    preambular: Array.from({ length: 10 }, (_, i) => ({ lead: 'Recalling', text: `the statement number ${i + 1} of the Ministers;` })),
    operative: Array.from({ length: size - 10 }, (_, i) => ({ lead: 'Encourage', text: `the Member States to act on matter ${i + 1};` })),
  };
}

/** The binding bound to a stand-in for the editor's view, and what its plugin does after a change. */
function boundEditor(ydoc: Y.Doc) {
  const fragment = ydoc.getXmlFragment(FRAGMENT);
  const view = {
    state: EditorState.create({ schema: declarationSchema, plugins: [ySyncPlugin(fragment)] }),
    dispatch(tr: ReturnType<EditorState['tr']['setMeta']>) {
      view.state = view.state.apply(tr);
    },
    hasFocus: () => false,
  };
  const binding: unknown = (ySyncPluginKey.getState(view.state) as { binding: unknown }).binding;
  if (!localSyncable(binding)) throw new Error('the binding no longer has what localChanges.ts wraps');
  (binding as unknown as { initView(v: unknown): void }).initView(view);
  (binding as unknown as { _forceRerender(): void })._forceRerender();
  syncChangedPartOnly(binding);
  const type = (binding as LocalSyncBinding).type;
  /** A local edit, then what the sync plugin's view does with it. */
  const edit = (change: (tr: EditorState['tr']) => void) => {
    const tr = view.state.tr;
    change(tr);
    view.dispatch(tr);
    ydoc.transact(() => (binding as LocalSyncBinding)._prosemirrorChanged(view.state.doc), ySyncPluginKey);
  };
  return { view, edit, type };
}

function setUp(size: number) {
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, declarationUpdate(declarationJSON(draft(size))));
  return { ydoc, ...boundEditor(ydoc) };
}

describe('a local keystroke written into Yjs', () => {
  it('goes into the part typed in, and Yjs holds the editor’s text', () => {
    const { ydoc, view, edit } = setUp(40);
    const partOnly = localWork.partOnly;
    for (const ch of 'abc') edit((tr) => tr.insertText(ch, clausesOf(view.state.doc)[25]!.pos + 3));
    expect(localWork.partOnly - partOnly).toBe(3);
    expect(declarationFromYDoc(ydoc).toJSON()).toEqual(view.state.doc.toJSON());
    // Another copy, from the updates, reads the same.
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(ydoc));
    expect(declarationFromYDoc(copy).textContent).toContain('cba'); // each typed at the same place
  });

  it('a paragraph added in a part is written from that part too; a change in two parts by the binding', () => {
    const { ydoc, view, edit } = setUp(20);
    const partOnly = localWork.partOnly;
    const whole = localWork.whole;
    edit((tr) => {
      const last = clausesOf(tr.doc).at(-1)!;
      tr.insert(last.pos + last.node.nodeSize, last.node.type.create({ id: 'c_new' }, last.node.firstChild!.type.create(null, declarationSchema.text('new words'))));
    });
    expect(localWork.partOnly - partOnly).toBe(1);
    expect(declarationFromYDoc(ydoc).toJSON()).toEqual(view.state.doc.toJSON());
    edit((tr) => {
      const clauses = clausesOf(tr.doc);
      // The later one first, so that the first position still holds.
      tr.insertText('Y', clauses[15]!.pos + 3);
      tr.insertText('X', clauses[2]!.pos + 3);
      tr.setSelection(TextSelection.create(tr.doc, 1));
    });
    expect(localWork.whole - whole).toBe(1);
    expect(declarationFromYDoc(ydoc).toJSON()).toEqual(view.state.doc.toJSON());
  });
});
