// The texts of `--help`, `--version` and `\?`: psql's, trimmed to what
// citus-sim does.

/// Fixed texts the CLI prints.
enum HelpText {
    /// `--version`.
    static let version =
        "citus-sim 0.1 (simulates Citus 12.1 on PostgreSQL 15.18; psql 15 compatible)\n"

    /// The interactive banner.
    static let banner = """
        citus-sim (0.1, simulating PostgreSQL 15.18 with Citus 12.1)
        Type "help" for help.


        """

    /// `--help`.
    static let usage = """
        citus-sim runs a simulated Citus 12.1 cluster on PostgreSQL 15 inside one
        process and talks to it the way psql 15 talks to a server: same options,
        same output, byte for byte.

        Usage:
          citus-sim [OPTION]... [DBNAME [USERNAME]]

        Cluster options:
          --workers=N              worker nodes beside the coordinator (default: 2)
          --bare                   a coordinator without citus created, to build
                                   the cluster by hand (CREATE EXTENSION citus,
                                   citus_set_coordinator_host, citus_add_node)
          --clock=real|virtual[=TIMESTAMP]
                                   the cluster's clock (default: real); a virtual
                                   clock moves only with pg_sleep and
                                   citus_sim.advance, running background sessions
                                   and cron jobs as it passes their times
          --seed=N                 random() repeats from run to run

        Commands:
          citus-sim lab [--step] [--real-time]
                                   run Labs 3 to 6 of the real-time analytics lab
          citus-sim serve [--host=ADDR] [--port=N] [--password=P] [cluster options]
                                   serve the coordinator over PostgreSQL's protocol
                                   (citus-sim serve --help for its options)

        General options:
          -c, --command=COMMAND    run only single command (SQL or internal) and exit
          -d, --dbname=DBNAME      database name to connect to (default: "citus")
          -f, --file=FILENAME      execute commands from file, then exit
          -v, --set=, --variable=NAME=VALUE
                                   set psql variable NAME to VALUE
                                   (e.g., -v ON_ERROR_STOP=1)
          -V, --version            output version information, then exit
          -X, --no-psqlrc          do not read startup file (~/.psqlrc)
          -1 ("one"), --single-transaction
                                   execute as a single transaction (if non-interactive)
          -?, --help               show this help, then exit

        Input and output options:
          -a, --echo-all           echo all input from script
          -b, --echo-errors        echo failed commands
          -e, --echo-queries       echo commands sent to server
          -q, --quiet              run quietly (no messages, only query output)
          -S, --single-line        single-line mode (end of line terminates SQL command)

        Output format options:
          -A, --no-align           unaligned table output mode
              --csv                CSV (Comma-Separated Values) table output mode
          -F, --field-separator=STRING
                                   field separator for unaligned output (default: "|")
          -P, --pset=VAR[=ARG]     set printing option VAR to ARG (see \\pset command)
          -R, --record-separator=STRING
                                   record separator for unaligned output (default: newline)
          -t, --tuples-only        print rows only
          -x, --expanded           turn on expanded table output
          -z, --field-separator-zero
                                   set field separator for unaligned output to zero byte
          -0, --record-separator-zero
                                   set record separator for unaligned output to zero byte

        Connection options:
          -U, --username=USERNAME  database user name (default: "postgres")
          -h, -p, -w, -W           accepted for compatibility and ignored: the node
                                   is embedded, there is no host, port or password

        Without -X, ~/.psqlrc-15.18, ~/.psqlrc-15 or ~/.psqlrc is read first, as
        psql does. Messages carry psql's "psql:" prefix so that output can be
        compared with psql's. Type "\\?" inside citus-sim for its backslash commands.

        """

    /// `\?`.
    static let slashCommands = """
        General
          \\q                     quit citus-sim

        Query Buffer
          \\g                     execute query (and send results to stdout)
          \\gset [PREFIX]         execute query and store result in psql variables
          \\gx                    as \\g, but forces expanded output mode
          \\p                     show the contents of the query buffer
          \\r                     reset (clear) the query buffer

        Input/Output
          \\echo [-n] [STRING]    write string to standard output (-n for no newline)
          \\i FILE                execute commands from file
          \\ir FILE               as \\i, but relative to location of current script
          \\qecho [-n] [STRING]   write string to \\o output stream (-n for no newline)
          \\warn [-n] [STRING]    write string to standard error (-n for no newline)

        Conditional
          \\if EXPR               begin conditional block
          \\elif EXPR             alternative within current conditional block
          \\else                  final alternative within current conditional block
          \\endif                 end conditional block

        Formatting
          \\a                     toggle between unaligned and aligned output mode
          \\C [STRING]            set table title, or unset if none
          \\f [STRING]            show or set field separator for unaligned query output
          \\pset [NAME [VALUE]]   set table output option
                                 (border|columns|csv_fieldsep|expanded|fieldsep|
                                 fieldsep_zero|footer|format|linestyle|null|
                                 recordsep|recordsep_zero|title|tuples_only)
          \\t [on|off]            show only rows
          \\x [on|off|auto]       toggle expanded output

        Connection
          \\conninfo              display information about current connection

        Operating System
          \\timing [on|off]       toggle timing of commands

        Variables
          \\set [NAME [VALUE]]    set internal variable, or list all if no parameters
          \\unset NAME            unset (delete) internal variable


        """
}
