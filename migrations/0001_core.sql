-- Identity and security core: users, sessions, settings, rate limits,
-- the job outbox, processed job ids and the audit trail.

-- One trigger keeps updated_at true on every table that has it.
create or replace function set_updated_at() returns trigger
language plpgsql as $$
begin
    new.updated_at := now();
    return new;
end;
$$;

create table users (
    id uuid primary key default gen_random_uuid(),
    username text not null,
    email text not null,
    display_name text not null default '',
    password_hash text not null,
    role text not null default 'USER',
    disabled boolean not null default false,
    preferences jsonb not null default '{"units": "metric"}',
    failed_logins integer not null default 0,
    locked_until timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint users_role_check check (role in (
        'SUPER_ADMIN', 'INFLUENCE_ADMIN', 'MAP_ADMIN', 'MEDIA_ADMIN', 'PAGES_ADMIN',
        'PAYMENTS_ADMIN', 'SMS_ADMIN', 'PEOPLE_ADMIN', 'SOCIAL_ADMIN', 'USER', 'TEMP')),
    constraint users_failed_logins_check check (failed_logins >= 0)
);
-- Usernames and emails are unique regardless of case.
create unique index users_username_key on users (lower(username));
create unique index users_email_key on users (lower(email));
create index users_role_idx on users (role);
create index users_created_at_idx on users (created_at);
create trigger users_updated_at before update on users
    for each row execute function set_updated_at();

-- Site-wide settings as key → JSON value, changed by SUPER_ADMIN.
create table site_settings (
    key text primary key,
    value jsonb not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
insert into site_settings (key, value) values ('registration', '"open"');
create trigger site_settings_updated_at before update on site_settings
    for each row execute function set_updated_at();

-- Refresh tokens are stored only as SHA-256 hashes. Every login starts a chain
-- (chain_id); each refresh rotates the token within its chain. Presenting a rotated
-- token again revokes the whole chain.
create table refresh_tokens (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null,
    chain_id uuid not null,
    token_hash bytea not null,
    expires_at timestamptz not null,
    rotated_at timestamptz,
    revoked_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint refresh_tokens_user_fk foreign key (user_id) references users (id) on delete cascade,
    constraint refresh_tokens_token_hash_key unique (token_hash)
);
create index refresh_tokens_user_idx on refresh_tokens (user_id);
create index refresh_tokens_chain_idx on refresh_tokens (chain_id);
create index refresh_tokens_expires_idx on refresh_tokens (expires_at);
create trigger refresh_tokens_updated_at before update on refresh_tokens
    for each row execute function set_updated_at();

-- Single-use password reset tokens, stored hashed.
create table password_resets (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null,
    token_hash bytea not null,
    expires_at timestamptz not null,
    used_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint password_resets_user_fk foreign key (user_id) references users (id) on delete cascade,
    constraint password_resets_token_hash_key unique (token_hash)
);
create index password_resets_user_idx on password_resets (user_id);
create index password_resets_expires_idx on password_resets (expires_at);
create trigger password_resets_updated_at before update on password_resets
    for each row execute function set_updated_at();

-- Invitations to register while registration is invite_only.
create table registration_invites (
    id uuid primary key default gen_random_uuid(),
    email text not null,
    token_hash bytea not null,
    invited_by uuid,
    expires_at timestamptz not null,
    used_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint registration_invites_invited_by_fk foreign key (invited_by) references users (id) on delete set null,
    constraint registration_invites_token_hash_key unique (token_hash)
);
create index registration_invites_invited_by_idx on registration_invites (invited_by);
create index registration_invites_email_idx on registration_invites (lower(email));
create trigger registration_invites_updated_at before update on registration_invites
    for each row execute function set_updated_at();

-- Fixed-window counters shared by every function instance.
create table rate_limits (
    key text not null,
    window_start timestamptz not null,
    count integer not null default 0,
    constraint rate_limits_pkey primary key (key, window_start)
);
create index rate_limits_window_idx on rate_limits (window_start);

-- Transactional outbox: a job is written in the same transaction as the change
-- that needs it, pushed to its queue after commit, and relayed by the scheduler
-- if that push failed.
create table outbox (
    id uuid primary key,
    queue text not null,
    payload jsonb not null,
    attempts integer not null default 0,
    last_error text,
    sent_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint outbox_queue_check check (queue in ('email'))
);
create index outbox_pending_idx on outbox (created_at) where sent_at is null;
create trigger outbox_updated_at before update on outbox
    for each row execute function set_updated_at();

-- Job ids a worker has completed, so a redelivered message does nothing twice.
create table processed_jobs (
    job_id uuid primary key,
    kind text not null,
    processed_at timestamptz not null default now()
);
create index processed_jobs_kind_idx on processed_jobs (kind);
create index processed_jobs_processed_at_idx on processed_jobs (processed_at);

-- Append-only audit trail with field-level diffs.
create table audit_events (
    id uuid primary key default gen_random_uuid(),
    actor_id uuid,
    action text not null,
    entity_type text not null,
    entity_id uuid not null,
    scope_id uuid,
    changes jsonb not null default '{}',
    created_at timestamptz not null default now(),
    constraint audit_events_actor_fk foreign key (actor_id) references users (id) on delete set null,
    constraint audit_events_action_check check (action in ('create', 'update', 'delete'))
);
create index audit_events_actor_idx on audit_events (actor_id);
create index audit_events_entity_idx on audit_events (entity_type, entity_id, created_at desc);
create index audit_events_scope_idx on audit_events (scope_id, created_at desc);
