import type { Node as PMNode } from '@tiptap/pm/model';
import { getRelativeSelection, updateYFragment, ySyncPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';

/**
 * The person's own keystroke, written into Yjs at the cost of the part it changed. The binding
 * (y-tiptap) compares the whole new document with the Yjs one after each change: at the top it skips
 * the parts it knows unchanged (the same node as last time), but the part typed in (all operative
 * paragraphs, say) it compares deeply, paragraph by paragraph, every text read out of Yjs, before
 * going down into it, where it skips unchanged paragraphs again. When exactly one part changed,
 * this goes down into it at once, with the binding's own function; what it writes is what the
 * binding would have written (it would have gone into that part all the same). Any other change
 * (a part added or removed, two parts changed, nothing changed) goes through the binding as it is.
 */

export interface LocalSyncBinding {
  _prosemirrorChanged: (doc: PMNode) => void;
  doc: Y.Doc;
  type: Y.XmlFragment;
  mapping: Map<unknown, unknown>;
  prosemirrorView: { state: unknown } | null;
  beforeTransactionSelection: unknown;
}

/** How many local changes were written from their part alone (the tests count work, not time). */
export const localWork = { partOnly: 0, whole: 0 };

export function localSyncable(binding: unknown): binding is LocalSyncBinding {
  const b = binding as Partial<LocalSyncBinding> | null;
  return !!b && typeof b._prosemirrorChanged === 'function' && b.doc instanceof Y.Doc && b.type instanceof Y.XmlFragment && b.mapping instanceof Map;
}

/** The one top-level Yjs element whose node changed, with its new node, or null if not exactly one. */
function onlyChangedPart(binding: LocalSyncBinding, doc: PMNode): { y: Y.XmlElement; node: PMNode } | null {
  const yChildren = binding.type.toArray();
  if (yChildren.length !== doc.childCount) return null;
  let changed: { y: Y.XmlElement; node: PMNode } | null = null;
  for (let i = 0; i < yChildren.length; i++) {
    const y = yChildren[i];
    const node = doc.child(i);
    if (binding.mapping.get(y) === node) continue;
    if (changed || !(y instanceof Y.XmlElement) || y.nodeName !== node.type.name || node.isText) return null;
    changed = { y, node };
  }
  return changed;
}

const wrapped = new WeakSet<object>();

export function syncChangedPartOnly(binding: LocalSyncBinding): void {
  if (wrapped.has(binding)) return;
  wrapped.add(binding);
  const whole = binding._prosemirrorChanged.bind(binding);
  binding._prosemirrorChanged = (doc: PMNode) => {
    const part = onlyChangedPart(binding, doc);
    if (!part || !binding.prosemirrorView) {
      localWork.whole++;
      whole(doc);
      return;
    }
    localWork.partOnly++;
    // As the binding's own method does, with its comparison of the top level left out.
    binding.doc.transact(() => {
      binding.mapping.set(binding.type, doc);
      updateYFragment(binding.doc, part.y, part.node, binding as unknown as Parameters<typeof updateYFragment>[3]);
      binding.beforeTransactionSelection = getRelativeSelection(
        binding as unknown as Parameters<typeof getRelativeSelection>[0],
        binding.prosemirrorView!.state as Parameters<typeof getRelativeSelection>[1],
      );
    }, ySyncPluginKey);
  };
}
