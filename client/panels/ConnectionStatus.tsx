import type { ConnectionStatus as Status } from '../editor/connection.js';

const TEXT: Record<Exclude<Status['kind'], 'stopped'>, string> = {
  connecting: 'Connecting…',
  syncing: 'Syncing…',
  saved: 'Connected · saved',
  offline: 'Offline — your edits are kept on this device and will merge when the connection returns',
};

export function connectionText(status: Status): string {
  return status.kind === 'stopped' ? status.message : TEXT[status.kind];
}

/** Where the person's edits are: with the server, on their way, or kept on this device. A span: it sits in the header's line of facts. */
export function ConnectionStatus({ status }: { status: Status }) {
  return (
    <span
      className={`connection connection--${status.kind}`}
      data-testid="connection-status"
      data-status={status.kind}
      role="status"
      aria-live="polite"
    >
      <span className="connection__dot" aria-hidden="true" />
      <span className="connection__text">{connectionText(status)}</span>
    </span>
  );
}
