import { useEffect } from 'react';
import { CloseCode } from '../../shared/close-codes.js';
import { api, ApiRequestError } from '../api.js';
import { stopMessage, type DocumentConnection } from '../editor/connection.js';

/** Keeps the page honest with the server: a new role after 4509, and why connecting keeps failing. */
export function useDocumentWatch(connection: DocumentConnection | null, documentId: string, reload: () => void) {
  useEffect(() => {
    if (!connection) return;
    connection.onRoleChanged = reload;
    connection.onRepeatedFailure = () => {
      api.document(documentId).then(
        () => undefined,
        (error: unknown) => {
          if (!(error instanceof ApiRequestError)) return;
          // 401 is handled by the app (back to sign-in); these two mean the socket will never open.
          if (error.status === 403) connection.stop(CloseCode.accessRevoked, stopMessage(CloseCode.accessRevoked, ''));
          if (error.status === 404) connection.stop(CloseCode.documentUnavailable, 'This document no longer exists.');
        },
      );
    };
    return () => {
      connection.onRoleChanged = null;
      connection.onRepeatedFailure = null;
    };
  }, [connection, documentId, reload]);
}
