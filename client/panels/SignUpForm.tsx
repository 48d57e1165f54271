import { useState, type FormEvent } from 'react';
import { api } from '../api.js';
import { Field, FormError, useSubmission } from '../forms.js';
import { MIN_PASSWORD_LENGTH } from '../../shared/limits.js';
import './people.css';

/**
 * Creates an account (the first, secretariat one, or one from an invitation) and signs it in. From an
 * invitation the address is the invited one, shown fixed: the server takes it from the invitation.
 */
export function SignUpForm({ invitation, submitLabel, onSignedIn }: {
  invitation: { token: string; email: string } | null;
  submitLabel: string;
  onSignedIn: () => Promise<void>;
}) {
  const [typedEmail, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const submission = useSubmission(['email', 'name', 'password', 'invitation']);
  const { fieldErrors } = submission;
  const email = invitation ? invitation.email : typedEmail;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void submission.run(async () => {
      const { user } = await api.signUp({ email, name, password, ...(invitation ? { invitation: invitation.token } : {}) });
      // The server may or may not open a session on sign-up; make sure one is open.
      if (!(await api.me())) await api.signIn({ email: user.email, password });
      await onSignedIn();
    });
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <Field label="Full name" error={fieldErrors.name}>
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" required />}
      </Field>
      <Field
        label="Email"
        error={fieldErrors.email}
        {...(invitation ? { hint: 'The address you were invited at; it becomes your sign-in. For another one, ask the secretariat.' } : {})}
      >
        {(p) =>
          invitation ? (
            <input {...p} type="email" value={invitation.email} readOnly autoComplete="email" className="input--fixed" data-testid="invited-email" />
          ) : (
            <input {...p} type="email" value={typedEmail} onChange={(e) => setEmail(e.target.value)} autoComplete="email" required />
          )
        }
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
