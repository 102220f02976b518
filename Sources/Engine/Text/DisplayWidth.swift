// Display width of characters as psql and libpq measure it (ucs_wcwidth
// in PostgreSQL's wchar.c): what table printing and the caret under an
// error's position both count in.

/// Column widths of characters and strings on a terminal.
package enum DisplayWidth {
    /// The columns `scalar` takes: 0 for combining marks, 2 for wide East
    /// Asian characters, -1 for control characters, else 1.
    package static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value == 0 { return 0 }
        if value < 0x20 || (value >= 0x7F && value < 0xA0) { return -1 }
        if value < 0x300 { return value == 0xAD ? 0 : 1 }
        if contains(nonSpacing, value) { return 0 }
        if contains(eastAsianWide, value) { return 2 }
        return 1
    }

    /// Binary search of a sorted list of disjoint ranges.
    private static func contains(_ table: [ClosedRange<UInt32>], _ value: UInt32) -> Bool {
        var low = 0
        var high = table.count - 1
        while low <= high {
            let mid = (low + high) / 2
            if table[mid].upperBound < value {
                low = mid + 1
            } else if table[mid].lowerBound > value {
                high = mid - 1
            } else {
                return true
            }
        }
        return false
    }
}
