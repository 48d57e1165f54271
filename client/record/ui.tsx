import { useEffect, useId, useRef, type ReactNode } from 'react';
import { EXPORT_FORMATS, exportHref } from './api.js';
import { isTimeZone, longDate as zonedLongDate, offsetMinutes, offsetName } from '../../shared/time.js';
import './revisions.css';

/** Small pieces the procedure bar, the revisions and the comparison share. */

const dateTime = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const longDay = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });

/**
 * "25 Nov 2026, 14:00": in the document's time zone (the venue's) when given, with the zone named
 * ("25 Nov 2026, 14:00 UTC+08:00") unless it is the reader's own; else in the reader's time zone.
 */
export function formatDateTime(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  if (!timeZone || !isTimeZone(timeZone)) return dateTime.format(date);
  const text = zonedFormat(timeZone, 'dateTime').format(date);
  return sameOffsetAsReader(date, timeZone) ? text : `${text} ${offsetName(date, timeZone)}`;
}

/** "25 November 2026", the day in the document's time zone when given. */
export function formatLongDay(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return timeZone && isTimeZone(timeZone) ? zonedLongDate(date, timeZone) : longDay.format(date);
}

const zoned = new Map<string, Intl.DateTimeFormat>();
function zonedFormat(timeZone: string, kind: 'dateTime'): Intl.DateTimeFormat {
  let f = zoned.get(`${kind} ${timeZone}`);
  if (!f) zoned.set(`${kind} ${timeZone}`, (f = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone })));
  return f;
}

function sameOffsetAsReader(date: Date, timeZone: string): boolean {
  return offsetMinutes(date, timeZone) === -date.getTimezoneOffset();
}

/** "2 days 5 h left", "40 min left"; null once passed. */
export function timeLeft(iso: string, now: number): string | null {
  const ms = new Date(iso).getTime() - now;
  if (!Number.isFinite(ms) || ms <= 0) return null;
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return `${days} day${days === 1 ? '' : 's'}${hours ? ` ${hours} h` : ''} left`;
  if (hours > 0) return `${hours} h ${minutes % 60} min left`;
  return `${Math.max(1, minutes)} min left`;
}

/**
 * A modal dialog (the native element: focus kept inside, Escape closes). Its content is a form
 * whose errors the caller shows inline, so the reason a step was refused stays next to the step.
 */
export function Dialog({ title, onClose, children, testId, tone }: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
  tone?: 'danger';
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    // The control that opened the dialog gets focus back when it closes. The browser's own return
    // does not happen here: React removes the element before this effect's cleanup closes it.
    const opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    if (dialog && !dialog.open) {
      dialog.showModal();
      // Straight to the first field rather than the close button.
      dialog.querySelector<HTMLElement>('textarea, input, select')?.focus();
    }
    return () => {
      dialog?.close();
      // Not when the step moved focus on purpose (to another page, another dialog), nor to a control that is gone.
      const lost = !document.activeElement || document.activeElement === document.body || dialog?.contains(document.activeElement);
      if (lost && opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={`record-dialog${tone ? ` record-dialog--${tone}` : ''}`}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <div className="record-dialog__head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="record-dialog__close" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      {children}
    </dialog>
  );
}

/** The downloads of a text, one link per format: the current text, or one revision. */
export function ExportMenu({ documentId, revision, label = 'Export', testId = 'export-menu', align = 'right' }: {
  documentId: string;
  revision?: number;
  label?: string;
  testId?: string;
  align?: 'left' | 'right';
}) {
  const ref = useRef<HTMLDetailsElement>(null);
  // Closes on a click elsewhere and on Escape, as a menu does.
  useEffect(() => {
    const onPointer = (event: PointerEvent) => {
      const details = ref.current;
      if (details?.open && !details.contains(event.target as Node)) details.open = false;
    };
    const onKey = (event: KeyboardEvent) => {
      const details = ref.current;
      if (event.key === 'Escape' && details?.open) {
        details.open = false;
        details.querySelector('summary')?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, []);
  return (
    <details ref={ref} className={`export-menu export-menu--${align}`} data-testid={testId}>
      <summary className="button button--small export-menu__summary">
        <svg viewBox="0 0 16 16" aria-hidden="true" className="export-menu__icon">
          <path d="M8 2v8m0 0L5 7m3 3 3-3M3 12v2h10v-2" />
        </svg>
        {label}
      </summary>
      <ul className="export-menu__list">
        {EXPORT_FORMATS.map((f) => (
          <li key={f.format}>
            <a
              href={exportHref(documentId, f.format, revision)}
              download
              data-testid={`export-${f.format}`}
              onClick={() => {
                if (ref.current) ref.current.open = false;
              }}
            >
              <span className="export-menu__label">{f.label}</span>
              <span className="export-menu__hint">{f.hint}</span>
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}
