-- Changemaker Media: the video library, its publishing schedule, and what the
-- public gallery records about viewers.
--
-- - videos: one uploaded file and what the video worker learned about it. The
--   status goes `uploading` (parts on their way to S3) → `processing` (the
--   upload was claimed; a `video` job is queued) → `ready` or `failed` (with a
--   reason a producer can act on). The object is the upload slot's final key;
--   `sha256` is computed by the worker from the stored object, and a second
--   ready video with the same bytes is refused by `videos_sha256_key` (the
--   worker marks the later one failed as a duplicate of the first).
--   Publishing: `published_at` is set while the video is public. `publish_at`
--   and `unpublish_at` are instants (UTC); the admin entered them as local
--   times in `schedule_time_zone` (an IANA name), kept to show them back. The
--   scheduler applies them.
-- - video_schedule_events: the schedule's history: every change an admin made
--   and every publication or withdrawal the scheduler applied (actor null).
-- - video_views: one play. A play from the same viewer within an hour of their
--   last counted play of the video is not a new view. `viewer_hash` is the
--   signed-in user's id hashed, or the anonymous visitor's daily-salted address
--   hash (shared::visitors): never an address. Kept 90 days (the scheduler).
-- - video_reactions: one reaction per viewer and video, of six kinds.

create table videos (
    id uuid primary key default gen_random_uuid(),
    title text not null,
    description text not null default '',
    tags text[] not null default '{}',
    category text,
    locked boolean not null default false,
    status text not null default 'uploading',
    failure_reason text,
    original_filename text not null,
    object_key text not null,
    size_bytes bigint not null,
    sha256 bytea,
    duplicate_of uuid,
    container text,
    duration_seconds double precision,
    width integer,
    height integer,
    orientation text,
    quality text,
    video_codec text,
    audio_codec text,
    has_audio boolean,
    thumbnail_key text,
    processed_at timestamptz,
    published_at timestamptz,
    publish_at timestamptz,
    unpublish_at timestamptz,
    schedule_time_zone text,
    created_by uuid,
    updated_by uuid,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint videos_object_key_key unique (object_key),
    constraint videos_status_check check (status in ('uploading', 'processing', 'ready', 'failed')),
    constraint videos_orientation_check check (orientation in ('landscape', 'portrait', 'square')),
    constraint videos_quality_check check (quality in ('4K', '1080p', '720p', '480p', 'lower')),
    constraint videos_published_ready_check check (published_at is null or status = 'ready'),
    constraint videos_schedule_order_check
        check (publish_at is null or unpublish_at is null or unpublish_at > publish_at),
    constraint videos_duplicate_of_fk foreign key (duplicate_of) references videos (id) on delete set null,
    constraint videos_created_by_fk foreign key (created_by) references users (id) on delete set null,
    constraint videos_updated_by_fk foreign key (updated_by) references users (id) on delete set null
);
create unique index videos_sha256_key on videos (sha256) where status = 'ready';
create index videos_status_idx on videos (status, created_at desc);
create index videos_published_idx on videos (published_at desc) where published_at is not null;
create index videos_publish_at_idx on videos (publish_at) where publish_at is not null;
create index videos_unpublish_at_idx on videos (unpublish_at) where unpublish_at is not null;
create index videos_tags_idx on videos using gin (tags);
create index videos_category_idx on videos (category);
create index videos_duplicate_of_idx on videos (duplicate_of);
create index videos_created_by_idx on videos (created_by);
create index videos_updated_by_idx on videos (updated_by);
create trigger videos_updated_at before update on videos
    for each row execute function set_updated_at();

create table video_schedule_events (
    id uuid primary key default gen_random_uuid(),
    video_id uuid not null,
    action text not null,
    publish_at timestamptz,
    unpublish_at timestamptz,
    time_zone text,
    actor_id uuid,
    created_at timestamptz not null default now(),
    constraint video_schedule_events_action_check
        check (action in ('scheduled', 'published', 'unpublished')),
    constraint video_schedule_events_video_fk foreign key (video_id) references videos (id) on delete cascade,
    constraint video_schedule_events_actor_fk foreign key (actor_id) references users (id) on delete set null
);
create index video_schedule_events_video_idx on video_schedule_events (video_id, created_at desc);
create index video_schedule_events_actor_idx on video_schedule_events (actor_id);

create table video_views (
    id uuid primary key default gen_random_uuid(),
    video_id uuid not null,
    viewer_hash bytea not null,
    watched_seconds double precision not null default 0,
    completed boolean not null default false,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint video_views_watched_check check (watched_seconds >= 0),
    constraint video_views_video_fk foreign key (video_id) references videos (id) on delete cascade
);
create index video_views_viewer_idx on video_views (video_id, viewer_hash, created_at desc);
create index video_views_created_at_idx on video_views (created_at);
create trigger video_views_updated_at before update on video_views
    for each row execute function set_updated_at();

create table video_reactions (
    video_id uuid not null,
    viewer_hash bytea not null,
    reaction text not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint video_reactions_pkey primary key (video_id, viewer_hash),
    constraint video_reactions_reaction_check
        check (reaction in ('like', 'love', 'laugh', 'wow', 'sad', 'angry')),
    constraint video_reactions_video_fk foreign key (video_id) references videos (id) on delete cascade
);
create trigger video_reactions_updated_at before update on video_reactions
    for each row execute function set_updated_at();

-- Video jobs go through the outbox like every other job.
alter table outbox drop constraint outbox_queue_check;
alter table outbox add constraint outbox_queue_check check (queue in ('email', 'export', 'video'));
