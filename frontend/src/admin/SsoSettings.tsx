import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { errorMessage } from '../api/errors';
import { useApi } from '../auth/AuthContext';
import { ConfirmButton } from '../shell/confirm';
import { Checkbox, FormError, Loading, Notice, SubmitButton } from '../shell/forms';
import { useLoad } from '../shell/useLoad';
import { useSubmit } from '../shell/useSubmit';
import { ProviderForm } from './ProviderForm';
import { ProvidersApi, type Provider } from './providers';

/**
 * Single sign-on for the SUPER_ADMIN: whether people may still sign in with a
 * password, and the identity providers (add, edit, switch off, delete).
 */
export function SsoSettings() {
  const api = useApi();
  const providersApi = useMemo(() => new ProvidersApi(api), [api]);
  const providers = useLoad(() => providersApi.list(), [providersApi]);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function remove(provider: Provider) {
    setError(null);
    try {
      await providersApi.remove(provider.id);
      providers.reload();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  const saved = () => {
    setEditing(null);
    providers.reload();
  };

  return (
    <section aria-labelledby="sso-heading" className="card">
      <h2 id="sso-heading">Single sign-on</h2>
      <LocalLoginSetting />
      <h3>Identity providers</h3>
      {providers.loading && <Loading label="Loading providers…" />}
      <FormError message={providers.error ?? error} />
      {providers.data?.length === 0 && <p className="muted">No identity providers yet.</p>}
      {providers.data && providers.data.length > 0 && (
        <ul className="plain-list">
          {providers.data.map((provider) =>
            editing === provider.id ? (
              <li key={provider.id}>
                <ProviderForm
                  provider={provider}
                  onUpdate={async (update) => {
                    await providersApi.update(provider.id, update);
                    saved();
                  }}
                  onCancel={() => setEditing(null)}
                />
              </li>
            ) : (
              <ProviderItem
                key={provider.id}
                provider={provider}
                onEdit={() => setEditing(provider.id)}
                onDelete={() => remove(provider)}
              />
            ),
          )}
        </ul>
      )}
      {editing === 'new' ? (
        <ProviderForm
          onCreate={async (created) => {
            await providersApi.create(created);
            saved();
          }}
          onCancel={() => setEditing(null)}
        />
      ) : (
        <button type="button" onClick={() => setEditing('new')}>
          Add a provider
        </button>
      )}
    </section>
  );
}

function ProviderItem({ provider, onEdit, onDelete }: { provider: Provider; onEdit(): void; onDelete(): Promise<void> }) {
  const linked = provider.linked_accounts === 1 ? '1 linked account' : `${provider.linked_accounts} linked accounts`;
  return (
    <li>
      <p>
        <strong>{provider.display_name}</strong> <span className="muted">({provider.slug})</span>
        {' · '}
        {provider.enabled ? 'On the sign-in page' : 'Switched off'}
        {provider.auto_register && ' · creates accounts'}
      </p>
      <p className="muted">
        {provider.issuer} · client secret {provider.client_secret_set ? 'set' : 'not set'} · {linked}
      </p>
      <p className="muted">
        Redirect URI: <code>{provider.redirect_uri}</code>
      </p>
      <div className="actions">
        <button type="button" onClick={onEdit}>
          Edit {provider.display_name}
        </button>
        <ConfirmButton
          label={`Delete ${provider.display_name}`}
          confirmLabel={`Yes, delete ${provider.display_name}`}
          question={`Its ${linked} will be unlinked.`}
          onConfirm={onDelete}
        />
      </div>
    </li>
  );
}

/** The site setting `local_login`; the server refuses to switch it off while that would lock administrators out. */
function LocalLoginSetting() {
  const api = useApi();
  const settings = useLoad(() => api.siteSettings(), [api]);
  const [allowed, setAllowed] = useState(true);
  const [saved, setSaved] = useState(false);
  const { pending, error, run } = useSubmit(['local_login']);

  useEffect(() => {
    if (settings.data) setAllowed(settings.data.local_login ?? true);
  }, [settings.data]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const ok = await run(async () => {
      settings.setData(await api.updateSiteSettings({ local_login: allowed }));
    });
    if (ok) setSaved(true);
  }

  if (settings.loading) return <Loading />;
  if (!settings.data) return <FormError message={settings.error} />;
  return (
    <form onSubmit={onSubmit} className="inline-form" aria-label="Password sign-in">
      {saved && <Notice>Password sign-in setting saved.</Notice>}
      <FormError message={error} />
      <Checkbox label="People may sign in and register with a password" checked={allowed} onChange={setAllowed} />
      <SubmitButton pending={pending} pendingLabel="Saving…">
        Save password sign-in
      </SubmitButton>
      <p className="hint">
        To switch it off, first link your own account to an enabled provider (under Profile), so you can still sign in.
      </p>
    </form>
  );
}
