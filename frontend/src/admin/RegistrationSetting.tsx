import { useEffect, useState, type FormEvent } from 'react';
import type { Registration } from '../api/types';
import { useApi } from '../auth/AuthContext';
import { FormError, Loading, Notice, SubmitButton } from '../shell/forms';
import { useLoad } from '../shell/useLoad';
import { useSubmit } from '../shell/useSubmit';

const LABELS: Record<Registration, string> = {
  open: 'Open: anyone may create an account',
  invite_only: 'Invite only: an invite token is needed',
  closed: 'Closed: only administrators add accounts',
};

export function RegistrationSetting() {
  const api = useApi();
  const settings = useLoad(() => api.siteSettings(), [api]);
  const [choice, setChoice] = useState<Registration>('open');
  const [saved, setSaved] = useState(false);
  const { pending, error, fieldErrors, run } = useSubmit(['registration']);

  useEffect(() => {
    if (settings.data) setChoice(settings.data.registration);
  }, [settings.data]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const ok = await run(async () => {
      settings.setData(await api.updateSiteSettings({ registration: choice }));
    });
    if (ok) setSaved(true);
  }

  return (
    <section aria-labelledby="settings-heading" className="card">
      <h2 id="settings-heading">Registration</h2>
      {settings.loading && <Loading />}
      {settings.error && (
        <p role="alert" className="alert alert-error">
          {settings.error}
        </p>
      )}
      {settings.data && (
        <form onSubmit={onSubmit} className="inline-form">
          {saved && <Notice>Registration setting saved.</Notice>}
          <FormError message={error ?? fieldErrors.registration ?? null} />
          <div className="field">
            <label htmlFor="registration">Who may register</label>
            <select
              id="registration"
              value={choice}
              onChange={(e) => setChoice(e.target.value as Registration)}
            >
              {(Object.keys(LABELS) as Registration[]).map((value) => (
                <option key={value} value={value}>
                  {LABELS[value]}
                </option>
              ))}
            </select>
          </div>
          <SubmitButton pending={pending} pendingLabel="Saving…">
            Save
          </SubmitButton>
        </form>
      )}
    </section>
  );
}
