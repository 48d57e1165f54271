import { AuthLayout } from '../panels/AuthLayout.js';
import { SignUpForm } from '../panels/SignUpForm.js';
import { Link } from '../router.js';

/** Accepting an invitation: /sign-up?invitation=TOKEN. */
export function SignUpPage({ invitation, onSignedIn }: { invitation: string | null; onSignedIn: () => Promise<void> }) {
  if (!invitation) {
    return (
      <AuthLayout title="An invitation is needed" lead="Accounts are created by the secretariat, or from the invitation link they send you.">
        <Link className="button button--primary button--wide" to="/sign-in">
          Go to sign in
        </Link>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Accept your invitation" lead="Create your account to join the negotiation you were invited to.">
      <SignUpForm invitation={invitation} submitLabel="Create my account" onSignedIn={onSignedIn} />
    </AuthLayout>
  );
}
