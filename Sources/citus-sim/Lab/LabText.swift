// The statements of Labs 3 to 5 as ../shared/lab's exercises give them,
// verbatim (Tests/CLITests/LabTests.swift checks each against
// Fixtures/lab/), for `citus-sim lab`; Lab 6's are in LabText+Lab6.swift.

/// The lab's own SQL, block by block.
enum LabText {
    /// Lab 3: the tables, pg_partman's daily partitions, the daily maintenance
    /// job and the distribution.
    static let lab3: String = #"""
        -- this is run on the coordinator
        CREATE TABLE http_request (
        site_id INT,
        ingest_time TIMESTAMPTZ DEFAULT now(),

        url TEXT,
        request_country TEXT,
        ip_address TEXT,

        status_code INT,
        response_time_msec INT
        ) PARTITION BY RANGE (ingest_time);

        -- Configure pgpartman to create daily partitions
        SELECT partman.create_parent('public.http_request', 'ingest_time', 'native', 'daily');
        UPDATE partman.part_config SET infinite_time_partitions = true;

        -- Automatically create daily partitions
        SELECT partman.run_maintenance(p_analyze := false);

        -- Schedule automatic creation of partions on a daily basis
        SELECT cron.schedule('@daily', $$SELECT partman.run_maintenance(p_analyze := false)$$);


        CREATE TABLE http_request_1min (
        site_id INT,
        ingest_time TIMESTAMPTZ, -- which minute this row represents
        request_country TEXT,

        error_count INT,
        success_count INT,
        request_count INT,
        sum_response_time_msec INT,
        CHECK (request_count = error_count + success_count),
        CHECK (ingest_time = date_trunc('minute', ingest_time)),
        PRIMARY KEY (site_id, ingest_time,request_country)
        );

        CREATE TABLE latest_rollup (
        minute timestamptz PRIMARY KEY,

        CHECK (minute = date_trunc('minute', minute))
        );

        SELECT create_distributed_table('http_request', 'site_id');
        SELECT create_distributed_table('http_request_1min', 'site_id');

        """#
    /// Lab 4: the load generator, an endless loop.
    static let loadGenerator: String = #"""
        -- loop continuously writing records every 1/4 second
        DO $$
        BEGIN LOOP
            INSERT INTO http_request (
            site_id, ingest_time, url, request_country,
            ip_address, status_code, response_time_msec
            ) VALUES (
            trunc(random()*32), clock_timestamp(),
            concat('http://example.com/', md5(random()::text)),
            ('{China,India,USA,Indonesia}'::text[])[ceil(random()*4)],
            concat(
                trunc(random()*250 + 2), '.',
                trunc(random()*250 + 2), '.',
                trunc(random()*250 + 2), '.',
                trunc(random()*250 + 2)
            )::inet,
            ('{200,404}'::int[])[ceil(random()*2)],
            5+trunc(random()*150)
            );
            COMMIT;
            PERFORM pg_sleep(random() * 0.25);
        END LOOP;
        END $$;

        """#
    /// Lab 4: how many rows have arrived.
    static let count: String = #"""
        Select Count(*) from http_request;

        """#
    /// Lab 4: the dashboard over the raw rows.
    static let rawDashboard: String = #"""
        SELECT
        site_id,
        date_trunc('minute', ingest_time) as minute,
        COUNT(1) AS request_count,
        SUM(CASE WHEN (status_code between 200 and 299) THEN 1 ELSE 0 END) as success_count,
        SUM(CASE WHEN (status_code between 200 and 299) THEN 0 ELSE 1 END) as error_count,
        SUM(response_time_msec) / COUNT(1) AS average_response_time_msec
        FROM http_request
        WHERE date_trunc('minute', ingest_time) > now() - '5 minutes'::interval
        GROUP BY site_id, minute
        ORDER BY minute ASC
        LIMIT 15;

        """#
    /// Lab 5: the rollup table's start and the rollup function, run once.
    static let rollup: String = #"""
        -- initialize to a time long ago
        INSERT INTO latest_rollup VALUES ('10-10-1901');

        -- function to do the rollup
        CREATE OR REPLACE FUNCTION rollup_http_request() RETURNS void AS $$
        DECLARE
        curr_rollup_time timestamptz := date_trunc('minute', now());
        last_rollup_time timestamptz := minute from latest_rollup;
        BEGIN
        INSERT INTO http_request_1min (
            site_id, ingest_time, request_country, request_count,
            success_count, error_count, sum_response_time_msec
        ) SELECT
            site_id,
            date_trunc('minute', ingest_time),
            request_country,
            COUNT(1) as request_count,
            SUM(CASE WHEN (status_code between 200 and 299) THEN 1 ELSE 0 END) as success_count,
            SUM(CASE WHEN (status_code between 200 and 299) THEN 0 ELSE 1 END) as error_count,
            SUM(response_time_msec) AS sum_response_time_msec
        FROM http_request
        -- roll up only data new since last_rollup_time
        WHERE date_trunc('minute', ingest_time) <@
                tstzrange(last_rollup_time, curr_rollup_time, '(]')
        GROUP BY 1, 2,3
        ON CONFLICT (site_id,ingest_time,request_country)
        DO UPDATE
            SET request_count = http_request_1min.request_count + excluded.request_count,
            success_count = http_request_1min.success_count + excluded.success_count,
            error_count = http_request_1min.error_count + excluded.error_count,
            sum_response_time_msec = http_request_1min.sum_response_time_msec + excluded.sum_response_time_msec;

        -- update the value in latest_rollup so that next time we run the
        -- rollup it will operate on data newer than curr_rollup_time
        UPDATE latest_rollup SET minute = curr_rollup_time;
        END;
        $$ LANGUAGE plpgsql;

        SELECT rollup_http_request();

        """#
    /// Lab 5: the rollup every minute.
    static let schedule: String = #"""
        SELECT cron.schedule('* * * * *','SELECT rollup_http_request();');

        """#
    /// Lab 5: the dashboard over the rollup.
    static let rollupDashboard: String = #"""
        SELECT site_id, ingest_time as minute, request_count,
            success_count, error_count, sum_response_time_msec/request_count as average_response_time_msec
        FROM http_request_1min
        WHERE ingest_time > date_trunc('minute', now()) - '5 minutes'::interval
        LIMIT 15;

        """#
    /// Lab 5: expiring old data.
    static let expiry: String = #"""
        DELETE FROM http_request WHERE ingest_time < now() - interval '1 day';
        DELETE FROM http_request_1min WHERE ingest_time < now() - interval '1 month';

        """#
    /// Lab 5: dropping a day's partition, with the lab's placeholder name.
    static let dropPartition: String = #"""
        DROP TABLE http_request_pYYYY_MM_DD;

        """#
}
