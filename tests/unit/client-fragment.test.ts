import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FRAGMENT as SHARED_FRAGMENT, declarationUpdate } from '../../shared/editor/yjs.js';
import { FRAGMENT as CONNECTION_FRAGMENT } from '../../shared/editor/fragment.js';

describe("the connection's fragment name", () => {
  it('is the one the shared schema writes the declaration into', () => {
    expect(CONNECTION_FRAGMENT).toBe(SHARED_FRAGMENT);
    // What the connection checks to call a device's copy a text: the fragment the schema fills.
    const doc = new Y.Doc();
    expect(doc.getXmlFragment(CONNECTION_FRAGMENT).length).toBe(0);
    Y.applyUpdate(doc, declarationUpdate({ type: 'doc', content: [{ type: 'title', content: [{ type: 'text', text: 'A declaration' }] }] }));
    expect(doc.getXmlFragment(CONNECTION_FRAGMENT).length).toBeGreaterThan(0);
    doc.destroy();
  });
});
