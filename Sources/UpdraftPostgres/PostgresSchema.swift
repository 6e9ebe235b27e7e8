/// The database schema: every table lives in the PostgreSQL schema `updraft`, so a database shared with other
/// software (an Airflow metadata database has its own `dag_run`) is never touched outside it.
///
/// Migrations are append-only: a released one is never edited; a change is a new migration with the next version.
/// ``PostgresMigrator`` applies them under an advisory lock and records each in `updraft.schema_migrations`.
///
/// Times are `timestamptz` (microsecond precision); JSON values are `json`, kept exactly as written. Child tables
/// refer to a run by its integer key, which keeps them and their indexes small.
enum PostgresSchema {
    struct Migration: Sendable {
        var version: Int
        var name: String
        /// One statement each (the extended query protocol runs one statement per query).
        var statements: [String]
    }

    static let name = "updraft"

    /// The table recording applied migrations; created by the first migration run, never changed after.
    static let migrationsTable = """
        CREATE TABLE IF NOT EXISTS updraft.schema_migrations (
            version integer PRIMARY KEY,
            name text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """

    static let migrations = [
        Migration(version: 1, name: "v1-runs", statements: [
            """
            CREATE TABLE updraft.dag_run (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                dag_id text NOT NULL,
                run_id text NOT NULL,
                logical_date timestamptz NOT NULL,
                run_type text NOT NULL,
                state text NOT NULL,
                start_date timestamptz,
                end_date timestamptz,
                params json NOT NULL,
                conf json NOT NULL,
                note text,
                data_interval_start timestamptz,
                data_interval_end timestamptz,
                run_after timestamptz,
                lease_owner text,
                lease_hostname text,
                lease_pid integer,
                lease_expires timestamptz,
                CONSTRAINT dag_run_dag_id_run_id_key UNIQUE (dag_id, run_id)
            )
            """,
            // Runs of a DAG by logical date (listing newest first, the previous run, the scheduler's latest run).
            "CREATE INDEX dag_run_by_logical_date ON updraft.dag_run (dag_id, logical_date, run_id)",
            // One scheduled or backfill run per DAG and logical date, whichever replica creates it.
            """
            CREATE UNIQUE INDEX dag_run_one_per_interval ON updraft.dag_run (dag_id, logical_date)
                WHERE run_type <> 'manual'
            """,
            // Runs by state (queued runs for the scheduler, running runs for the UI).
            "CREATE INDEX dag_run_by_state ON updraft.dag_run (state, dag_id)",
            """
            CREATE TABLE updraft.task_instance (
                run bigint NOT NULL REFERENCES updraft.dag_run (id) ON DELETE CASCADE,
                task_id text NOT NULL,
                state text NOT NULL,
                try_number integer NOT NULL,
                max_tries integer NOT NULL,
                start_date timestamptz,
                end_date timestamptz,
                error text,
                PRIMARY KEY (run, task_id)
            )
            """,
            // Task instances by state, across runs and within one (scheduler, UI).
            "CREATE INDEX task_instance_by_state ON updraft.task_instance (state, run)",
            // The primary key (run, task_id, try_number) also serves "the latest try of a task" (a backward scan).
            """
            CREATE TABLE updraft.task_try (
                run bigint NOT NULL REFERENCES updraft.dag_run (id) ON DELETE CASCADE,
                task_id text NOT NULL,
                try_number integer NOT NULL,
                state text NOT NULL,
                start_date timestamptz NOT NULL,
                end_date timestamptz,
                error text,
                hostname text,
                external_handle json,
                PRIMARY KEY (run, task_id, try_number)
            )
            """,
            """
            CREATE TABLE updraft.dag (
                dag_id text PRIMARY KEY,
                is_paused boolean NOT NULL,
                description text,
                schedule text NOT NULL,
                timetable text NOT NULL,
                time_zone text NOT NULL,
                tags json NOT NULL,
                owners json NOT NULL,
                max_active_runs integer NOT NULL,
                max_active_tasks integer NOT NULL,
                next_logical_date timestamptz,
                next_run_after timestamptz,
                last_seen_at timestamptz
            )
            """,
            """
            CREATE TABLE updraft.xcom (
                run bigint NOT NULL REFERENCES updraft.dag_run (id) ON DELETE CASCADE,
                task_id text NOT NULL,
                key text NOT NULL,
                value json NOT NULL,
                PRIMARY KEY (run, task_id, key)
            )
            """,
        ]),
        // The pool a running try holds slots of: replicas count running tries per DAG and per pool when they start
        // one (`startTries`), across every run.
        Migration(version: 2, name: "v2-task-pools", statements: [
            "ALTER TABLE updraft.task_instance ADD COLUMN pool text NOT NULL DEFAULT 'default_pool'",
            "ALTER TABLE updraft.task_instance ADD COLUMN pool_slots integer NOT NULL DEFAULT 1",
            // The running tries a start counts: a small index the planner picks whatever its statistics say, so the
            // count never reads the task instances of a large run or of the whole history.
            "CREATE INDEX task_instance_running ON updraft.task_instance (run) WHERE state = 'running'",
        ]),
    ]
}
