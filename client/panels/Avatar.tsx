import { initials, textOn } from '../format.js';

/** A round badge with a person's initials in their delegation's colour. */
export function Avatar({ name, color, size = 'normal' }: { name: string; color: string; size?: 'small' | 'normal' }) {
  return (
    <span className={`avatar avatar--${size}`} style={{ backgroundColor: color, color: textOn(color) }} aria-hidden="true">
      {initials(name)}
    </span>
  );
}
