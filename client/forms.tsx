import { useCallback, useId, useState, type ReactNode } from 'react';
import { ApiRequestError, errorMessage } from './api.js';

/**
 * Form plumbing: a submit that turns the server's validation issues into messages next to the
 * fields that caused them, and anything else into one message above the buttons.
 */
export interface Submission {
  busy: boolean;
  /** The message for the whole form (not tied to a field shown in it). */
  error: string | null;
  fieldErrors: Record<string, string>;
  run: (action: () => Promise<void>) => Promise<boolean>;
  reset: () => void;
}

export function useSubmission(fields: readonly string[]): Submission {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const fieldKey = fields.join('|');

  const run = useCallback(
    async (action: () => Promise<void>) => {
      setBusy(true);
      setError(null);
      setFieldErrors({});
      try {
        await action();
        return true;
      } catch (caught) {
        if (caught instanceof ApiRequestError && caught.issues.length) {
          const known = fieldKey.split('|');
          const shown: Record<string, string> = {};
          const rest: string[] = [];
          for (const issue of caught.issues) {
            if (known.includes(issue.path)) shown[issue.path] ??= issue.message;
            else rest.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
          }
          setFieldErrors(shown);
          setError(rest.length ? `${caught.message} (${rest.join('; ')})` : Object.keys(shown).length ? null : caught.message);
        } else {
          setError(errorMessage(caught));
        }
        return false;
      } finally {
        setBusy(false);
      }
    },
    [fieldKey],
  );

  const reset = useCallback(() => {
    setError(null);
    setFieldErrors({});
  }, []);

  return { busy, error, fieldErrors, run, reset };
}

interface FieldProps {
  label: string;
  error?: string | undefined;
  hint?: string;
  /** Renders the control, given the id and the ids that describe it. */
  children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }) => ReactNode;
  className?: string;
}

export function Field({ label, error, hint, children, className }: FieldProps) {
  const id = useId();
  const describedBy = [hint && !error ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field${error ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, ...(describedBy ? { 'aria-describedby': describedBy } : {}), ...(error ? { 'aria-invalid': true } : {}) })}
      {hint && !error ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="form-error" role="alert">
      {message}
    </p>
  );
}
