-- msdb schema 002: runs listed in creation order (`msdb runs` without --sort, with --limit) walk
-- this index and stop early instead of sorting every matching run.
CREATE INDEX runs_by_created ON runs (created_at);
