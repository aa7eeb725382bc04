-- Changemaker Map: households on PostGIS, their edit history, drawn turf
-- ("cuts"), and the address points the offline geocoder reads.
--
-- Geometries are in WGS 84 (SRID 4326, longitude/latitude) as GeoJSON has them.
-- Distances are measured on the spheroid by casting to geography; the GiST
-- indexes on the geometry columns serve `ST_Covers` and `ST_DWithin`.
--
-- - locations: one household (an address and unit). Occupant email and phone are
--   AES-256-GCM ciphertexts sealed by the API with the key from configuration
--   (never plaintext here, nor in history or logs). `last_visited_at` and
--   `last_visit_outcome` are written by canvassing (latest visit wins) and read
--   by the per-cut stats, which count a location as visited once it has one.
-- - location_history: who changed what and when, as `{field: {before, after}}`;
--   encrypted fields show only that they changed. The history outlives its
--   location (no foreign key), so a deletion stays on record.
-- - cuts: turf drawn on the map, stored as a MultiPolygon (a Polygon is
--   promoted), valid per `ST_IsValid` (the API answers 422 with
--   `ST_IsValidReason` first). Shifts and canvass sessions will reference
--   `cuts (id)`.
-- - address_points: imported reference addresses with their points, read by
--   the offline geocoder (`address_key` is the normalised address).

create extension if not exists postgis;

-- The key two addresses match by (the API's `address_key` computes the same):
-- lower case, every run of punctuation and spaces one space, then `|` and the unit.
create function map_address_key(address text, unit text) returns text
    language sql immutable parallel safe
    return trim(regexp_replace(lower(address), '[^[:alnum:]]+', ' ', 'g'))
        || '|' || trim(regexp_replace(lower(unit), '[^[:alnum:]]+', ' ', 'g'));

create table locations (
    id uuid primary key default gen_random_uuid(),
    address text not null,
    unit text not null default '',
    occupant_name text not null default '',
    occupant_email bytea,
    occupant_phone bytea,
    support_level smallint,
    lawn_sign boolean not null default false,
    lawn_sign_size text,
    notes text not null default '',
    point geometry(Point, 4326),
    geocode_status text not null default 'pending',
    geocode_provider text,
    geocode_confidence real,
    geocoded_at timestamptz,
    last_visited_at timestamptz,
    last_visit_outcome text,
    created_by uuid,
    updated_by uuid,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint locations_support_level_check check (support_level between 1 and 4),
    constraint locations_lawn_sign_size_check check (
        lawn_sign_size in ('small', 'medium', 'large')
        and lawn_sign
        or lawn_sign_size is null),
    constraint locations_geocode_status_check check (
        geocode_status in ('pending', 'geocoded', 'failed', 'manual')),
    constraint locations_geocode_confidence_check check (geocode_confidence between 0 and 1),
    -- Geocoded and manual locations have a point; pending and failed ones may keep
    -- an earlier point until the new address is found.
    constraint locations_point_check check (
        geocode_status not in ('geocoded', 'manual') or point is not null),
    constraint locations_created_by_fk foreign key (created_by) references users (id) on delete set null,
    constraint locations_updated_by_fk foreign key (updated_by) references users (id) on delete set null
);
create index locations_point_idx on locations using gist (point);
create index locations_updated_at_idx on locations (updated_at desc, id);
-- De-duplication and the offline geocoder look households up by address.
create index locations_address_key_idx on locations (map_address_key(address, unit));
create index locations_support_level_idx on locations (support_level);
create index locations_geocode_status_idx on locations (geocode_status);
create index locations_created_by_idx on locations (created_by);
create index locations_updated_by_idx on locations (updated_by);
create trigger locations_updated_at before update on locations
    for each row execute function set_updated_at();

create table location_history (
    id uuid primary key default gen_random_uuid(),
    location_id uuid not null,
    actor_id uuid,
    action text not null,
    changes jsonb not null default '{}',
    created_at timestamptz not null default now(),
    constraint location_history_action_check check (action in ('create', 'update', 'delete', 'import', 'geocode')),
    constraint location_history_changes_check check (jsonb_typeof(changes) = 'object'),
    constraint location_history_actor_fk foreign key (actor_id) references users (id) on delete set null
);
create index location_history_location_idx on location_history (location_id, created_at desc);
create index location_history_actor_idx on location_history (actor_id);

create table cuts (
    id uuid primary key default gen_random_uuid(),
    name text not null,
    category text not null default 'custom',
    colour text not null default '#3388ff',
    description text not null default '',
    geom geometry(MultiPolygon, 4326) not null,
    created_by uuid,
    updated_by uuid,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint cuts_category_check check (category in ('custom', 'ward', 'neighbourhood', 'district')),
    constraint cuts_colour_check check (colour ~ '^#[0-9a-f]{6}$'),
    constraint cuts_geom_valid_check check (ST_IsValid(geom)),
    constraint cuts_created_by_fk foreign key (created_by) references users (id) on delete set null,
    constraint cuts_updated_by_fk foreign key (updated_by) references users (id) on delete set null
);
create index cuts_geom_idx on cuts using gist (geom);
create index cuts_category_idx on cuts (category, name);
create index cuts_name_idx on cuts (name, id);
create index cuts_created_by_idx on cuts (created_by);
create index cuts_updated_by_idx on cuts (updated_by);
create trigger cuts_updated_at before update on cuts
    for each row execute function set_updated_at();

create table address_points (
    id uuid primary key default gen_random_uuid(),
    address_key text not null,
    address text not null,
    point geometry(Point, 4326) not null,
    source text not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint address_points_key unique (source, address_key)
);
create trigger address_points_updated_at before update on address_points
    for each row execute function set_updated_at();
create index address_points_address_key_idx on address_points (address_key);
create index address_points_point_idx on address_points using gist (point);

-- Geocoding jobs travel through the outbox to their own queue (beside the
-- video queue of 0013).
alter table outbox drop constraint outbox_queue_check;
alter table outbox add constraint outbox_queue_check check (queue in ('email', 'export', 'video', 'geocode'));

-- A shift may name the cut its volunteers walk (0011 kept the column without
-- its constraint until cuts existed).
alter table shifts add constraint shifts_cut_fk foreign key (cut_id) references cuts (id) on delete set null;
