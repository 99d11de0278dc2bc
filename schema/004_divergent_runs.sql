-- msdb schema 004: divergent copies. `msdb merge` never overwrites a done run: when another database
-- holds the same run (same spec, so the same id) done with other outputs or metrics (two machines
-- whose BLAS picked different kernels), the target keeps its own record and the other result is
-- kept in these tables, with where it came from, so nothing computed is lost and the disagreement
-- stays visible. They mirror runs, lineage (outputs only) and run_metrics.

-- One row per divergent result of a run. `version` is the SHA-256 of the result (its outputs by
-- role and its metrics' bit patterns; see `RunResultVersion`), so merging the same copy again adds
-- nothing.
CREATE TABLE divergent_runs (
    run_id       TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    version      TEXT NOT NULL CHECK (length(version) = 64 AND version NOT GLOB '*[^0-9a-f]*'),
    source       TEXT NOT NULL,                -- the database it was first merged from (absolute path)
    environment  TEXT NOT NULL DEFAULT '{}',   -- the copy's environment: CPU, BLAS core, threads
    finished_at  TEXT,
    wall_seconds REAL,
    merged_at    TEXT NOT NULL,
    PRIMARY KEY (run_id, version)
) WITHOUT ROWID;

-- The copy's output artifacts by role; gc keeps these blobs.
CREATE TABLE divergent_outputs (
    run_id      TEXT NOT NULL,
    version     TEXT NOT NULL,
    role        TEXT NOT NULL,
    artifact_id TEXT NOT NULL REFERENCES blobs (id) ON DELETE RESTRICT,
    PRIMARY KEY (run_id, version, role),
    FOREIGN KEY (run_id, version) REFERENCES divergent_runs (run_id, version) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX divergent_outputs_by_artifact ON divergent_outputs (artifact_id);

-- The copy's final metrics.
CREATE TABLE divergent_metrics (
    run_id  TEXT NOT NULL,
    version TEXT NOT NULL,
    name    TEXT NOT NULL,
    value   REAL NOT NULL,
    PRIMARY KEY (run_id, version, name),
    FOREIGN KEY (run_id, version) REFERENCES divergent_runs (run_id, version) ON DELETE CASCADE
) WITHOUT ROWID;
