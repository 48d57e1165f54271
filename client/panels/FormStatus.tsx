import type { ReactNode } from 'react';

/**
 * What a form just did ("Account created for …"), in a live region that is always in the page, so a
 * screen reader announces the message when it appears and not only sighted people see it.
 */
export function FormStatus({ children, testId }: { children: ReactNode; testId?: string }) {
  const shown = children !== null && children !== undefined && children !== false && children !== '';
  return (
    <div role="status" className={shown ? 'form-success' : undefined} data-testid={testId}>
      {shown ? children : null}
    </div>
  );
}
