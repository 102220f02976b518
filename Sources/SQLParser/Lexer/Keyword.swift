// PostgreSQL 15's keywords as one enum, so the parser tests a token
// against a keyword by comparing small integers instead of strings.

/// A keyword of PostgreSQL 15 (kwlist.h), in kwlist.h's alphabetical order.
///
/// Raw values start at 1 (0 marks a token that is no keyword) and index
/// `Keywords.words`; case names are the spellings in lowerCamelCase
/// (`currentDate` is `current_date`), and a unit test checks that they and
/// the spelling table agree.
package enum Keyword: UInt16, Sendable {
    case abort = 1
    case absolute, access, action, add, admin, after, aggregate, all, also
    case alter, always, analyse, analyze, and, any, array, `as`, asc, asensitive
    case assertion, assignment, asymmetric, at, atomic, attach, attribute, authorization
    case backward, before, begin, between, bigint, binary, bit, boolean, both, breadth
    case by, cache, call, called, cascade, cascaded, `case`, cast, catalog, chain, char
    case character, characteristics, check, checkpoint, `class`, close, cluster
    case coalesce, collate, collation, column, columns, comment, comments, commit
    case committed, compression, concurrently, configuration, conflict, connection
    case constraint, constraints, content, `continue`, conversion, copy, cost, create
    case cross, csv, cube, current, currentCatalog, currentDate, currentRole
    case currentSchema, currentTime, currentTimestamp, currentUser, cursor, cycle
    case data, database, day, deallocate, dec, decimal, declare, `default`, defaults
    case deferrable, deferred, definer, delete, delimiter, delimiters, depends, depth
    case desc, detach, dictionary, disable, discard, distinct, `do`, document, domain
    case double, drop, each, `else`, enable, encoding, encrypted, end, `enum`, escape
    case event, except, exclude, excluding, exclusive, execute, exists, explain
    case expression, `extension`, external, extract, `false`, family, fetch, filter
    case finalize, first, float, following, `for`, force, foreign, forward, freeze, from
    case full, function, functions, generated, global, grant, granted, greatest, group
    case grouping, groups, handler, having, header, hold, hour, identity, `if`, ilike
    case immediate, immutable, implicit, `import`, `in`, include, including, increment
    case index, indexes, inherit, inherits, initially, inline, inner, `inout`, input
    case insensitive, insert, instead, int, integer, intersect, interval, into, invoker
    case `is`, isnull, isolation, join, key, label, language, large, last, lateral
    case leading, leakproof, least, left, level, like, limit, listen, load, local
    case localtime, localtimestamp, location, lock, locked, logged, mapping, match
    case matched, materialized, maxvalue, merge, method, minute, minvalue, mode, month
    case move, name, names, national, natural, nchar, new, next, nfc, nfd, nfkc, nfkd
    case no, none, normalize, normalized, not, nothing, notify, notnull, nowait, null
    case nullif, nulls, numeric, object, of, off, offset, oids, old, on, only
    case `operator`, option, options, or, order, ordinality, others, out, outer, over
    case overlaps, overlay, overriding, owned, owner, parallel, parameter, parser
    case partial, partition, passing, password, placing, plans, policy, position
    case preceding, precision, prepare, prepared, preserve, primary, prior, privileges
    case procedural, procedure, procedures, program, publication, quote, range, read
    case real, reassign, recheck, recursive, ref, references, referencing, refresh
    case reindex, relative, release, rename, repeatable, replace, replica, reset
    case restart, restrict, `return`, returning, returns, revoke, right, role, rollback
    case rollup, routine, routines, row, rows, rule, savepoint, schema, schemas, scroll
    case search, second, security, select, sequence, sequences, serializable, server
    case session, sessionUser, set, setof, sets, share, show, similar, simple, skip
    case smallint, snapshot, some, sql, stable, standalone, start, statement, statistics
    case stdin, stdout, storage, stored, strict, strip, subscription, substring, support
    case symmetric, sysid, system, table, tables, tablesample, tablespace, temp
    case template, temporary, text, then, ties, time, timestamp, to, trailing
    case transaction, transform, treat, trigger, trim, `true`, truncate, trusted, type
    case types, uescape, unbounded, uncommitted, unencrypted, union, unique, unknown
    case unlisten, unlogged, until, update, user, using, vacuum, valid, validate
    case validator, value, values, varchar, variadic, varying, verbose, version, view
    case views, volatile, when, `where`, whitespace, window, with, within, without, work
    case wrapper, write, xml, xmlattributes, xmlconcat, xmlelement, xmlexists, xmlforest
    case xmlnamespaces, xmlparse, xmlpi, xmlroot, xmlserialize, xmltable, year, yes
    case zone
}
