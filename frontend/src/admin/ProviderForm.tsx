import { useState, type FormEvent } from 'react';
import { Checkbox, Field, FormError, SubmitButton } from '../shell/forms';
import { useSubmit } from '../shell/useSubmit';
import { collect, required } from '../shell/validation';
import type { NewProvider, Provider, ProviderUpdate } from './providers';

const FIELDS = ['slug', 'display_name', 'issuer', 'client_id', 'client_secret', 'scopes'] as const;

interface ProviderFormProps {
  /** The provider to edit; absent to add one. */
  provider?: Provider;
  onCreate?(provider: NewProvider): Promise<void>;
  onUpdate?(update: ProviderUpdate): Promise<void>;
  onCancel(): void;
}

/** The redirect URI a provider named `slug` is registered with at the identity provider. */
export function redirectUriOf(slug: string): string {
  return `${globalThis.location?.origin ?? ''}/api/auth/oidc/${slug || '{slug}'}/callback`;
}

/**
 * Adds or edits an identity provider. The client secret is write-only: the
 * form says whether one is stored, a typed value replaces it, and an empty
 * field keeps it.
 */
export function ProviderForm({ provider, onCreate, onUpdate, onCancel }: ProviderFormProps) {
  const [slug, setSlug] = useState(provider?.slug ?? '');
  const [displayName, setDisplayName] = useState(provider?.display_name ?? '');
  const [issuer, setIssuer] = useState(provider?.issuer ?? '');
  const [clientId, setClientId] = useState(provider?.client_id ?? '');
  const [secret, setSecret] = useState('');
  const [removeSecret, setRemoveSecret] = useState(false);
  const [scopes, setScopes] = useState(provider?.scopes ?? 'openid email profile');
  const [autoRegister, setAutoRegister] = useState(provider?.auto_register ?? false);
  const [enabled, setEnabled] = useState(provider?.enabled ?? true);
  const { pending, error, fieldErrors, run } = useSubmit(FIELDS);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const problems = collect({
      slug: provider ? null : required(slug, 'Choose a short name for the address, e.g. authentik'),
      display_name: required(displayName, 'Enter the name people see on the sign-in page'),
      issuer: required(issuer, 'Enter the issuer URL'),
      client_id: required(clientId, 'Enter the client ID'),
    });
    await run(async () => {
      if (!provider) {
        await onCreate?.({
          slug: slug.trim(),
          display_name: displayName.trim(),
          issuer: issuer.trim(),
          client_id: clientId.trim(),
          client_secret: secret || undefined,
          scopes: scopes.trim(),
          auto_register: autoRegister,
          enabled,
        });
        return;
      }
      const update: ProviderUpdate = {};
      if (displayName.trim() !== provider.display_name) update.display_name = displayName.trim();
      if (issuer.trim() !== provider.issuer) update.issuer = issuer.trim();
      if (clientId.trim() !== provider.client_id) update.client_id = clientId.trim();
      if (scopes.trim() !== provider.scopes) update.scopes = scopes.trim();
      if (autoRegister !== provider.auto_register) update.auto_register = autoRegister;
      if (enabled !== provider.enabled) update.enabled = enabled;
      if (removeSecret) update.client_secret = null;
      else if (secret) update.client_secret = secret;
      await onUpdate?.(update);
    }, problems);
  }

  const secretHint = provider?.client_secret_set
    ? 'A secret is set. Leave empty to keep it.'
    : 'No secret is set. Leave empty for a public client.';

  return (
    <form onSubmit={onSubmit} noValidate aria-label={provider ? `Edit ${provider.display_name}` : 'Add a provider'}>
      <FormError message={error} />
      <Field
        label="Name on the sign-in page"
        name="display_name"
        value={displayName}
        onChange={(e) => setDisplayName(e.target.value)}
        error={fieldErrors.display_name}
        required
      />
      {provider ? (
        <p className="muted">
          Redirect URI: <code>{provider.redirect_uri}</code>
        </p>
      ) : (
        <Field
          label="Short name (in its address; cannot change later)"
          name="slug"
          value={slug}
          onChange={(e) => setSlug(e.target.value.toLowerCase())}
          error={fieldErrors.slug}
          hint={`Register this redirect URI at the provider: ${redirectUriOf(slug.trim())}`}
          required
        />
      )}
      <Field
        label="Issuer URL"
        name="issuer"
        type="url"
        inputMode="url"
        placeholder="https://auth.example.org/application/o/fleet/"
        value={issuer}
        onChange={(e) => setIssuer(e.target.value)}
        error={fieldErrors.issuer}
        required
      />
      <Field
        label="Client ID"
        name="client_id"
        autoComplete="off"
        value={clientId}
        onChange={(e) => setClientId(e.target.value)}
        error={fieldErrors.client_id}
        required
      />
      <Field
        label="Client secret"
        name="client_secret"
        type="password"
        autoComplete="new-password"
        value={secret}
        disabled={removeSecret}
        onChange={(e) => setSecret(e.target.value)}
        error={fieldErrors.client_secret}
        hint={secretHint}
      />
      {provider?.client_secret_set && (
        <Checkbox label="Remove the stored secret" checked={removeSecret} onChange={setRemoveSecret} />
      )}
      <Field
        label="Scopes"
        name="scopes"
        value={scopes}
        onChange={(e) => setScopes(e.target.value)}
        error={fieldErrors.scopes}
        hint="Separated by spaces; openid is required."
      />
      <Checkbox
        label="Create an account (role USER) at a first sign-in with no matching account"
        checked={autoRegister}
        onChange={setAutoRegister}
      />
      <Checkbox label="Offer this provider on the sign-in page" checked={enabled} onChange={setEnabled} />
      <div className="actions">
        <SubmitButton pending={pending} pendingLabel="Saving…">
          {provider ? 'Save provider' : 'Add provider'}
        </SubmitButton>
        <button type="button" onClick={onCancel} disabled={pending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
