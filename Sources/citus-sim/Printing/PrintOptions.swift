// The table-printing settings psql keeps in its printQueryOpt and that
// `\pset`, `\x`, `\t`, `\a` and the -A/-t/-x/-F/-R/--csv flags change.

/// How query results are laid out, as psql's `\pset` options describe it.
struct PrintOptions {
    /// psql's output formats that citus-sim draws.
    enum Format: String, CaseIterable {
        case aligned, unaligned, csv, wrapped
    }

    /// `\pset expanded`: off, on, or auto (vertical when too wide).
    enum Expanded {
        case off, on, auto
    }

    /// `\pset format`.
    var format = Format.aligned
    /// `\pset expanded`, also `\x` and `-x`.
    var expanded = Expanded.off
    /// `\pset border`: 0, 1 or 2.
    var border = 1
    /// `\pset tuples_only`, also `\t` and `-t`.
    var tuplesOnly = false
    /// `\pset fieldsep` for unaligned output.
    var fieldSeparator = "|"
    /// `\pset fieldsep_zero`: a NUL byte separates fields.
    var fieldSeparatorZero = false
    /// `\pset recordsep` for unaligned output.
    var recordSeparator = "\n"
    /// `\pset recordsep_zero`: a NUL byte separates records.
    var recordSeparatorZero = false
    /// `\pset csv_fieldsep`: one single-byte character.
    var csvFieldSeparator: Character = ","
    /// `\pset null`: what a NULL prints as.
    var nullString = ""
    /// `\pset footer`: whether the `(N rows)` footer is printed.
    var showFooter = true
    /// `\pset title`, printed above the table.
    var title: String?
    /// `\pset linestyle`.
    var lineStyle = LineStyle.ascii
    /// `\pset columns`: the target width for wrapped and auto-expanded
    /// output; 0 means the terminal's width when writing to a terminal.
    var columns = 0
}
