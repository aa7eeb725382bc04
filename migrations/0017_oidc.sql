-- Single sign-on with OpenID Connect: the providers the site administrator
-- configures, the provider identities linked to accounts, the sign-ins under way
-- and the link confirmations that wait for an existing account's password.

-- An identity provider (Authentik, Keycloak, any OpenID Connect issuer). The
-- slug names it in its routes and so in its redirect URI
-- (/api/auth/oidc/{slug}/callback), which is registered at the provider: it
-- never changes. The client secret is sealed with AES-256-GCM under the data
-- key from configuration, bound to this row (shared::crypto); null for a public
-- client, which proves itself with PKCE alone.
create table oidc_providers (
    id uuid primary key default gen_random_uuid(),
    slug text not null,
    display_name text not null,
    issuer text not null,
    client_id text not null,
    client_secret bytea,
    scopes text not null default 'openid email profile',
    -- Whether a first sign-in with no matching account creates one (role USER).
    auto_register boolean not null default false,
    enabled boolean not null default true,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint oidc_providers_slug_key unique (slug),
    constraint oidc_providers_slug_check check (slug ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
    constraint oidc_providers_scopes_check check (scopes ~ '(^| )openid( |$)')
);
-- The sign-in page lists the enabled providers.
create index oidc_providers_enabled_idx on oidc_providers (enabled, display_name);
create trigger oidc_providers_updated_at before update on oidc_providers
    for each row execute function set_updated_at();

-- A provider's subject (`sub`) linked to an account: at most one account per
-- subject, and one identity per provider for an account.
create table oidc_identities (
    id uuid primary key default gen_random_uuid(),
    provider_id uuid not null,
    user_id uuid not null,
    subject text not null,
    -- The address the provider gave when the identity was linked, shown to its owner.
    email text,
    last_login_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint oidc_identities_provider_fk foreign key (provider_id) references oidc_providers (id) on delete cascade,
    constraint oidc_identities_user_fk foreign key (user_id) references users (id) on delete cascade,
    constraint oidc_identities_subject_key unique (provider_id, subject),
    constraint oidc_identities_user_key unique (provider_id, user_id)
);
-- provider_id leads both unique indexes; user_id needs its own.
create index oidc_identities_user_idx on oidc_identities (user_id);
create trigger oidc_identities_updated_at before update on oidc_identities
    for each row execute function set_updated_at();

-- A sign-in sent to a provider and not yet back: found by the SHA-256 of its
-- `state`, used once, and only for about ten minutes. `link_user_id` is set
-- when a signed-in user links an identity to their own account.
create table oidc_pending_logins (
    id uuid primary key default gen_random_uuid(),
    state_hash bytea not null,
    provider_id uuid not null,
    code_verifier text not null,
    nonce text not null,
    return_to text not null,
    link_user_id uuid,
    expires_at timestamptz not null,
    used_at timestamptz,
    created_at timestamptz not null default now(),
    constraint oidc_pending_logins_state_hash_key unique (state_hash),
    constraint oidc_pending_logins_provider_fk foreign key (provider_id) references oidc_providers (id) on delete cascade,
    constraint oidc_pending_logins_link_user_fk foreign key (link_user_id) references users (id) on delete cascade
);
create index oidc_pending_logins_provider_idx on oidc_pending_logins (provider_id);
create index oidc_pending_logins_link_user_idx on oidc_pending_logins (link_user_id);
create index oidc_pending_logins_expires_idx on oidc_pending_logins (expires_at);

-- A provider identity whose verified address belongs to an existing account:
-- it is linked only once that account's password is given. Found by the
-- SHA-256 of its ticket, used once, for about ten minutes.
create table oidc_link_requests (
    id uuid primary key default gen_random_uuid(),
    ticket_hash bytea not null,
    provider_id uuid not null,
    user_id uuid not null,
    subject text not null,
    email text,
    return_to text not null,
    expires_at timestamptz not null,
    used_at timestamptz,
    created_at timestamptz not null default now(),
    constraint oidc_link_requests_ticket_hash_key unique (ticket_hash),
    constraint oidc_link_requests_provider_fk foreign key (provider_id) references oidc_providers (id) on delete cascade,
    constraint oidc_link_requests_user_fk foreign key (user_id) references users (id) on delete cascade
);
create index oidc_link_requests_provider_idx on oidc_link_requests (provider_id);
create index oidc_link_requests_user_idx on oidc_link_requests (user_id);
create index oidc_link_requests_expires_idx on oidc_link_requests (expires_at);

-- Whether accounts may sign in (and register) with a password; on by default.
insert into site_settings (key, value) values ('local_login', 'true')
    on conflict (key) do nothing;
