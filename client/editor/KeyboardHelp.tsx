import { Fragment, useCallback, useEffect, useRef, useState } from 'react';
import type { Editor } from '@tiptap/core';
import { Dialog } from '../record/ui.js';
import { EDITOR_SHORTCUTS, HELP_SHORTCUT, ariaKeys, shownKeys } from './keyboard.js';
import '../styles/keyboard.css';

/** Where a `?` is a character someone is typing, not a request for help. */
function isTypingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(target.type);
  return false;
}

/**
 * The "Shortcuts" button of the toolbar and the keyboard help it opens, also with `?` (outside the
 * text and form fields, where `?` is typed) and with Ctrl+/ (Cmd+/) from anywhere, the text included.
 * Closing hands focus back where it was: the text at its caret, or the control that opened it.
 */
export function KeyboardHelp({ editor }: { editor: Editor }) {
  const [open, setOpen] = useState(false);
  const returnTo = useRef<Element | null>(null);
  const button = useRef<HTMLButtonElement>(null);

  const show = useCallback(() => {
    returnTo.current = document.activeElement;
    setOpen(true);
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (open || event.defaultPrevented) return;
      const help = (event.ctrlKey || event.metaKey) && !event.altKey && event.key === '/';
      const question = event.key === '?' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTypingIn(event.target);
      if (!help && !question) return;
      event.preventDefault();
      show();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, show]);

  const close = () => {
    setOpen(false);
    const back = returnTo.current;
    returnTo.current = null;
    // After the dialog has closed (its own focus handling runs first).
    queueMicrotask(() => {
      if (back && !editor.isDestroyed && editor.view.dom.contains(back)) editor.view.focus();
      else if (back instanceof HTMLElement && back.isConnected && back !== document.body) back.focus();
      else button.current?.focus();
    });
  };

  return (
    <>
      <button
        ref={button}
        type="button"
        className="toolbar__button toolbar__button--icon-text toolbar__button--help"
        data-testid="keyboard-help-button"
        aria-label="Keyboard shortcuts"
        title={`Keyboard shortcuts (? or ${shownKeys(HELP_SHORTCUT)})`}
        aria-keyshortcuts={`? ${ariaKeys(HELP_SHORTCUT)}`}
        onMouseDown={(e) => e.preventDefault()}
        onClick={show}
      >
        <span className="toolbar__glyph" aria-hidden="true">
          ?
        </span>
      </button>
      {open ? (
        <Dialog title="Keyboard shortcuts" onClose={close} testId="keyboard-help">
          <div className="keyboard-help">
            {EDITOR_SHORTCUTS.map((group) => (
              <section key={group.title} className="keyboard-help__group" aria-label={group.title}>
                <h3>{group.title}</h3>
                <dl>
                  {group.shortcuts.map((s) => (
                    <Fragment key={s.keys.join(' ')}>
                      <dt data-keys={s.keys.join(' ')}>
                        {s.keys.map((k, i) => (
                          <Fragment key={k}>
                            {i > 0 ? <span className="keyboard-help__or"> or </span> : null}
                            <kbd>{shownKeys(k)}</kbd>
                          </Fragment>
                        ))}
                      </dt>
                      <dd>{s.does}</dd>
                    </Fragment>
                  ))}
                </dl>
              </section>
            ))}
          </div>
        </Dialog>
      ) : null}
    </>
  );
}
