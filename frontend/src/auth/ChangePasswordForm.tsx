import { useAuth } from './AuthContext';
import { PasswordForm } from './PasswordForm';

export const PASSWORD_CHANGED_NOTICE =
  'Your password has been changed and every session has been signed out. Log in with your new password.';

/** Changes the signed-in user's password; every session then ends and the login page says why. */
export function ChangePasswordForm() {
  const { api, endSession } = useAuth();
  return (
    <PasswordForm
      askCurrent
      submitLabel="Change password"
      pendingLabel="Changing password…"
      save={(passwords) => api.changePassword(passwords)}
      // The server has revoked every session, this one included; the route guard
      // then shows the login page, which shows the notice.
      onSaved={() => endSession(PASSWORD_CHANGED_NOTICE)}
    />
  );
}
