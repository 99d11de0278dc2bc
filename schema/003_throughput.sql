-- msdb schema 003: the training throughput measured on each machine, kept so that
-- `msdb reproduce --dry-run` turns a plan's counted multiply-adds into time without measuring again
-- (`--recalibrate` measures anew and replaces the row).
CREATE TABLE throughput (
    -- The CPU model and OpenBLAS core, as a run's environment records them.
    machine      TEXT NOT NULL,
    threads      INTEGER NOT NULL CHECK (threads >= 1),
    train_gflops REAL NOT NULL CHECK (train_gflops > 0),
    infer_gflops REAL NOT NULL CHECK (infer_gflops > 0),
    measured_at  TEXT NOT NULL,
    msdb_version TEXT NOT NULL,
    PRIMARY KEY (machine, threads)
) WITHOUT ROWID;
