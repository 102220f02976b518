// One table ready for printing, psql's printTableContent: headers with
// their alignment, the cells as text, and the footers.

/// A table to print: what `printQuery` builds from a result.
struct TableContent {
    /// How a column's values line up.
    enum Alignment {
        case left, right
    }

    /// Column headers.
    var headers: [String]
    /// Each column's alignment.
    var alignments: [Alignment]
    /// Rows of cells, each row as wide as `headers`; NULLs already replaced
    /// by the null string.
    var rows: [[String]]
    /// Explicit footers; nil to print the default `(N rows)` footer.
    var footers: [String]?
    /// A title printed above the table.
    var title: String?

    /// The default footer, `(1 row)` or `(N rows)`.
    var defaultFooter: String {
        rows.count == 1 ? "(1 row)" : "(\(rows.count) rows)"
    }

    /// The footers to print in the horizontal formats: the explicit ones,
    /// else the default unless `\pset footer off`.
    func footersWithDefault(_ options: PrintOptions) -> [String]? {
        if let footers { return footers }
        return options.showFooter ? [defaultFooter] : nil
    }

    /// Builds the table for a query result as psql's printQuery does:
    /// right-aligned number columns, NULL shown as `nullString`.
    init(result: ResultSet, options: PrintOptions) {
        let columns = result.columns ?? []
        headers = columns.map(\.name)
        alignments = columns.map { TableContent.alignment(ofType: $0.typeOID) }
        rows = result.rows.map { row in row.map { $0 ?? options.nullString } }
        footers = nil
        title = options.title
    }

    /// A table with the given parts.
    init(
        headers: [String], alignments: [Alignment], rows: [[String]],
        footers: [String]? = nil, title: String? = nil
    ) {
        self.headers = headers
        self.alignments = alignments
        self.rows = rows
        self.footers = footers
        self.title = title
    }

    /// psql's column_type_alignment: int2, int4, int8, float4, float8,
    /// numeric, oid, xid, xid8, cid and money go right, the rest left.
    static func alignment(ofType oid: Int32) -> Alignment {
        switch oid {
        case 20, 21, 23, 700, 701, 1700, 26, 28, 5069, 29, 790: return .right
        default: return .left
        }
    }
}
