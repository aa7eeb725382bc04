import { DisplaySettings } from '../shell/DisplaySettings';
import { FormError, Loading } from '../shell/forms';
import { useLoad } from '../shell/useLoad';
import { usePageTitle } from '../shell/usePageTitle';
import { useAuth } from './AuthContext';
import { ChangePasswordForm } from './ChangePasswordForm';
import { EmailStatus } from './EmailStatus';
import { ProfileForm } from './ProfileForm';
import { SignInMethods } from './SignInMethods';

export function ProfilePage() {
  usePageTitle('Profile');
  const { api, user } = useAuth();
  const me = useLoad(() => api.me(), [api]);
  if (!user) return null;
  return (
    <>
      <h1>Profile</h1>
      <p className="muted">
        Signed in as <strong>{user.username}</strong>.
      </p>
      <div className="columns">
        <section className="card" aria-labelledby="profile-details">
          <h2 id="profile-details">Your details</h2>
          <ProfileForm user={user} onSaved={me.setData} />
        </section>
        <section className="card" aria-labelledby="profile-email">
          <h2 id="profile-email">Address confirmation</h2>
          {me.loading && <Loading label="Loading…" />}
          <FormError message={me.error} />
          {me.data && <EmailStatus me={me.data} />}
        </section>
        <section className="card" aria-labelledby="profile-display">
          <h2 id="profile-display">Display</h2>
          <DisplaySettings />
        </section>
        <SignInMethods />
        <section className="card" aria-labelledby="profile-password">
          <h2 id="profile-password">Change password</h2>
          <ChangePasswordForm />
        </section>
      </div>
    </>
  );
}
