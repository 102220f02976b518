// The statements of Lab 6 as ../shared/lab/Exercise6.md gives them,
// verbatim but for trailing spaces (Tests/CLITests/LabTests.swift checks
// each against Fixtures/lab/lab6.sql), for `citus-sim lab`.

extension LabText {
    /// Lab 6: the rollup table's hll column.
    static let addHll: String = #"""
        ALTER TABLE http_request_1min ADD COLUMN distinct_ip_addresses hll;

        """#
    /// Lab 6: the rollup function, with distinct IP addresses in an hll.
    static let rollupHll: String = #"""
        -- function to do the rollup
        CREATE OR REPLACE FUNCTION rollup_http_request() RETURNS void AS $$
        DECLARE
        curr_rollup_time timestamptz := date_trunc('minute', now());
        last_rollup_time timestamptz := minute from latest_rollup;
        BEGIN
        INSERT INTO http_request_1min (
            site_id, ingest_time, request_country, request_count,
            success_count, error_count, sum_response_time_msec,
            distinct_ip_addresses
        ) SELECT
            site_id,
            date_trunc('minute', ingest_time),
            request_country,
            COUNT(1) as request_count,
            SUM(CASE WHEN (status_code between 200 and 299) THEN 1 ELSE 0 END) as success_count,
            SUM(CASE WHEN (status_code between 200 and 299) THEN 0 ELSE 1 END) as error_count,
            SUM(response_time_msec) AS sum_response_time_msec,
            hll_add_agg(hll_hash_text(ip_address)) AS distinct_ip_addresses
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
        sum_response_time_msec = http_request_1min.sum_response_time_msec + excluded.sum_response_time_msec,
        distinct_ip_addresses = hll_union(http_request_1min.distinct_ip_addresses,excluded.distinct_ip_addresses);

        -- update the value in latest_rollup so that next time we run the
        -- rollup it will operate on data newer than curr_rollup_time
        UPDATE latest_rollup SET minute = curr_rollup_time;
        END;
        $$ LANGUAGE plpgsql;

        """#
    /// Lab 6: the rollup, run by hand.
    static let runRollup: String = #"""
        SELECT rollup_http_request();

        """#
    /// Lab 6: the dashboard with distinct IP addresses.
    static let hllDashboard: String = #"""
        SELECT site_id, ingest_time as minute, request_count, success_count,
        error_count, sum_response_time_msec/request_count as average_response_time_msec,
        hll_cardinality(distinct_ip_addresses)::bigint AS distinct_ip_address_count
        FROM http_request_1min
        WHERE ingest_time > date_trunc('minute', now()) - interval '5 minutes' LIMIT 15;

        """#
    /// Lab 6: distinct IP addresses over five minutes.
    static let distinctOverTime: String = #"""
        SELECT hll_cardinality(hll_union_agg(distinct_ip_addresses))::bigint
        FROM http_request_1min
        WHERE ingest_time > date_trunc('minute', now()) - '5 minutes'::interval
        LIMIT 15;

        """#
    /// Lab 6: the rollup table's TopN column.
    static let addTopn: String = #"""
        ALTER TABLE http_request_1min ADD COLUMN top_urls_1000 JSONB;

        """#
    /// Lab 6: the rollup function, with the top URLs.
    static let rollupTopn: String = #"""
        CREATE OR REPLACE FUNCTION rollup_http_request() RETURNS void AS $$
        DECLARE
        curr_rollup_time timestamptz := date_trunc('minute', now());
        last_rollup_time timestamptz := minute from latest_rollup;
        BEGIN
        INSERT INTO http_request_1min (
            site_id, ingest_time, request_country, request_count,
            success_count, error_count, sum_response_time_msec,
            distinct_ip_addresses,top_urls_1000
        ) SELECT
            site_id,
            date_trunc('minute', ingest_time),
            request_country,
            COUNT(1) as request_count,
            SUM(CASE WHEN (status_code between 200 and 299) THEN 1 ELSE 0 END) as success_count,
            SUM(CASE WHEN (status_code between 200 and 299) THEN 0 ELSE 1 END) as error_count,
            SUM(response_time_msec) AS sum_response_time_msec,
            hll_add_agg(hll_hash_text(ip_address)) AS distinct_ip_addresses,
            topn_add_agg(url::text) AS top_urls_1000
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
        sum_response_time_msec = http_request_1min.sum_response_time_msec + excluded.sum_response_time_msec,
        distinct_ip_addresses = hll_union(http_request_1min.distinct_ip_addresses,excluded.distinct_ip_addresses),
        top_urls_1000 = topn_union(http_request_1min.top_urls_1000, excluded.top_urls_1000);

        -- update the value in latest_rollup so that next time we run the
        -- rollup it will operate on data newer than curr_rollup_time
        UPDATE latest_rollup SET minute = curr_rollup_time;
        END;
        $$ LANGUAGE plpgsql;

        """#
    /// Lab 6: the dashboard with each row's top URL.
    static let topnDashboard: String = #"""
        SELECT site_id, ingest_time as minute, request_count, success_count,
        error_count, sum_response_time_msec/request_count as average_response_time_msec,
        hll_cardinality(distinct_ip_addresses)::bigint AS distinct_ip_address_count
        ,(topn(http_request_1min.top_urls_1000,1)).*
        FROM http_request_1min
        WHERE ingest_time > date_trunc('minute', now()) - interval '5 minutes' LIMIT 15;

        """#
    /// Lab 6: the top ten URLs of five minutes.
    static let topUrls: String = #"""
        SELECT (topn(topn_agg,10)).item as top_urls from (
        SELECT topn_union_agg(http_request_1min.top_urls_1000) topn_agg
        FROM http_request_1min WHERE ingest_time > date_trunc('minute', now()) - '5 minutes'::interval) a;

        """#
}
