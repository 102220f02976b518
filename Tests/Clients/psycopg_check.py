"""Drives a server with psycopg 3: parameterised queries in text and
binary, named prepared statements, streamed rows,
errors with their fields, transactions and COPY. Prints one line per
check; the caller compares the output with what PostgreSQL 15 printed."""
import datetime
import decimal
import json
import sys
import uuid

import psycopg
from psycopg.types.json import Json, Jsonb

conninfo = sys.argv[1]
with psycopg.connect(conninfo, autocommit=True) as conn:
    cur = conn.cursor()
    cur.execute("create table items (id int primary key, name text, price numeric(10,2),"
                " seen timestamptz, tags text[], doc jsonb)")
    cur.executemany(
        "insert into items values (%s, %s, %s, %s, %s, %s)",
        [(i, f"item {i}", decimal.Decimal(i) * decimal.Decimal("1.25"),
          datetime.datetime(2024, 1, i, 12, 30, tzinfo=datetime.timezone.utc),
          [f"t{i}", "x y", None], Jsonb({"n": i, "s": "é"})) for i in range(1, 6)])
    print("rowcount", cur.rowcount)
    for binary in (False, True):
        cur = conn.cursor(binary=binary)
        cur.execute("select id, name, price, seen, tags, doc from items where id >= %s"
                    " order by id", (4,))
        print("binary" if binary else "text", cur.description[2].type_code,
              [tuple(r) for r in cur.fetchall()])
    values = (True, 7, 2**40, 1.5, decimal.Decimal("-12345.678"), "txt", b"\x00\x01\xff",
              datetime.date(2020, 2, 29), datetime.datetime(2020, 2, 29, 1, 2, 3, 456789),
              datetime.timedelta(days=3, seconds=4, microseconds=5),
              uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), Json([1, "a"]), [1, 2, None])
    for binary in (False, True):
        cur = conn.cursor(binary=binary)
        placeholders = ", ".join(["%b" if binary else "%t"] * len(values))
        cur.execute("select " + placeholders, values)
        print("roundtrip", binary, cur.fetchone(), [d.type_code for d in cur.description])
    cur = conn.cursor()
    for i in range(7):
        cur.execute("select count(*) from items where id > %s", (i,), prepare=True)
        print("prepared", i, cur.fetchone()[0])
    print("stream", [r[0] for r in cur.stream("select id from items order by id")])
    try:
        cur.execute("select 1/%s", (0,))
    except psycopg.Error as error:
        print("error", error.sqlstate, error.diag.message_primary, error.diag.severity_nonlocalized)
    try:
        cur.execute("select nosuch from items where id = %s", (1,))
    except psycopg.Error as error:
        print("error", error.sqlstate, error.diag.message_primary, error.diag.statement_position)
    with conn.transaction():
        cur.execute("update items set name = %s where id = %s", ("renamed", 1))
        print("update", cur.rowcount, conn.info.transaction_status.name)
    try:
        with conn.transaction():
            cur.execute("delete from items")
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    cur.execute("select count(*) from items")
    print("after rollback", cur.fetchone()[0])
    with cur.copy("copy items (id, name) from stdin") as copy:
        for i in range(10, 13):
            copy.write_row((i, f"copied {i}"))
    print("copy in", cur.rowcount)
    with cur.copy("copy (select id, name from items order by id) to stdout") as copy:
        print("copy out", [row for row in copy.rows()])
    cur.execute("select %s::text is null, %s", (None, "it's"))
    print("nulls", cur.fetchone())
    print("status", conn.info.server_version, conn.info.parameter_status("server_version"))
