import { useState, type FormEvent } from 'react';
import type { Delegation } from '../../../shared/api/index.js';
import { api } from '../../api.js';
import { Field, FormError, useSubmission } from '../../forms.js';
// Distinct, print-safe colours offered for new delegations (shared, so a unit test checks each one's text tone); any other can be picked.
import { DELEGATION_PALETTE as PALETTE } from '../../../shared/colors.js';

export function DelegationsPanel({ delegations, onCreated }: { delegations: Delegation[]; onCreated: () => void }) {
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [color, setColor] = useState(PALETTE[0] as string);
  const submission = useSubmission(['code', 'name', 'color']);
  const { fieldErrors } = submission;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void submission
      .run(async () => {
        await api.createDelegation({ code, name, color });
      })
      .then((ok) => {
        if (!ok) return;
        setCode('');
        setName('');
        const used = new Set([...delegations.map((d) => d.color.toLowerCase()), color.toLowerCase()]);
        setColor(PALETTE.find((c) => !used.has(c)) ?? (PALETTE[0] as string));
        onCreated();
      });
  };

  return (
    <section className="panel" aria-labelledby="delegations-title" data-testid="delegations-panel">
      <h2 id="delegations-title">Delegations</h2>
      {delegations.length ? (
        <ul className="chip-list">
          {delegations.map((d) => (
            <li key={d.id} className="delegation-chip" title={d.name}>
              <span className="swatch" style={{ backgroundColor: d.color }} />
              <span className="delegation-chip__code">{d.code}</span>
              <span className="delegation-chip__name">{d.name}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No delegations registered yet.</p>
      )}
      <form className="form form--inline" onSubmit={submit} noValidate>
        <h3>Register a delegation</h3>
        <div className="form__row">
          <Field label="Code" error={fieldErrors.code} className="field--code">
            {(p) => (
              <input {...p} value={code} onChange={(e) => setCode(e.target.value.toUpperCase())} placeholder="MYS" maxLength={12} />
            )}
          </Field>
          <Field label="Colour" error={fieldErrors.color} className="field--color">
            {(p) => <input {...p} type="color" value={color} onChange={(e) => setColor(e.target.value)} />}
          </Field>
        </div>
        <Field label="Name" error={fieldErrors.name}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} placeholder="Malaysia" />}
        </Field>
        <FormError message={submission.error} />
        <button className="button button--primary" type="submit" disabled={submission.busy}>
          Register delegation
        </button>
      </form>
    </section>
  );
}
