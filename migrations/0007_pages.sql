-- Changemaker Pages: landing pages built from ordered blocks, the messages their
-- contact forms receive, and versioned email templates with the platform's
-- own emails seeded as defaults.
--
-- - landing_pages: a page is public at /p/{slug} once published. The slug is
--   unique; the API derives it from the title and takes the next free
--   `-2`, `-3`, … candidate with `on conflict do nothing`, so two pages created
--   at once with one title never collide.
-- - landing_page_blocks: the page's blocks in order; each `data` has the fields
--   of its `kind`, checked by the API's schema for that kind (rich text already
--   sanitised). Saving a page replaces its blocks in one transaction.
-- - contact_submissions: what visitors sent through a contact-form block. They
--   outlive their page (page_id is set null) so a deleted page loses no message.
-- - email_templates / email_template_versions: a template is a key (what the
--   code asks for: `password_reset`), a category whose variables it may use, and
--   its versions. Every edit, and every rollback, appends a version; the current
--   one is the highest. Versions are never changed or deleted one by one.

create table landing_pages (
    id uuid primary key default gen_random_uuid(),
    slug text not null,
    title text not null,
    status text not null default 'draft',
    seo_title text not null default '',
    seo_description text not null default '',
    seo_image_url text not null default '',
    published_at timestamptz,
    created_by uuid,
    updated_by uuid,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint landing_pages_slug_key unique (slug),
    constraint landing_pages_status_check check (status in ('draft', 'published')),
    constraint landing_pages_created_by_fk foreign key (created_by) references users (id) on delete set null,
    constraint landing_pages_updated_by_fk foreign key (updated_by) references users (id) on delete set null
);
create index landing_pages_status_idx on landing_pages (status, updated_at desc);
create index landing_pages_updated_at_idx on landing_pages (updated_at desc);
create index landing_pages_created_by_idx on landing_pages (created_by);
create index landing_pages_updated_by_idx on landing_pages (updated_by);
create trigger landing_pages_updated_at before update on landing_pages
    for each row execute function set_updated_at();

create table landing_page_blocks (
    id uuid primary key default gen_random_uuid(),
    page_id uuid not null,
    position integer not null,
    kind text not null,
    data jsonb not null default '{}',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint landing_page_blocks_page_fk foreign key (page_id) references landing_pages (id) on delete cascade,
    -- The unique index on (page_id, position) also serves the page's block list.
    constraint landing_page_blocks_position_key unique (page_id, position),
    constraint landing_page_blocks_position_check check (position >= 0),
    constraint landing_page_blocks_kind_check check (kind in (
        'hero', 'text', 'features', 'call_to_action', 'testimonials', 'contact_form',
        'video', 'campaign_embed')),
    constraint landing_page_blocks_data_check check (jsonb_typeof(data) = 'object')
);
create trigger landing_page_blocks_updated_at before update on landing_page_blocks
    for each row execute function set_updated_at();

create table contact_submissions (
    id uuid primary key default gen_random_uuid(),
    page_id uuid,
    -- The page's title when the message came, for messages whose page is gone.
    page_title text not null,
    name text not null,
    email text not null,
    message text not null,
    -- Where the notification went (the block's recipient, or the page's author).
    notify_email text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint contact_submissions_page_fk foreign key (page_id) references landing_pages (id) on delete set null
);
create index contact_submissions_page_idx on contact_submissions (page_id, created_at desc);
create index contact_submissions_created_at_idx on contact_submissions (created_at desc);
create trigger contact_submissions_updated_at before update on contact_submissions
    for each row execute function set_updated_at();

create table email_templates (
    id uuid primary key default gen_random_uuid(),
    key text not null,
    category text not null,
    name text not null,
    description text not null default '',
    created_by uuid,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint email_templates_key_key unique (key),
    constraint email_templates_key_check check (key ~ '^[a-z][a-z0-9_]{1,59}$'),
    constraint email_templates_category_check check (category in ('influence', 'map', 'system', 'payment')),
    constraint email_templates_created_by_fk foreign key (created_by) references users (id) on delete set null
);
create index email_templates_category_idx on email_templates (category, name);
create index email_templates_created_by_idx on email_templates (created_by);
create trigger email_templates_updated_at before update on email_templates
    for each row execute function set_updated_at();

