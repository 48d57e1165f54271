import { AuthLayout } from '../panels/AuthLayout.js';
import { SignUpForm } from '../panels/SignUpForm.js';
import { Link } from '../router.js';
import { useLoad } from '../useLoad.js';
import { invitationsApi } from '../invitations.js';
import type { InvitationState } from '../../shared/api/invitations.js';

/** Why a link that is not pending cannot make an account, and what to do instead. */
const CLOSED: Record<Exclude<InvitationState, 'pending'>, { title: string; lead: string }> = {
  accepted: { title: 'This invitation was already used', lead: 'An account was created with it. Sign in with that account’s email and password.' },
  revoked: { title: 'This invitation was revoked', lead: 'The secretariat took it back. Ask them for a new invitation if you should take part.' },
  expired: { title: 'This invitation has expired', lead: 'Invitations work for 14 days. Ask the secretariat for a new one.' },
};

function SignInLink() {
  return (
    <Link className="button button--primary button--wide" to="/sign-in">
      Go to sign in
    </Link>
  );
}

/** Accepting an invitation: /sign-up?invitation=TOKEN. */
export function SignUpPage({ invitation, onSignedIn }: { invitation: string | null; onSignedIn: () => Promise<void> }) {
  if (!invitation) {
    return (
      <AuthLayout title="An invitation is needed" lead="Accounts are created by the secretariat, or from the invitation link they send you.">
        <SignInLink />
      </AuthLayout>
    );
  }
  return <InvitedSignUp token={invitation} onSignedIn={onSignedIn} />;
}

function InvitedSignUp({ token, onSignedIn }: { token: string; onSignedIn: () => Promise<void> }) {
  const [lookup] = useLoad(() => invitationsApi.lookUp(token).then((r) => r.invitation), token);

  if (lookup.state === 'loading') {
    return (
      <AuthLayout title="Accept your invitation">
        <p className="muted" role="status">
          Checking your invitation…
        </p>
      </AuthLayout>
    );
  }
  if (lookup.state === 'failed') {
    return (
      <AuthLayout title="This invitation link does not work" lead={lookup.message}>
        <SignInLink />
      </AuthLayout>
    );
  }
  const invited = lookup.value;
  if (invited.state !== 'pending') {
    const closed = CLOSED[invited.state];
    return (
      <AuthLayout title={closed.title} lead={closed.lead}>
        <SignInLink />
      </AuthLayout>
    );
  }
  const lead = invited.delegation
    ? `You are invited to join the delegation of ${invited.delegation.name} (${invited.delegation.code}). Create your account to take part.`
    : 'Create your account to join the negotiation you were invited to.';
  return (
    <AuthLayout title="Accept your invitation" lead={lead}>
      <SignUpForm invitation={{ token, email: invited.email }} submitLabel="Create my account" onSignedIn={onSignedIn} />
    </AuthLayout>
  );
}
