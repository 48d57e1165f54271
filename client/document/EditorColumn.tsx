import { memo, type ComponentProps } from 'react';
import type { ConnectionState, DocumentConnection } from '../editor/connection.js';
import { DeclarationEditor } from '../editor/DeclarationEditor.js';

type EditorProps = Omit<ComponentProps<typeof DeclarationEditor>, 'connection'>;

/**
 * The text: the editor once there is a text to show, else why there is none yet. Memoised: the page
 * re-renders for its header and panels, the editor only when its own props change.
 */
export const EditorColumn = memo(function EditorColumn({ connection, state, editor }: { connection: DocumentConnection | null; state: ConnectionState | null; editor: EditorProps }) {
  if (connection && state?.contentReady) return <DeclarationEditor connection={connection} {...editor} />;
  const status = state?.status ?? { kind: 'connecting' as const };
  return (
    <div className="paper-column">
      <div className="paper paper--loading" aria-busy="true">
        {status.kind === 'stopped' ? (
          <p>{status.message}</p>
        ) : status.kind === 'offline' ? (
          <p>This document has not been opened on this device before. It appears as soon as the connection returns.</p>
        ) : (
          <p>Loading the text…</p>
        )}
      </div>
    </div>
  );
});
