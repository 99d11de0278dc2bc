-- msdb schema 003: the training throughput measured on each machine, per network workload, kept so
-- that `msdb reproduce --dry-run` turns a plan's counted multiply-adds into time without measuring
-- again (`--recalibrate` measures anew and replaces the rows).
CREATE TABLE throughput (
    -- The CPU model and OpenBLAS core, as a run's environment records them.
    machine      TEXT NOT NULL,
    threads      INTEGER NOT NULL CHECK (threads >= 1),
    -- The network, input shape and batch measured, e.g. `unet … 1x256x256 batch 4`.
    workload     TEXT NOT NULL,
    train_gflops REAL NOT NULL CHECK (train_gflops > 0),
    infer_gflops REAL NOT NULL CHECK (infer_gflops > 0),
    measured_at  TEXT NOT NULL,
    msdb_version TEXT NOT NULL,
    PRIMARY KEY (machine, threads, workload)
) WITHOUT ROWID;
