-- Email ownership, and links minted when their email is sent.
--
-- - users.email_verified_at: when the account proved it receives mail at its
--   address (a confirmation link, or a registration invite sent there). Family
--   invitations are accepted only by an account whose verified address is the
--   invited one.
-- - email_confirmations: one row per link that confirms an address: a pending
--   registration (the account is created only when its address confirms, so
--   registering never reveals whether an address has an account), the
--   verification of an existing account's address, or a change of address (which
--   takes effect only once the new address confirms).
-- - Every token is minted by the email worker when it sends the link, and only
--   its hash is stored: the outbox, the queue and the dead-letter queue carry the
--   row's id, never a link. So token_hash is null until the email is sent.
-- - rate_limits.expires_at: windows of any length (per-recipient and daily email
--   limits); rows written without it keep the one-hour life they had.

alter table users add column email_verified_at timestamptz;

alter table password_resets alter column token_hash drop not null;
alter table registration_invites alter column token_hash drop not null;
alter table family_invites alter column token_hash drop not null;

create table email_confirmations (
    id uuid primary key default gen_random_uuid(),
    purpose text not null,
    -- The address the link goes to, and that the confirmation proves.
    email text not null,
    -- The account (verification, email_change); none for a pending registration.
    user_id uuid,
    -- email_change: the address the account had when the change was asked for.
    previous_email text,
    -- registration: the account to create once the address confirms.
    username text,
    display_name text,
    password_hash text,
    token_hash bytea,
    expires_at timestamptz not null,
    confirmed_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint email_confirmations_user_fk foreign key (user_id) references users (id) on delete cascade,
    constraint email_confirmations_token_hash_key unique (token_hash),
    constraint email_confirmations_purpose_check check (purpose in ('registration', 'verification', 'email_change')),
    constraint email_confirmations_account_check check (
        case purpose
            when 'registration' then user_id is null and username is not null and password_hash is not null
            when 'email_change' then user_id is not null and previous_email is not null
            else user_id is not null
        end)
);
create index email_confirmations_user_idx on email_confirmations (user_id);
create index email_confirmations_email_idx on email_confirmations (lower(email));
create index email_confirmations_expires_idx on email_confirmations (expires_at);
create trigger email_confirmations_updated_at before update on email_confirmations
    for each row execute function set_updated_at();

alter table rate_limits add column expires_at timestamptz not null default (now() + interval '1 hour');
create index rate_limits_expires_idx on rate_limits (expires_at);

-- Email jobs written before this migration carry rendered emails with live links
-- in clear, and the new worker cannot read them: they are dropped. (A reset or
-- an invitation still waiting in the outbox is asked for again.)
delete from outbox where queue = 'email';
