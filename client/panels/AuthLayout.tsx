import type { ReactNode } from 'react';
import { Wordmark } from './TopBar.js';

/**
 * The frame of the signed-out pages: the product's name, a one-line purpose, and a card. It is the
 * page's <main>: the signed-out pages stand outside the app's shell, which holds the other pages' one.
 */
export function AuthLayout({ title, lead, children }: { title: string; lead?: string; children: ReactNode }) {
  return (
    <main className="auth">
      <div className="auth__intro">
        <Wordmark />
        <p className="auth__tagline">Co-drafting joint statements and declarations, clause by clause, to adoption.</p>
      </div>
      <section className="auth__card" aria-labelledby="auth-title">
        <h1 id="auth-title">{title}</h1>
        {lead ? <p className="auth__lead">{lead}</p> : null}
        {children}
      </section>
    </main>
  );
}
