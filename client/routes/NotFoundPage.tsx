import { Link } from '../router.js';

export function NotFoundPage({ message = 'There is no page at this address.' }: { message?: string }) {
  return (
    <div className="empty-page">
      <h1>Not found</h1>
      <p>{message}</p>
      <Link className="button" to="/">
        Back to documents
      </Link>
    </div>
  );
}
