/** The identity providers of single sign-on, as the SUPER_ADMIN manages them (`/api/admin/oidc-providers`). */
import type { ApiClient } from '../api/client';
import type { Schemas } from '../api/types';

export type Provider = Schemas['ProviderView'];
export type NewProvider = Schemas['NewProvider'];
/** Left-out fields stay; `client_secret: null` removes the secret. */
export type ProviderUpdate = Schemas['ProviderUpdate'];

const id = encodeURIComponent;

export class ProvidersApi {
  constructor(private readonly api: ApiClient) {}

  list(): Promise<Provider[]> {
    return this.api.request('GET', '/api/admin/oidc-providers');
  }

  create(provider: NewProvider): Promise<Provider> {
    return this.api.request('POST', '/api/admin/oidc-providers', { body: provider });
  }

  update(providerId: string, update: ProviderUpdate): Promise<Provider> {
    return this.api.request('PATCH', `/api/admin/oidc-providers/${id(providerId)}`, { body: update });
  }

  remove(providerId: string): Promise<void> {
    return this.api.request('DELETE', `/api/admin/oidc-providers/${id(providerId)}`);
  }
}
