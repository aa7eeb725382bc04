-- Trajectory: families and their members, invitations, children, health records,
-- attachments and exports. Every record belongs to one child, and every child to
-- one family; access is decided by family membership.

create table families (
    id uuid primary key default gen_random_uuid(),
    name text not null,
    created_by uuid,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint families_created_by_fk foreign key (created_by) references users (id) on delete set null,
    constraint families_name_check check (char_length(name) between 1 and 100)
);
create index families_created_by_idx on families (created_by);
create trigger families_updated_at before update on families
    for each row execute function set_updated_at();

create table family_members (
    family_id uuid not null,
    user_id uuid not null,
    role text not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint family_members_pkey primary key (family_id, user_id),
    constraint family_members_family_fk foreign key (family_id) references families (id) on delete cascade,
    constraint family_members_user_fk foreign key (user_id) references users (id) on delete cascade,
    constraint family_members_role_check check (role in ('owner', 'parent', 'read_only'))
);
create index family_members_user_idx on family_members (user_id);
create trigger family_members_updated_at before update on family_members
    for each row execute function set_updated_at();

create table family_invites (
    id uuid primary key default gen_random_uuid(),
    family_id uuid not null,
    email text not null,
    role text not null,
    token_hash bytea not null,
    invited_by uuid,
    expires_at timestamptz not null,
    accepted_at timestamptz,
    accepted_by uuid,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint family_invites_family_fk foreign key (family_id) references families (id) on delete cascade,
    constraint family_invites_invited_by_fk foreign key (invited_by) references users (id) on delete set null,
    constraint family_invites_accepted_by_fk foreign key (accepted_by) references users (id) on delete set null,
    constraint family_invites_token_hash_key unique (token_hash),
    constraint family_invites_role_check check (role in ('parent', 'read_only'))
);
create index family_invites_family_idx on family_invites (family_id, created_at desc);
create index family_invites_invited_by_idx on family_invites (invited_by);
create index family_invites_accepted_by_idx on family_invites (accepted_by);
create trigger family_invites_updated_at before update on family_invites
    for each row execute function set_updated_at();

create table children (
    id uuid primary key default gen_random_uuid(),
    family_id uuid not null,
    name text not null,
    date_of_birth date not null,
    sex text not null,
    due_date date,
    birth_weight_kg numeric(5, 3),
    birth_length_cm numeric(5, 2),
    notes text not null default '',
    avatar_key text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint children_family_fk foreign key (family_id) references families (id) on delete restrict,
    constraint children_sex_check check (sex in ('male', 'female')),
    constraint children_name_check check (char_length(name) between 1 and 100)
);
create index children_family_idx on children (family_id, name);
create trigger children_updated_at before update on children
    for each row execute function set_updated_at();

create table visits (
    id uuid primary key default gen_random_uuid(),
    child_id uuid not null,
    visit_type text not null,
    visit_date date not null,
    visit_time time,
    location text not null default '',
    provider text not null default '',
    title text not null default '',
    notes text not null default '',
    tags text[] not null default '{}',
    -- Type-specific fields (sick, injury, vision, dental), validated by the API.
    details jsonb not null default '{}',
    vaccines text[] not null default '{}',
    prescriptions jsonb not null default '[]',
    created_by uuid,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint visits_child_fk foreign key (child_id) references children (id) on delete cascade,
    constraint visits_created_by_fk foreign key (created_by) references users (id) on delete set null,
    constraint visits_type_check check (visit_type in ('wellness', 'sick', 'injury', 'vision', 'dental'))
);
create index visits_child_date_idx on visits (child_id, visit_date desc);
create index visits_created_by_idx on visits (created_by);
create trigger visits_updated_at before update on visits
    for each row execute function set_updated_at();

create table measurements (
    id uuid primary key default gen_random_uuid(),
    child_id uuid not null,
    measured_on date not null,
    weight_kg numeric(6, 3),
    height_cm numeric(5, 2),
    head_circumference_cm numeric(5, 2),
    visit_id uuid,
    notes text not null default '',
    created_by uuid,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint measurements_child_fk foreign key (child_id) references children (id) on delete cascade,
    constraint measurements_visit_fk foreign key (visit_id) references visits (id) on delete set null,
    constraint measurements_created_by_fk foreign key (created_by) references users (id) on delete set null,
    constraint measurements_some_value_check check (
        weight_kg is not null or height_cm is not null or head_circumference_cm is not null)
);
create index measurements_child_date_idx on measurements (child_id, measured_on desc);
create index measurements_visit_idx on measurements (visit_id);
create index measurements_created_by_idx on measurements (created_by);
create trigger measurements_updated_at before update on measurements
    for each row execute function set_updated_at();