create table email_template_versions (
    id uuid primary key default gen_random_uuid(),
    template_id uuid not null,
    version integer not null,
    subject text not null,
    body_text text not null,
    -- Empty: the HTML part is made from the text, paragraph by paragraph.
    body_html text not null default '',
    note text not null default '',
    -- The version this one restored (a rollback), if any.
    restored_from integer,
    -- Null for the seeded defaults and for authors whose account is gone.
    author_id uuid,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint email_template_versions_template_fk foreign key (template_id) references email_templates (id) on delete cascade,
    constraint email_template_versions_author_fk foreign key (author_id) references users (id) on delete set null,
    -- Also the index that finds a template's current (highest) version.
    constraint email_template_versions_version_key unique (template_id, version),
    constraint email_template_versions_version_check check (version >= 1)
);
create index email_template_versions_author_idx on email_template_versions (author_id);
create trigger email_template_versions_updated_at before update on email_template_versions
    for each row execute function set_updated_at();

-- The defaults: every email the platform sends, as it sent them before they
-- became templates, and the two new ones (a contact form's message, a campaign
-- email to a representative). The HTML bodies are the inside of the layout
-- every email shares (see shared::email_templates).
insert into email_templates (key, category, name, description) values
    ('password_reset', 'system', 'Password reset', 'The link that lets someone choose a new password.'),
    ('password_changed', 'system', 'Password changed', 'The notice that an account''s password was changed.'),
    ('registration_invite', 'system', 'Registration invitation', 'An administrator''s invitation to create an account.'),
    ('family_invite', 'system', 'Family invitation', 'An invitation to join a family on Trajectory.'),
    ('confirm_registration', 'system', 'Confirm a registration', 'The link that confirms the address of a new account, and creates it.'),
    ('verify_email', 'system', 'Verify an address', 'The link that confirms the address of an existing account.'),
    ('confirm_new_email', 'system', 'Confirm a new address', 'The link, sent to the new address, that completes a change of address.'),
    ('email_change_requested', 'system', 'Change of address asked for', 'The notice to the current address that a change of address was asked for.'),
    ('account_exists', 'system', 'Account already exists', 'The notice that someone tried to register with an address that has an account.'),
    ('contact_message', 'system', 'Contact form message', 'A message sent through the contact form of a landing page, to its recipient.'),
    ('campaign_email', 'influence', 'Campaign email', 'The email a supporter sends to a representative through a campaign.');

