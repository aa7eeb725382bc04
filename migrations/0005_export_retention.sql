-- Export archives hold a family's health records, so they do not outlive their
-- purpose: a ready archive expires (the scheduler deletes its object and marks
-- the export `expired`), and deleting a child expires every archive of its
-- family, since each may hold the child's records.
--
-- - expires_at: when a ready archive is deleted (set by the worker when the
--   archive is stored); for an expired export, when it was.
-- - exports_expiry_idx: the scheduler's search for archives past their time.
-- The one-export-per-hour rule reads a family's newest exports through the
-- existing exports_family_idx (family_id, created_at desc).

alter table exports
    add column expires_at timestamptz,
    drop constraint exports_status_check,
    add constraint exports_status_check
        check (status in ('queued', 'running', 'ready', 'failed', 'expired'));

-- Archives stored before this migration expire seven days after they were built.
update exports set expires_at = completed_at + interval '7 days'
    where status = 'ready' and completed_at is not null;

create index exports_expiry_idx on exports (expires_at) where status = 'ready';
