import { usePageTitle } from '../shell/usePageTitle';
import { useAuth } from './AuthContext';
import { ChangePasswordForm } from './ChangePasswordForm';
import { ProfileForm } from './ProfileForm';

export function ProfilePage() {
  usePageTitle('Profile');
  const { user } = useAuth();
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
          <ProfileForm user={user} />
        </section>
        <section className="card" aria-labelledby="profile-password">
          <h2 id="profile-password">Change password</h2>
          <ChangePasswordForm />
        </section>
      </div>
    </>
  );
}
