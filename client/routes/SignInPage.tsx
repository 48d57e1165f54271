import { useEffect, useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api.js';
import { Field, FormError, useSubmission } from '../forms.js';
import { AuthLayout } from '../panels/AuthLayout.js';
import { SignUpForm } from '../panels/SignUpForm.js';

/** Signing in; on a fresh installation, creating the secretariat account instead. */
export function SignInPage({ onSignedIn }: { onSignedIn: () => Promise<void> }) {
  const [firstRun, setFirstRun] = useState<boolean | null>(null);
  const [statusError, setStatusError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api
      .authStatus()
      .then((status) => live && setFirstRun(status.firstRun))
      .catch((error: unknown) => {
        if (!live) return;
        setStatusError(errorMessage(error));
        setFirstRun(false);
      });
    return () => {
      live = false;
    };
  }, []);

  if (firstRun === null) return <div className="splash" aria-busy="true">Accord</div>;
  if (firstRun) {
    return (
      <AuthLayout
        title="Create the secretariat account"
        lead="Nobody has an account yet. The first account runs this workspace: it registers delegations, creates accounts and opens documents for negotiation."
      >
        <SignUpForm invitation={null} submitLabel="Create the secretariat account" onSignedIn={onSignedIn} />
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Sign in">
      {statusError ? <FormError message={statusError} /> : null}
      <SignInForm onSignedIn={onSignedIn} />
    </AuthLayout>
  );
}

function SignInForm({ onSignedIn }: { onSignedIn: () => Promise<void> }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const submission = useSubmission(['email', 'password']);
  const { fieldErrors } = submission;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void submission.run(async () => {
      await api.signIn({ email, password });
      await onSignedIn();
    });
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <Field label="Email" error={fieldErrors.email}>
        {(p) => (
          <input {...p} type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="username" autoFocus required />
        )}
      </Field>
      <Field label="Password" error={fieldErrors.password}>
        {(p) => (
          <input
            {...p}
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            required
          />
        )}
      </Field>
      <FormError message={submission.error} />
      <button className="button button--primary button--wide" type="submit" disabled={submission.busy}>
        {submission.busy ? 'Signing in…' : 'Sign in'}
      </button>
      <p className="form__note">Accounts are created by the secretariat. Ask them for an invitation if you have none.</p>
    </form>
  );
}
