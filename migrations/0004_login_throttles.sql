-- Sign-in throttling (functions/auth/src/throttle.rs). Failures are counted per
-- sign-in name and client address, and per name across every client (client
-- '*'); a client that must wait has retry_at in the future. A successful sign-in
-- records signed_in_at, which exempts that client from the count across clients.
-- Replaces the account lock: users.failed_logins and users.locked_until are no
-- longer read, and stay for the release before this one.
create table login_throttles (
    -- SHA-256 of the lower-cased sign-in name, whether or not an account has it.
    subject bytea not null,
    -- IPv4 address or IPv6 /64 of the client, or '*' for every client together.
    client text not null,
    failures integer not null default 0,
    last_failure_at timestamptz,
    retry_at timestamptz,
    signed_in_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint login_throttles_pkey primary key (subject, client),
    constraint login_throttles_failures_check check (failures >= 0)
);
create index login_throttles_updated_at_idx on login_throttles (updated_at);
create trigger login_throttles_updated_at before update on login_throttles
    for each row execute function set_updated_at();
