import { useState, type FormEvent } from 'react';
import { api } from '../api.js';
import { Field, FormError, useSubmission } from '../forms.js';
import { MIN_PASSWORD_LENGTH } from '../../shared/limits.js';

/** Creates an account (the first, secretariat one, or one from an invitation) and signs it in. */
export function SignUpForm({ invitation, submitLabel, onSignedIn }: {
  invitation: string | null;
  submitLabel: string;
  onSignedIn: () => Promise<void>;
}) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const submission = useSubmission(['email', 'name', 'password', 'invitation']);
  const { fieldErrors } = submission;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void submission.run(async () => {
      await api.signUp({ email, name, password, ...(invitation ? { invitation } : {}) });
      // The server may or may not open a session on sign-up; make sure one is open.
      if (!(await api.me())) await api.signIn({ email, password });
      await onSignedIn();
    });
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <Field label="Full name" error={fieldErrors.name}>
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" required />}
      </Field>
      <Field label="Email" error={fieldErrors.email}>
        {(p) => (
          <input {...p} type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="email" required />
        )}
      </Field>
      <Field label="Password" error={fieldErrors.password} hint={`At least ${MIN_PASSWORD_LENGTH} characters, and not a common password.`}>
        {(p) => (
          <input
            {...p}
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="new-password"
            required
          />
        )}
      </Field>
      <FormError message={fieldErrors.invitation ? `Invitation: ${fieldErrors.invitation}` : submission.error} />
      <button className="button button--primary button--wide" type="submit" disabled={submission.busy}>
        {submission.busy ? 'Creating…' : submitLabel}
      </button>
    </form>
  );
}
