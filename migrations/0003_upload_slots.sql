-- Upload slots become the table of the one upload flow (shared::uploads) that
-- every module uses, not only Trajectory's avatars and attachments.
--
-- - Every slot names its owner (owner_type, owner_id). child_id, the family-data
--   scope, becomes optional: uploads outside Trajectory have none.
-- - final_key is the key the client presents on confirmation and the object is
--   served under; object_key is where the presigned PUT writes. Confirmation
--   copies the bytes from one to the other and checks the copy, so a client that
--   kept the PUT URL cannot replace the checked bytes afterwards. A multipart
--   upload (upload_id) is assembled by the server at its final key, which no URL
--   the client holds can write, so there both keys are the same.
-- - state lets one confirmation claim a slot: open -> claiming -> claimed. A
--   claimed slot is kept until it expires, so that the scheduler then deletes
--   whatever was PUT again at its object_key.
-- - purpose is no longer a closed list: each module names its purposes in code,
--   and modules built in parallel would otherwise rewrite the same constraint.

-- Slots issued before this migration are ten-minute tickets of the previous
-- flow, which wrote straight to the final key. They are dropped, and their
-- objects deleted unless something already uses them.
insert into object_deletions (object_key)
    select object_key from upload_slots
    where object_key not in (select avatar_key from children where avatar_key is not null)
      and object_key not in (select object_key from attachments)
    on conflict do nothing;
delete from upload_slots;

alter table upload_slots
    drop constraint upload_slots_purpose_check,
    alter column child_id drop not null,
    alter column owner_type set not null,
    alter column owner_id set not null,
    add column final_key text not null,
    add column upload_id text,
    add column state text not null default 'open',
    add column updated_at timestamptz not null default now(),
    add constraint upload_slots_final_key_key unique (final_key),
    add constraint upload_slots_state_check check (state in ('open', 'claiming', 'claimed')),
    add constraint upload_slots_size_check check (size_bytes > 0),
    add constraint upload_slots_multipart_check
        check ((upload_id is null) = (object_key <> final_key));
create trigger upload_slots_updated_at before update on upload_slots
    for each row execute function set_updated_at();
