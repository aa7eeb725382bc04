-- Changemaker Media, its social side: what viewers leave on videos (comments,
-- upvotes), the playlists admins arrange, and links that let someone watch a
-- video before it is published.
--
-- - video_comments: a signed-in viewer's comment. It is `pending` until a media
--   admin approves (or rejects) it; only approved comments are public, and an
--   author sees their own pending ones. Its author's account going takes it.
-- - video_upvotes: one per viewer and video. `viewer_hash` is the signed-in
--   user's id hashed, or the anonymous visitor's daily-salted address hash
--   (shared::visitors), as for views and reactions: never an address.
--   `user_id` is kept for a signed-in voter, so their upvotes go with them.
-- - playlists, playlist_videos: ordered lists of videos. A video is in a
--   playlist at most once (the primary key); positions run 1..n without gaps
--   or repeats. The position key is checked at commit, so a reorder rewrites
--   every position in one statement. Only public playlists, and in them only
--   published videos, are shown in the gallery.
-- - video_preview_links: a link to watch one video (published or not) for 24
--   hours. The token is handed out once and stored only as its SHA-256; a
--   revoked or expired link answers 410 until the scheduler forgets it.

create table video_comments (
    id uuid primary key default gen_random_uuid(),
    video_id uuid not null,
    author_id uuid not null,
    body text not null,
    status text not null default 'pending',
    moderated_by uuid,
    moderated_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint video_comments_status_check check (status in ('pending', 'approved', 'rejected')),
    constraint video_comments_body_check check (char_length(body) between 1 and 2000),
    constraint video_comments_video_fk foreign key (video_id) references videos (id) on delete cascade,
    constraint video_comments_author_fk foreign key (author_id) references users (id) on delete cascade,
    constraint video_comments_moderated_by_fk foreign key (moderated_by) references users (id) on delete set null
);
-- The public list of a video (approved, newest first) and the moderation queue.
create index video_comments_video_idx on video_comments (video_id, status, created_at desc);
create index video_comments_status_idx on video_comments (status, created_at);
create index video_comments_author_idx on video_comments (author_id, video_id);
create index video_comments_moderated_by_idx on video_comments (moderated_by);
create trigger video_comments_updated_at before update on video_comments
    for each row execute function set_updated_at();

create table video_upvotes (
    video_id uuid not null,
    viewer_hash bytea not null,
    user_id uuid,
    created_at timestamptz not null default now(),
    constraint video_upvotes_pkey primary key (video_id, viewer_hash),
    constraint video_upvotes_video_fk foreign key (video_id) references videos (id) on delete cascade,
    constraint video_upvotes_user_fk foreign key (user_id) references users (id) on delete cascade
);
create index video_upvotes_user_idx on video_upvotes (user_id);

create table playlists (
    id uuid primary key default gen_random_uuid(),
    title text not null,
    description text not null default '',
    is_public boolean not null default false,
    created_by uuid,
    updated_by uuid,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint playlists_title_check check (char_length(title) between 1 and 200),
    constraint playlists_created_by_fk foreign key (created_by) references users (id) on delete set null,
    constraint playlists_updated_by_fk foreign key (updated_by) references users (id) on delete set null
);
create index playlists_created_at_idx on playlists (created_at desc);
create index playlists_public_idx on playlists (created_at desc) where is_public;
create index playlists_created_by_idx on playlists (created_by);
create index playlists_updated_by_idx on playlists (updated_by);
create trigger playlists_updated_at before update on playlists
    for each row execute function set_updated_at();

create table playlist_videos (
    playlist_id uuid not null,
    video_id uuid not null,
    position integer not null,
    created_at timestamptz not null default now(),
    constraint playlist_videos_pkey primary key (playlist_id, video_id),
    constraint playlist_videos_position_key unique (playlist_id, position) deferrable initially deferred,
    constraint playlist_videos_position_check check (position >= 1),
    constraint playlist_videos_playlist_fk foreign key (playlist_id) references playlists (id) on delete cascade,
    constraint playlist_videos_video_fk foreign key (video_id) references videos (id) on delete cascade
);
create index playlist_videos_video_idx on playlist_videos (video_id);

create table video_preview_links (
    id uuid primary key default gen_random_uuid(),
    video_id uuid not null,
    token_hash bytea not null,
    expires_at timestamptz not null,
    revoked_at timestamptz,
    created_by uuid,
    created_at timestamptz not null default now(),
    constraint video_preview_links_token_hash_key unique (token_hash),
    constraint video_preview_links_expiry_check check (expires_at > created_at),
    constraint video_preview_links_video_fk foreign key (video_id) references videos (id) on delete cascade,
    constraint video_preview_links_created_by_fk foreign key (created_by) references users (id) on delete set null
);
create index video_preview_links_video_idx on video_preview_links (video_id, created_at desc);
create index video_preview_links_expires_at_idx on video_preview_links (expires_at);
create index video_preview_links_created_by_idx on video_preview_links (created_by);
