-- Changemaker Influence (functions/campaigns): advocacy campaigns, the elected
-- representatives supporters write to, postal code -> district mappings, the
-- emails supporters send, and the wall of the representatives' responses.
--
-- - campaigns: written by admins (origin 'admin') or submitted by users for
--   review (origin 'user', review_status set). A submitted campaign can never
--   send through the server. email_count and mailto_count are the exact
--   counters the public page shows: each send adds to them in its transaction.
-- - representatives are keyed by a stable `key` (a seat, or the CSV's own key
--   column), so a re-import after an election updates the seat's person.
-- - postal_code_districts: a postal code (or its forward sortation area, the
--   first three characters) maps to every district it touches, at any level.
--   Rows from a provider (source 'represent') are refreshed when their cache
--   row in representative_lookups expires.
-- - campaign_emails: one row per representative a supporter wrote to; server
--   sends go queued -> sent | failed, a mailto: link is recorded as an intent.
-- - daily_salts: a random salt per day, so an anonymous visitor's address is
--   only ever stored as a hash that cannot be linked across days (response
--   upvotes). Old salts are deleted, so old hashes cannot be reversed.

create table campaigns (
    id uuid primary key default gen_random_uuid(),
    slug text not null,
    title text not null,
    description text not null default '',
    email_subject text not null,
    email_body text not null,
    call_to_action text not null default '',
    cover_key text,
    target_levels text[] not null default '{}',
    status text not null default 'draft',
    allow_server_send boolean not null default false,
    allow_mailto boolean not null default true,
    collect_supporter_info boolean not null default true,
    allow_editing boolean not null default false,
    show_email_count boolean not null default true,
    show_response_wall boolean not null default false,
    featured boolean not null default false,
    origin text not null default 'admin',
    review_status text,
    review_note text not null default '',
    created_by uuid,
    email_count integer not null default 0,
    mailto_count integer not null default 0,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint campaigns_slug_key unique (slug),
    constraint campaigns_cover_key_key unique (cover_key),
    constraint campaigns_created_by_fk foreign key (created_by) references users (id) on delete set null,
    constraint campaigns_status_check check (status in ('draft', 'active', 'paused', 'archived')),
    constraint campaigns_target_levels_check
        check (target_levels <@ array['federal', 'provincial', 'municipal', 'school_board']::text[]),
    constraint campaigns_origin_check check (origin in ('admin', 'user')),
    constraint campaigns_review_check check (
        (origin = 'user') = (review_status is not null)
        and (review_status is null or review_status in ('pending', 'approved', 'rejected'))),
    -- A campaign a user submitted never sends through the server.
    constraint campaigns_submitted_send_check check (origin = 'admin' or not allow_server_send),
    constraint campaigns_counts_check check (email_count >= 0 and mailto_count >= 0)
);
create index campaigns_created_by_idx on campaigns (created_by);
create index campaigns_status_idx on campaigns (status, featured desc, created_at desc);
create index campaigns_review_idx on campaigns (review_status, created_at) where origin = 'user';
create trigger campaigns_updated_at before update on campaigns
    for each row execute function set_updated_at();

create table representatives (
    id uuid primary key default gen_random_uuid(),
    key text not null,
    source text not null default 'csv',
    name text not null,
    email text not null default '',
    elected_office text not null,
    level text not null,
    district text not null,
    party text not null default '',
    photo_url text not null default '',
    offices jsonb not null default '[]',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint representatives_key_key unique (key),
    constraint representatives_source_check check (source in ('csv', 'represent', 'manual')),
    constraint representatives_level_check
        check (level in ('federal', 'provincial', 'municipal', 'school_board')),
    constraint representatives_offices_check check (jsonb_typeof(offices) = 'array')
);
create index representatives_district_idx on representatives (level, lower(district));
create index representatives_name_idx on representatives (lower(name));
create trigger representatives_updated_at before update on representatives
    for each row execute function set_updated_at();

