// `CREATE EXTENSION pg_cron`: pg_cron 1.4, the version Debian ships for
// PostgreSQL 15. cron.job and cron.job_run_details are real tables with
// 1.4's columns; schedule, unschedule, alter_job and schedule_in_database
// are the native functions of CronLibrary, and the node's CronScheduler
// runs the jobs at their times on the node's clock.
// TODO(#6): the jobid and runid sequences (ids come from the library's
// counters until sequences exist), row-level security on both tables
// and the cache-invalidation trigger (the scheduler reads cron.job
// afresh every minute instead).

/// The pg_cron extension package.
final class CronExtension: ExtensionPackage {
    let name = "pg_cron"
    let version = "1.4-1"
    let comment = "Job scheduler for PostgreSQL"
    let libraryName: String? = CronLibrary.name
    let fixedSchema: String? = "pg_catalog"

    func installScript() -> String {
        """
        CREATE SCHEMA cron;
        CREATE TABLE cron.job (
            jobid bigint PRIMARY KEY,
            schedule text NOT NULL,
            command text NOT NULL,
            nodename text NOT NULL DEFAULT 'localhost',
            nodeport int NOT NULL DEFAULT inet_server_port(),
            database text NOT NULL DEFAULT current_database(),
            username text NOT NULL DEFAULT current_user,
            active boolean NOT NULL DEFAULT true,
            jobname name,
            CONSTRAINT jobname_username_uniq UNIQUE (jobname, username));
        CREATE TABLE cron.job_run_details (
            jobid bigint,
            runid bigint PRIMARY KEY,
            job_pid integer,
            database text,
            username text,
            command text,
            status text,
            return_message text,
            start_time timestamptz,
            end_time timestamptz);
        CREATE FUNCTION cron.schedule(schedule text, command text) RETURNS bigint
            LANGUAGE C STRICT AS 'MODULE_PATHNAME', $$cron_schedule$$;
        CREATE FUNCTION cron.unschedule(job_id bigint) RETURNS bool
            LANGUAGE C STRICT AS 'MODULE_PATHNAME', $$cron_unschedule$$;
        CREATE FUNCTION cron.unschedule(job_name name) RETURNS bool
            LANGUAGE C STRICT AS 'MODULE_PATHNAME', $$cron_unschedule_named$$;
        CREATE FUNCTION cron.schedule(job_name text, schedule text, command text)
            RETURNS bigint
            LANGUAGE C AS 'MODULE_PATHNAME', $$cron_schedule_named$$;
        CREATE FUNCTION cron.alter_job(job_id bigint, schedule text default null,
            command text default null, database text default null,
            username text default null, active boolean default null)
            RETURNS void
            LANGUAGE C AS 'MODULE_PATHNAME', $$cron_alter_job$$;
        CREATE FUNCTION cron.schedule_in_database(job_name text, schedule text,
            command text, database text, username text default null,
            active boolean default 'true')
            RETURNS bigint
            LANGUAGE C AS 'MODULE_PATHNAME', $$cron_schedule_named$$;
        """
    }
}
