-- 001_init: the content-addressed store and the run records.
-- Shipped migrations never change; a new need is a new numbered file.

-- Every artifact, once, keyed by sha256(kind || 0x00 || canonical bytes) in lowercase hex.
CREATE TABLE blobs (
    id          TEXT    PRIMARY KEY NOT NULL CHECK (length(id) = 64 AND id NOT GLOB '*[^0-9a-f]*'),
    kind        TEXT    NOT NULL CHECK (kind GLOB '[a-z]*' AND kind NOT GLOB '*[^a-z0-9_-]*'),
    raw_size    INTEGER NOT NULL CHECK (raw_size >= 0),
    stored_size INTEGER NOT NULL CHECK (stored_size >= 0),
    codec       TEXT    NOT NULL CHECK (codec IN ('zlib')),
    bytes       BLOB    NOT NULL,
    created_at  TEXT    NOT NULL
);
CREATE INDEX blobs_by_kind ON blobs (kind);

-- Artifacts that gc must keep although no run references them (imported data, figures).
CREATE TABLE pins (
    blob_id    TEXT PRIMARY KEY NOT NULL REFERENCES blobs (id) ON DELETE RESTRICT,
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);

-- One row per run; id = sha256 of the canonical spec, so equal inputs meet on one row.
CREATE TABLE runs (
    id             TEXT    PRIMARY KEY NOT NULL CHECK (length(id) = 64 AND id NOT GLOB '*[^0-9a-f]*'),
    kind           TEXT    NOT NULL,
    spec           TEXT    NOT NULL,                -- canonical JSON
    status         TEXT    NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed')),
    seed           INTEGER,
    engine_version TEXT    NOT NULL,
    environment    TEXT    NOT NULL DEFAULT '{}',   -- canonical JSON: versions, threads, BLAS, CPU
    created_at     TEXT    NOT NULL,
    started_at     TEXT,
    finished_at    TEXT,
    wall_seconds   REAL,
    claimed_by     TEXT,                            -- host:pid of the process computing it
    heartbeat_at   TEXT,                            -- last sign of life of that process
    error          TEXT
);
CREATE INDEX runs_by_kind ON runs (kind);
CREATE INDEX runs_by_status ON runs (status);

-- Typed parameters, one row each, so filters compare numbers as numbers and text as text.
CREATE TABLE run_params (
    run_id     TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    value_text TEXT,
    value_num  REAL,
    PRIMARY KEY (run_id, name),
    CHECK ((value_text IS NULL) <> (value_num IS NULL))
) WITHOUT ROWID;
CREATE INDEX run_params_by_number ON run_params (name, value_num);
CREATE INDEX run_params_by_text ON run_params (name, value_text);

-- Final metrics of a finished run.
CREATE TABLE run_metrics (
    run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    name   TEXT NOT NULL,
    value  REAL NOT NULL,
    PRIMARY KEY (run_id, name)
) WITHOUT ROWID;
CREATE INDEX run_metrics_by_value ON run_metrics (name, value);

-- Lineage: which artifacts a run read (direction 'input') and wrote ('output'), by role.
CREATE TABLE lineage (
    run_id      TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    direction   TEXT NOT NULL CHECK (direction IN ('input', 'output')),
    role        TEXT NOT NULL,
    artifact_id TEXT NOT NULL REFERENCES blobs (id) ON DELETE RESTRICT,
    PRIMARY KEY (run_id, direction, role)
) WITHOUT ROWID;
CREATE INDEX lineage_by_artifact ON lineage (artifact_id, direction);

-- Named experiments (tags) that group runs, e.g. "table3-er".
CREATE TABLE experiments (
    name        TEXT PRIMARY KEY NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE TABLE experiment_runs (
    experiment TEXT NOT NULL REFERENCES experiments (name) ON DELETE CASCADE,
    run_id     TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    PRIMARY KEY (experiment, run_id)
) WITHOUT ROWID;
CREATE INDEX experiment_runs_by_run ON experiment_runs (run_id);
