import type { SeededAccount, SeededWorkspace } from './seed.js';

/** What `npm run demo` prints: the accounts to sign in with, the documents, and where to go. */
export function demoReport(workspace: SeededWorkspace, password: string, url: string): string {
  const accountRows = workspace.accounts.map((a) => [a.user.name, a.user.email, password, roleOf(a), delegationOf(a)]);
  const documentRows = workspace.documents.map(({ document, row }) => [
    document.key,
    row.symbol ?? '',
    `${row.venue ?? ''}, ${row.starts_on ?? ''} to ${row.ends_on ?? ''}`,
    row.numbering === 'all' ? 'ASEAN (all paragraphs numbered)' : 'UN (operative paragraphs numbered)',
    `${document.draft.preambular.length} PP, ${document.draft.operative.length} OP, ${document.members.length} members`,
  ]);
  return [
    'Accord demo workspace created.',
    '',
    'Accounts (roles in documents are per document; secretariat and archivist are per workspace)',
    table(['name', 'email', 'password', 'role', 'delegation'], accountRows),
    '',
    'Documents',
    table(['key', 'symbol', 'meeting', 'numbering', 'text'], documentRows),
    ...workspace.documents.map(({ document }) => `  ${document.key}: ${document.title}`),
    '',
    ...outsiders(workspace),
    `Start the server with the same DATABASE_URL (npm start, or npm run dev) and open ${url}`,
  ].join('\n');
}

function roleOf(a: SeededAccount): string {
  if (a.user.workspace_role) return a.user.workspace_role;
  return a.roles.map((r) => `${r.role} ${r.document}`).join(', ');
}

function delegationOf(a: SeededAccount): string {
  return a.delegation ? `${a.delegation.code} ${a.delegation.name}` : `none (${a.account.organisation})`;
}

/** Delegates a document leaves out: signed in as one of them, it is not listed and cannot be opened. */
function outsiders(workspace: SeededWorkspace): string[] {
  return workspace.documents.flatMap(({ document }) => {
    const left = workspace.accounts.filter((a) => a.delegation && !a.roles.some((r) => r.document === document.key));
    if (!left.length) return [];
    const names = left.map((a) => `${a.user.name} (${a.delegation?.code})`).join(', ');
    return [`${document.key} is not open to ${names}: they are not members of it.`];
  });
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => '  ' + cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
