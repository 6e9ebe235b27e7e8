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
            admitTries,
        ]),
        // Tries a run's owner queues for whichever replica has room (`claimTries`): who claimed a try, and until
        // when. The engine's upserts of tries never write these columns, so an owner's batch keeps the claim.
        Migration(version: 3, name: "v3-try-claims", statements: [
            "ALTER TABLE updraft.task_try ADD COLUMN claim_owner text",
            "ALTER TABLE updraft.task_try ADD COLUMN claim_expires timestamptz",
            // The queued tries, oldest first, without reading the history of every try.
            "CREATE INDEX task_try_queued ON updraft.task_try (start_date) WHERE state = 'queued'",
            // A claimer's tries, renewed every few seconds: claims are cleared at ends and renewals, so it stays small.
            "CREATE INDEX task_try_claimed ON updraft.task_try (claim_owner) WHERE claim_owner IS NOT NULL",
        ]),
    ]

    /// Which candidate tries may start (`startTries`), in one round trip: the advisory locks of the DAG and of the
    /// candidates' pools (in sorted order), then the running tries of live runs counted, then the candidates
    /// admitted in their order as `TrySlotLimits.admit` does. A volatile function takes a fresh snapshot for each
    /// query it runs, so the count, made once the locks are held, sees what the previous holder committed; the locks
    /// are held until the calling statement's transaction ends, after it has written the starts.
    ///
    /// `candidates`: `[{"position", "task_id", "pool", "pool_slots"}]`; `pool_sizes`: `{pool: slots}` (a pool not
    /// named is not limited).
    static let admitTries = """
        CREATE FUNCTION updraft.admit_tries(run_key bigint, dag text, candidates json, max_active_tasks integer,
                pool_sizes json, now timestamptz)
            RETURNS TABLE (task_id text) LANGUAGE plpgsql VOLATILE AS $$
        #variable_conflict use_column
        DECLARE
            lock_name text;
            running integer;
            usage jsonb;
            candidate record;
            used integer;
            size integer;
        BEGIN
            FOR lock_name IN
                SELECT 'updraft.dag_tasks.' || dag
                UNION SELECT DISTINCT 'updraft.pool.' || c.pool FROM json_to_recordset(candidates) AS c(pool text)
                ORDER BY 1
            LOOP
                PERFORM pg_advisory_xact_lock(hashtextextended(lock_name, 0));
            END LOOP;
            WITH counted AS (
                SELECT r.dag_id, i.pool, i.pool_slots
                FROM updraft.task_instance i JOIN updraft.dag_run r ON r.id = i.run
                WHERE i.state = 'running'
                    AND (r.id = run_key OR (r.state = 'running' AND (r.lease_owner IS NULL OR r.lease_expires > now)))
                    AND NOT (i.run = run_key AND i.task_id IN (
                        SELECT c.task_id FROM json_to_recordset(candidates) AS c(task_id text))))
            SELECT (SELECT count(*) FROM counted WHERE dag_id = dag),
                coalesce((SELECT jsonb_object_agg(p.pool, p.used)
                          FROM (SELECT pool, sum(pool_slots) AS used FROM counted GROUP BY pool) AS p), '{}'::jsonb)
            INTO running, usage;
            FOR candidate IN
                SELECT c.task_id AS id, c.pool, c.pool_slots
                FROM json_to_recordset(candidates) AS c(position integer, task_id text, pool text, pool_slots integer)
                ORDER BY c.position
            LOOP
                EXIT WHEN running >= max_active_tasks;
                used := coalesce((usage ->> candidate.pool)::integer, 0);
                size := (pool_sizes ->> candidate.pool)::integer;
                CONTINUE WHEN size IS NOT NULL AND used + candidate.pool_slots > size;
                running := running + 1;
                usage := jsonb_set(usage, ARRAY[candidate.pool], to_jsonb(used + candidate.pool_slots));
                task_id := candidate.id;
                RETURN NEXT;
            END LOOP;
        END
        $$
        """
}
