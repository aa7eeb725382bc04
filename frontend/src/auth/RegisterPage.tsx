import { Link } from 'react-router-dom';
import { Loading } from '../shell/forms';
import { useLoad } from '../shell/useLoad';
import { usePageTitle } from '../shell/usePageTitle';
import { useApi } from './AuthContext';
import { RegisterForm } from './RegisterForm';

/** Asks the server which kind of registration is possible, then shows the matching form. */
export function RegisterPage() {
  usePageTitle('Create an account');
  const api = useApi();
  const status = useLoad(() => api.authStatus(), [api]);

  if (status.loading) return <Loading />;
  if (status.error || !status.data) {
    return (
      <section>
        <h1>Create an account</h1>
        <p role="alert" className="alert alert-error">
          {status.error}
        </p>
        <button type="button" onClick={status.reload}>
          Try again
        </button>
      </section>
    );
  }

  const { needs_setup, registration } = status.data;
  if (!needs_setup && registration === 'closed') {
    return (
      <section>
        <h1>Create an account</h1>
        <p>Registration is closed. Ask an administrator for an account.</p>
        <p className="aside">
          <Link to="/login">Log in</Link>
        </p>
      </section>
    );
  }

  return (
    <section>
      <h1>{needs_setup ? 'Set up the first account' : 'Create an account'}</h1>
      <RegisterForm mode={needs_setup ? 'setup' : registration === 'invite_only' ? 'invite' : 'open'} />
      <p className="aside">
        Already have an account? <Link to="/login">Log in</Link>
      </p>
    </section>
  );
}
