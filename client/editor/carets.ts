import type { DecorationAttrs } from '@tiptap/pm/view';
import { textOn } from '../format.js';
import { presenceOf } from './presence.js';
import { NEUTRAL_COLOR } from '../../shared/colors.js';

/** "Siti Rahman · MYS": what others see at a person's caret. */
export function caretLabel(user: unknown): string {
  const presence = presenceOf(user);
  if (!presence) return 'Someone';
  return presence.delegationCode ? `${presence.name} · ${presence.delegationCode}` : presence.name;
}

/** A caret in the delegation's colour, with the name and delegation above it. */
export function renderCaret(user: Record<string, unknown>): HTMLElement {
  const color = presenceOf(user)?.color ?? NEUTRAL_COLOR;
  const caret = document.createElement('span');
  caret.classList.add('collaboration-carets__caret');
  caret.style.borderColor = color;
  const label = document.createElement('div');
  label.classList.add('collaboration-carets__label');
  label.style.backgroundColor = color;
  label.style.color = textOn(color);
  label.textContent = caretLabel(user);
  caret.append(label);
  return caret;
}

/** Another person's selection: their colour, translucent, so the text stays readable. */
export function renderSelection(user: Record<string, unknown>): DecorationAttrs {
  const color = presenceOf(user)?.color ?? NEUTRAL_COLOR;
  return { nodeName: 'span', class: 'collaboration-carets__selection', style: `background-color: ${color}33` };
}