create table medical_events (
    id uuid primary key default gen_random_uuid(),
    child_id uuid not null,
    kind text not null,
    name text not null,
    event_date date not null,
    end_date date,
    dose text not null default '',
    notes text not null default '',
    created_by uuid,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint medical_events_child_fk foreign key (child_id) references children (id) on delete cascade,
    constraint medical_events_created_by_fk foreign key (created_by) references users (id) on delete set null,
    constraint medical_events_kind_check check (kind in ('vaccine', 'medication', 'procedure')),
    constraint medical_events_dates_check check (end_date is null or end_date >= event_date)
);
create index medical_events_child_date_idx on medical_events (child_id, event_date desc);
create index medical_events_created_by_idx on medical_events (created_by);
create trigger medical_events_updated_at before update on medical_events
    for each row execute function set_updated_at();

create table illnesses (
    id uuid primary key default gen_random_uuid(),
    child_id uuid not null,
    illness_types text[] not null,
    start_date date not null,
    end_date date,
    symptoms text not null default '',
    max_temperature_c numeric(4, 1),
    severity smallint,
    visit_id uuid,
    notes text not null default '',
    created_by uuid,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint illnesses_child_fk foreign key (child_id) references children (id) on delete cascade,
    constraint illnesses_visit_fk foreign key (visit_id) references visits (id) on delete set null,
    constraint illnesses_created_by_fk foreign key (created_by) references users (id) on delete set null,
    constraint illnesses_dates_check check (end_date is null or end_date >= start_date),
    constraint illnesses_temperature_check check (max_temperature_c is null or max_temperature_c between 35 and 45),
    constraint illnesses_severity_check check (severity is null or severity between 1 and 10),
    constraint illnesses_types_check check (cardinality(illness_types) >= 1)
);
create index illnesses_child_date_idx on illnesses (child_id, start_date desc);
create index illnesses_visit_idx on illnesses (visit_id);
create index illnesses_created_by_idx on illnesses (created_by);
create trigger illnesses_updated_at before update on illnesses
    for each row execute function set_updated_at();

-- Upload slots handed out with a presigned PUT: a confirmation must present a key
-- issued for the same record, so nobody can claim someone else's object.
create table upload_slots (
    object_key text primary key,
    purpose text not null,
    child_id uuid not null,
    owner_type text,
    owner_id uuid,
    content_type text not null,
    size_bytes bigint not null,
    created_by uuid not null,
    expires_at timestamptz not null,
    created_at timestamptz not null default now(),
    constraint upload_slots_child_fk foreign key (child_id) references children (id) on delete cascade,
    constraint upload_slots_created_by_fk foreign key (created_by) references users (id) on delete cascade,
    constraint upload_slots_purpose_check check (purpose in ('avatar', 'attachment'))
);
create index upload_slots_child_idx on upload_slots (child_id);
create index upload_slots_created_by_idx on upload_slots (created_by);
create index upload_slots_expires_idx on upload_slots (expires_at);

create table attachments (
    id uuid primary key default gen_random_uuid(),
    child_id uuid not null,
    owner_type text not null,
    owner_id uuid not null,
    object_key text not null,
    filename text not null,
    content_type text not null,
    size_bytes bigint not null,
    document_type text not null default '',
    uploaded_by uuid,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint attachments_child_fk foreign key (child_id) references children (id) on delete cascade,
    constraint attachments_uploaded_by_fk foreign key (uploaded_by) references users (id) on delete set null,
    constraint attachments_object_key_key unique (object_key),
    constraint attachments_owner_type_check check (owner_type in ('child', 'visit', 'measurement', 'illness'))
);
create index attachments_child_idx on attachments (child_id);
create index attachments_owner_idx on attachments (owner_type, owner_id, created_at desc);
create index attachments_uploaded_by_idx on attachments (uploaded_by);
create trigger attachments_updated_at before update on attachments
    for each row execute function set_updated_at();

-- Objects whose records are gone; deleted after commit, retried by the scheduler.
create table object_deletions (
    object_key text primary key,
    attempts integer not null default 0,
    created_at timestamptz not null default now()
);

create table exports (
    id uuid primary key default gen_random_uuid(),
    family_id uuid not null,
    requested_by uuid,
    status text not null default 'queued',
    progress integer not null default 0,
    object_key text,
    error text,
    completed_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint exports_family_fk foreign key (family_id) references families (id) on delete cascade,
    constraint exports_requested_by_fk foreign key (requested_by) references users (id) on delete set null,
    constraint exports_status_check check (status in ('queued', 'running', 'ready', 'failed')),
    constraint exports_progress_check check (progress between 0 and 100)
);
create index exports_family_idx on exports (family_id, created_at desc);
create index exports_requested_by_idx on exports (requested_by);
create trigger exports_updated_at before update on exports
    for each row execute function set_updated_at();

alter table outbox drop constraint outbox_queue_check;
alter table outbox add constraint outbox_queue_check check (queue in ('email', 'export'));