insert into email_template_versions (template_id, version, subject, body_text, body_html, note)
select t.id, 1, d.subject, d.body_text, d.body_html, 'The default'
from (values
('password_reset', $s$Reset your password$s$,
$t$Hello {{USERNAME}},

Someone asked to reset the password of your account. If it was you, choose a new password with the link below.

The link works once, for {{EXPIRES_IN}}. If you did not ask for this, ignore this email: your password stays as it is.

{{RESET_URL}}
$t$,
$h$<p>Hello {{USERNAME}},</p>
<p>Someone asked to reset the password of your account. If it was you, choose a new password with the link below.</p>
<p>The link works once, for {{EXPIRES_IN}}. If you did not ask for this, ignore this email: your password stays as it is.</p>
<p><a href="{{RESET_URL}}" style="display:inline-block;padding:10px 16px;background:#2457c5;color:#fff;border-radius:6px;text-decoration:none">Choose a new password</a></p>
<p style="font-size:12px;color:#666">{{RESET_URL}}</p>$h$),

('password_changed', $s$Your password was changed$s$,
$t$Hello {{USERNAME}},

The password of your account was just changed, and every device was signed out.

If this was not you, reset your password at once and tell your administrator.$t$,
$h$<p>Hello {{USERNAME}},</p>
<p>The password of your account was just changed, and every device was signed out.</p>
<p>If this was not you, reset your password at once and tell your administrator.</p>$h$),

('registration_invite', $s${{INVITED_BY}} invites you to join$s$,
$t$Hello,

{{INVITED_BY}} invites you to create an account.

The invitation works once, for {{EXPIRES_IN}}, with this email address.

{{REGISTER_URL}}
$t$,
$h$<p>Hello,</p>
<p>{{INVITED_BY}} invites you to create an account.</p>
<p>The invitation works once, for {{EXPIRES_IN}}, with this email address.</p>
<p><a href="{{REGISTER_URL}}" style="display:inline-block;padding:10px 16px;background:#2457c5;color:#fff;border-radius:6px;text-decoration:none">Create your account</a></p>
<p style="font-size:12px;color:#666">{{REGISTER_URL}}</p>$h$),

('family_invite', $s${{INVITED_BY}} invites you to the family {{FAMILY_NAME}}$s$,
$t$Hello,

{{INVITED_BY}} invites you to join the family "{{FAMILY_NAME}}" on Trajectory, where you can {{#if READ_ONLY}}see{{else}}see and update{{/if}} the children's health records.

The invitation works once, for {{EXPIRES_IN}}, for the account that uses this email address. Sign in or create an account with it, then accept.

{{INVITE_URL}}
$t$,
$h$<p>Hello,</p>
<p>{{INVITED_BY}} invites you to join the family &quot;{{FAMILY_NAME}}&quot; on Trajectory, where you can {{#if READ_ONLY}}see{{else}}see and update{{/if}} the children&#39;s health records.</p>
<p>The invitation works once, for {{EXPIRES_IN}}, for the account that uses this email address. Sign in or create an account with it, then accept.</p>
<p><a href="{{INVITE_URL}}" style="display:inline-block;padding:10px 16px;background:#2457c5;color:#fff;border-radius:6px;text-decoration:none">Accept the invitation</a></p>
<p style="font-size:12px;color:#666">{{INVITE_URL}}</p>$h$),

('confirm_registration', $s$Confirm your email address$s$,
$t$Hello,

Someone, hopefully you, asked to create the account "{{USERNAME}}" with this email address. Open the link below to confirm the address and create the account.

The link works once, for {{EXPIRES_IN}}. If you did not ask for this, ignore this email: no account is created.

{{CONFIRM_URL}}
$t$,
$h$<p>Hello,</p>
<p>Someone, hopefully you, asked to create the account &quot;{{USERNAME}}&quot; with this email address. Open the link below to confirm the address and create the account.</p>
<p>The link works once, for {{EXPIRES_IN}}. If you did not ask for this, ignore this email: no account is created.</p>
<p><a href="{{CONFIRM_URL}}" style="display:inline-block;padding:10px 16px;background:#2457c5;color:#fff;border-radius:6px;text-decoration:none">Confirm and create the account</a></p>
<p style="font-size:12px;color:#666">{{CONFIRM_URL}}</p>$h$),

('verify_email', $s$Confirm your email address$s$,
$t$Hello {{USERNAME}},

Open the link below to confirm that this address belongs to your account.

The link works once, for {{EXPIRES_IN}}.

{{CONFIRM_URL}}
$t$,
$h$<p>Hello {{USERNAME}},</p>
<p>Open the link below to confirm that this address belongs to your account.</p>
<p>The link works once, for {{EXPIRES_IN}}.</p>
<p><a href="{{CONFIRM_URL}}" style="display:inline-block;padding:10px 16px;background:#2457c5;color:#fff;border-radius:6px;text-decoration:none">Confirm the address</a></p>
<p style="font-size:12px;color:#666">{{CONFIRM_URL}}</p>$h$),

('confirm_new_email', $s$Confirm your new email address$s$,
$t$Hello {{USERNAME}},

You asked to use this address for your account. It takes the place of the old one once you open the link below.

The link works once, for {{EXPIRES_IN}}. If you did not ask for this, ignore this email: nothing changes.

{{CONFIRM_URL}}
$t$,
$h$<p>Hello {{USERNAME}},</p>
<p>You asked to use this address for your account. It takes the place of the old one once you open the link below.</p>
<p>The link works once, for {{EXPIRES_IN}}. If you did not ask for this, ignore this email: nothing changes.</p>
<p><a href="{{CONFIRM_URL}}" style="display:inline-block;padding:10px 16px;background:#2457c5;color:#fff;border-radius:6px;text-decoration:none">Use this address</a></p>
<p style="font-size:12px;color:#666">{{CONFIRM_URL}}</p>$h$),

('email_change_requested', $s$A change of your email address was asked for$s$,
$t$Hello {{USERNAME}},

Someone signed in to your account with its password and asked to use {{NEW_EMAIL}} as its email address instead of this one. The change takes effect only once that address confirms it.

If this was not you, change your password at once: whoever asked knows it.$t$,
$h$<p>Hello {{USERNAME}},</p>
<p>Someone signed in to your account with its password and asked to use {{NEW_EMAIL}} as its email address instead of this one. The change takes effect only once that address confirms it.</p>
<p>If this was not you, change your password at once: whoever asked knows it.</p>$h$),

('account_exists', $s$Someone tried to register with your email address$s$,
$t$Hello {{USERNAME}},

Someone just tried to create a new account with this email address. It already belongs to your account, so no second account was created.

If it was you, sign in at {{LOGIN_URL}} (or choose a new password at {{RESET_URL}} if you forgot it).

If it was not you, ignore this email: nothing changed.$t$,
$h$<p>Hello {{USERNAME}},</p>
<p>Someone just tried to create a new account with this email address. It already belongs to your account, so no second account was created.</p>
<p>If it was you, sign in at {{LOGIN_URL}} (or choose a new password at {{RESET_URL}} if you forgot it).</p>
<p>If it was not you, ignore this email: nothing changed.</p>$h$),

('contact_message', $s$New message from {{CONTACT_NAME}} on "{{PAGE_TITLE}}"$s$,
$t${{CONTACT_NAME}} <{{CONTACT_EMAIL}}> wrote through the contact form of "{{PAGE_TITLE}}" ({{PAGE_URL}}):

{{MESSAGE}}

Reply to this email to answer them.$t$,
$h$<p>{{CONTACT_NAME}} &lt;{{CONTACT_EMAIL}}&gt; wrote through the contact form of <a href="{{PAGE_URL}}">{{PAGE_TITLE}}</a>:</p>
<blockquote style="white-space:pre-wrap;border-left:3px solid #ccc;margin:0;padding-left:12px">{{MESSAGE}}</blockquote>
<p>Reply to this email to answer them.</p>$h$),

('campaign_email', $s${{SUBJECT}}$s$,
$t${{MESSAGE}}

--
{{#if SUPPORTER_NAME}}{{SUPPORTER_NAME}}{{else}}A constituent{{/if}}{{#if SUPPORTER_POSTAL_CODE}} ({{SUPPORTER_POSTAL_CODE}}){{/if}} sent this email through the campaign "{{CAMPAIGN_TITLE}}": {{CAMPAIGN_URL}}$t$,
$h$<div style="white-space:pre-wrap">{{MESSAGE}}</div>
<p style="font-size:12px;color:#666">{{#if SUPPORTER_NAME}}{{SUPPORTER_NAME}}{{else}}A constituent{{/if}}{{#if SUPPORTER_POSTAL_CODE}} ({{SUPPORTER_POSTAL_CODE}}){{/if}} sent this email through the campaign <a href="{{CAMPAIGN_URL}}">{{CAMPAIGN_TITLE}}</a>.</p>$h$)
) as d (key, subject, body_text, body_html)
join email_templates t on t.key = d.key;