create table postal_code_districts (
    -- 'K1A 0B1', or a forward sortation area 'K1A' that covers all its codes.
    code text not null,
    level text not null,
    district text not null,
    source text not null default 'csv',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint postal_code_districts_pkey primary key (code, level, district),
    constraint postal_code_districts_code_check
        check (code ~ '^[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z]( [0-9][ABCEGHJ-NPRSTV-Z][0-9])?$'),
    constraint postal_code_districts_level_check
        check (level in ('federal', 'provincial', 'municipal', 'school_board')),
    constraint postal_code_districts_source_check check (source in ('csv', 'represent'))
);
create index postal_code_districts_district_idx on postal_code_districts (level, lower(district));
create index postal_code_districts_source_idx on postal_code_districts (source, level);
create trigger postal_code_districts_updated_at before update on postal_code_districts
    for each row execute function set_updated_at();

-- What the provider answered for a postal code, and until when it is trusted.
create table representative_lookups (
    postal_code text primary key,
    found integer not null default 0,
    fetched_at timestamptz not null default now(),
    expires_at timestamptz not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index representative_lookups_expires_idx on representative_lookups (expires_at);
create trigger representative_lookups_updated_at before update on representative_lookups
    for each row execute function set_updated_at();

create table campaign_emails (
    id uuid primary key default gen_random_uuid(),
    campaign_id uuid not null,
    representative_id uuid,
    method text not null,
    status text not null,
    -- Snapshots: what was sent stays readable after a representative changes.
    recipient_name text not null,
    recipient_email text not null,
    recipient_title text not null default '',
    recipient_district text not null default '',
    supporter_name text not null default '',
    supporter_email text,
    postal_code text not null,
    -- The templates sent (the campaign's, or the supporter's edit of them).
    subject text not null,
    body text not null,
    error text,
    sent_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint campaign_emails_campaign_fk foreign key (campaign_id) references campaigns (id) on delete cascade,
    constraint campaign_emails_representative_fk
        foreign key (representative_id) references representatives (id) on delete set null,
    constraint campaign_emails_method_check check (method in ('server', 'mailto')),
    constraint campaign_emails_status_check check (
        (method = 'server' and status in ('queued', 'sent', 'failed'))
        or (method = 'mailto' and status = 'intent')),
    constraint campaign_emails_supporter_check check (method = 'mailto' or supporter_email is not null)
);
create index campaign_emails_campaign_idx on campaign_emails (campaign_id, created_at);
create index campaign_emails_status_idx on campaign_emails (status, created_at);
create index campaign_emails_campaign_status_idx on campaign_emails (campaign_id, status, created_at);
create index campaign_emails_representative_idx on campaign_emails (representative_id);
-- The 24-hour rule: has this supporter written to this representative lately?
create index campaign_emails_supporter_idx
    on campaign_emails (campaign_id, lower(supporter_email), representative_id, created_at)
    where method = 'server';
create trigger campaign_emails_updated_at before update on campaign_emails
    for each row execute function set_updated_at();

create table daily_salts (
    day date primary key,
    salt bytea not null,
    created_at timestamptz not null default now()
);

create table campaign_responses (
    id uuid primary key default gen_random_uuid(),
    campaign_id uuid not null,
    representative_id uuid,
    representative_name text not null,
    representative_level text not null,
    response_type text not null,
    text text not null,
    screenshot_key text,
    submitted_by uuid,
    submitter_name text not null default '',
    status text not null default 'pending',
    moderation_note text not null default '',
    moderated_by uuid,
    moderated_at timestamptz,
    upvotes integer not null default 0,
    -- The representative's confirmation: the email goes to verification_email
    -- with links whose token only the email holds (the hash is minted at send).
    verification_email text,
    verification_token_hash bytea,
    verification_expires_at timestamptz,
    verified_at timestamptz,
    reported_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint campaign_responses_campaign_fk foreign key (campaign_id) references campaigns (id) on delete cascade,
    constraint campaign_responses_representative_fk
        foreign key (representative_id) references representatives (id) on delete set null,
    constraint campaign_responses_submitted_by_fk foreign key (submitted_by) references users (id) on delete set null,
    constraint campaign_responses_moderated_by_fk foreign key (moderated_by) references users (id) on delete set null,
    constraint campaign_responses_screenshot_key_key unique (screenshot_key),
    constraint campaign_responses_token_hash_key unique (verification_token_hash),
    constraint campaign_responses_type_check check (response_type in
        ('email', 'letter', 'phone_call', 'meeting', 'social_media', 'other')),
    constraint campaign_responses_status_check check (status in ('pending', 'approved', 'rejected')),
    constraint campaign_responses_level_check
        check (representative_level in ('federal', 'provincial', 'municipal', 'school_board')),
    constraint campaign_responses_upvotes_check check (upvotes >= 0)
);
create index campaign_responses_campaign_idx on campaign_responses (campaign_id, status, created_at desc);
create index campaign_responses_upvotes_idx on campaign_responses (campaign_id, upvotes desc) where status = 'approved';
create index campaign_responses_status_idx on campaign_responses (status, created_at);
create index campaign_responses_representative_idx on campaign_responses (representative_id);
create index campaign_responses_submitted_by_idx on campaign_responses (submitted_by);
create index campaign_responses_moderated_by_idx on campaign_responses (moderated_by);
create trigger campaign_responses_updated_at before update on campaign_responses
    for each row execute function set_updated_at();

-- One upvote per voter: a signed-in user, or an anonymous address hashed with
-- the day's salt (never the address itself).
create table response_upvotes (
    response_id uuid not null,
    voter bytea not null,
    user_id uuid,
    created_at timestamptz not null default now(),
    constraint response_upvotes_pkey primary key (response_id, voter),
    constraint response_upvotes_response_fk foreign key (response_id) references campaign_responses (id) on delete cascade,
    constraint response_upvotes_user_fk foreign key (user_id) references users (id) on delete cascade
);
create index response_upvotes_user_idx on response_upvotes (user_id);

-- The email that asks a representative to confirm a response posted on a
-- campaign's wall, as an editable template (see 0007 for the others).
insert into email_templates (key, category, name, description) values
    ('response_verification', 'influence', 'Response verification', 'The request to a representative to confirm, or report, a response a supporter posted on a campaign''s wall.');

insert into email_template_versions (template_id, version, subject, body_text, body_html, note)
select t.id, 1, d.subject, d.body_text, d.body_html, 'The default'
from (values
('response_verification', $s$Is this your response about "{{CAMPAIGN_TITLE}}"?$s$,
$t$Hello {{REPRESENTATIVE_NAME}},

A constituent posted the response below, attributed to you, on the public page of the campaign "{{CAMPAIGN_TITLE}}".

{{RESPONSE_TEXT}}

If it is yours, confirm it and it is shown with a verified badge: {{VERIFY_URL}}

If it is not, report it and it is taken down for review: {{REPORT_URL}}

Both links work for {{EXPIRES_IN}}.
$t$,
$h$<p>Hello {{REPRESENTATIVE_NAME}},</p>
<p>A constituent posted the response below, attributed to you, on the public page of the campaign "{{CAMPAIGN_TITLE}}".</p>
<blockquote style="white-space:pre-wrap;border-left:3px solid #ccc;margin:0;padding-left:12px">{{RESPONSE_TEXT}}</blockquote>
<p><a href="{{VERIFY_URL}}" style="display:inline-block;padding:10px 16px;background:#2457c5;color:#fff;border-radius:6px;text-decoration:none">Confirm this response</a></p>
<p style="font-size:12px;color:#666">{{VERIFY_URL}}</p>
<p>If it is not yours, <a href="{{REPORT_URL}}">report it</a> and it is taken down for review.</p>
<p>Both links work for {{EXPIRES_IN}}.</p>$h$)
) as d (key, subject, body_text, body_html)
join email_templates t on t.key = d.key;
