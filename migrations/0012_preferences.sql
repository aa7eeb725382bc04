-- Display preferences: a theme (system, light, dark) and a date format join the
-- units on the user's `preferences` object. A preference never written reads as
-- its default in the API, so existing rows need no change; PATCH /api/me merges
-- what it is given into the object, which therefore must stay an object.
alter table users
    alter column preferences set default '{"units": "metric", "theme": "system", "date_format": "auto"}';
alter table users
    add constraint users_preferences_object_check check (jsonb_typeof(preferences) = 'object');

-- A family's private calendar feed (its children's visits as iCalendar): one per
-- family, whose URL carries a token that is the credential. Only the token's
-- SHA-256 is kept; making a new URL replaces it, revoking deletes the row.
create table calendar_feeds (
    family_id uuid primary key,
    token_hash bytea not null,
    created_by uuid,
    created_at timestamptz not null default now(),
    constraint calendar_feeds_family_fk foreign key (family_id) references families (id) on delete cascade,
    constraint calendar_feeds_created_by_fk foreign key (created_by) references users (id) on delete set null,
    constraint calendar_feeds_token_hash_key unique (token_hash)
);
create index calendar_feeds_created_by_idx on calendar_feeds (created_by);
