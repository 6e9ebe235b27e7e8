import GRDB

/// The database schema, created and upgraded by GRDB's migrator. Migrations are append-only: a released one is never
/// edited, a change is a new migration.
///
/// Dates are Unix seconds (`REAL`, microsecond precision); JSON values are text. Child tables refer to a run by its
/// integer key, which keeps them small and their indexes short.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-runs") { db in
            try db.execute(sql: """
                CREATE TABLE dag_run (
                    id INTEGER PRIMARY KEY,
                    dag_id TEXT NOT NULL,
                    run_id TEXT NOT NULL,
                    logical_date REAL NOT NULL,
                    run_type TEXT NOT NULL,
                    state TEXT NOT NULL,
                    start_date REAL,
                    end_date REAL,
                    params TEXT NOT NULL,
                    conf TEXT NOT NULL,
                    note TEXT,
                    data_interval_start REAL,
                    data_interval_end REAL,
                    run_after REAL,
                    lease_owner TEXT,
                    lease_hostname TEXT,
                    lease_pid INTEGER,
                    lease_expires REAL,
                    UNIQUE (dag_id, run_id)
                );
                -- Runs of a DAG by logical date (listing, previous run, the scheduler's latest run).
                CREATE INDEX dag_run_by_logical_date ON dag_run (dag_id, logical_date);
                -- One scheduled or backfill run per DAG and logical date, whoever creates it.
                CREATE UNIQUE INDEX dag_run_one_per_interval ON dag_run (dag_id, logical_date)
                    WHERE run_type != 'manual';
                CREATE INDEX dag_run_by_state ON dag_run (state, dag_id);

                CREATE TABLE task_instance (
                    run INTEGER NOT NULL REFERENCES dag_run (id) ON DELETE CASCADE,
                    task_id TEXT NOT NULL,
                    state TEXT NOT NULL,
                    try_number INTEGER NOT NULL,
                    max_tries INTEGER NOT NULL,
                    start_date REAL,
                    end_date REAL,
                    error TEXT,
                    PRIMARY KEY (run, task_id)
                ) WITHOUT ROWID;
                -- Task instances by state, in a run and across runs (scheduler, UI).
                CREATE INDEX task_instance_by_state ON task_instance (state, run);

                CREATE TABLE task_try (
                    run INTEGER NOT NULL REFERENCES dag_run (id) ON DELETE CASCADE,
                    task_id TEXT NOT NULL,
                    try_number INTEGER NOT NULL,
                    state TEXT NOT NULL,
                    start_date REAL NOT NULL,
                    end_date REAL,
                    error TEXT,
                    hostname TEXT,
                    external_handle TEXT,
                    PRIMARY KEY (run, task_id, try_number)
                ) WITHOUT ROWID;

                CREATE TABLE dag (
                    dag_id TEXT PRIMARY KEY,
                    is_paused INTEGER NOT NULL,
                    description TEXT,
                    schedule TEXT NOT NULL,
                    timetable TEXT NOT NULL,
                    time_zone TEXT NOT NULL,
                    tags TEXT NOT NULL,
                    owners TEXT NOT NULL,
                    max_active_runs INTEGER NOT NULL,
                    max_active_tasks INTEGER NOT NULL,
                    next_logical_date REAL,
                    next_run_after REAL,
                    last_seen_at REAL
                ) WITHOUT ROWID;

                CREATE TABLE xcom (
                    run INTEGER NOT NULL REFERENCES dag_run (id) ON DELETE CASCADE,
                    task_id TEXT NOT NULL,
                    key TEXT NOT NULL,
                    value TEXT NOT NULL,
                    PRIMARY KEY (run, task_id, key)
                ) WITHOUT ROWID;
                """)
        }
        // The pool a running try holds slots of: processes count running tries per DAG and per pool when they start
        // one (`startTries`), across every run.
        migrator.registerMigration("v2-task-pools") { db in
            try db.execute(sql: """
                ALTER TABLE task_instance ADD COLUMN pool TEXT NOT NULL DEFAULT 'default_pool';
                ALTER TABLE task_instance ADD COLUMN pool_slots INTEGER NOT NULL DEFAULT 1;
                -- Runs with a try the slots refused: a try's end wakes other processes only while one waits.
                CREATE TABLE slot_wait (run INTEGER PRIMARY KEY REFERENCES dag_run (id) ON DELETE CASCADE);
                """)
        }
        // Tries a run's owner queues for whichever process sharing the store claims them (`claimTries`): who holds a
        // try's claim, and until when, so that the owner takes the try over once the claim lapses.
        migrator.registerMigration("v3-try-claims") { db in
            try db.execute(sql: """
                ALTER TABLE task_try ADD COLUMN claim_owner TEXT;
                ALTER TABLE task_try ADD COLUMN claim_expires REAL;
                -- Queued tries, oldest first (what claimers take): a few rows among every try ever run.
                CREATE INDEX task_try_queued ON task_try (start_date, run, task_id) WHERE state = 'queued';
                -- Claimed tries by claimer (what a claimer renews).
                CREATE INDEX task_try_by_claim_owner ON task_try (claim_owner) WHERE claim_owner IS NOT NULL;
                """)
        }
        return migrator
    }
}
