// How PostgreSQL 15 lays a row out on disk, to tell how many bytes a heap
// or index tuple takes: pg_type's typlen, typalign and typstorage per
// column, 1-byte varlena headers for values under 127 bytes, the null
// bitmap and MAXALIGN (8 on x86_64). The engine keeps rows in memory; this
// is only the arithmetic of PostgreSQL's heap_compute_data_size and
// index_form_tuple over the same values.

/// The storage facts of a column's type that decide its bytes on disk.
package struct AttributeLayout: Sendable {
    /// typlen: bytes of a fixed-width type, -1 for varlena.
    package var length: Int
    /// typalign in bytes: 1 (c), 2 (s), 4 (i) or 8 (d).
    package var alignment: Int
    /// typstorage is not plain: short (1-byte header) values are allowed
    /// and the type can move to a TOAST table.
    package var isToastable: Bool
}

/// Page and tuple constants of a PostgreSQL 15 build with 8 kB blocks.
package enum PageLayout {
    static let blockSize = 8192
    static let pageHeader = 24
    static let itemPointer = 4
    static let heapTupleHeader = 23
    static let indexTupleHeader = 8
    static let btreeSpecial = 16
    static let maxHeapTuplesPerPage = 291
    /// TOAST_TUPLE_THRESHOLD: tuples longer than this get their wide
    /// values compressed or moved out of line.
    static let toastThreshold = 2032
}

/// Rounds `n` up to a multiple of `alignment` (a power of two).
@inline(__always)
func alignUp(_ n: Int, _ alignment: Int) -> Int {
    (n + alignment - 1) & ~(alignment - 1)
}

/// MAXALIGN: rounds up to 8.
@inline(__always)
func maxAlign(_ n: Int) -> Int { alignUp(n, 8) }

extension PGType {
    /// typlen, typalign and typstorage as pg_type has them. Types the
    /// engine does not know (extension types such as hll) are taken as
    /// int-aligned, toastable varlenas, as those types declare themselves.
    package var attributeLayout: AttributeLayout {
        if let fixed = Self.fixedLayouts[oid] {
            return AttributeLayout(length: fixed.0, alignment: fixed.1, isToastable: false)
        }
        if isArray, let element = info?.elementOID {
            let elementAlign = PGType(oid: element).attributeLayout.alignment
            return AttributeLayout(length: -1, alignment: max(4, elementAlign), isToastable: true)
        }
        let alignment = isRange ? rangeAlignment : 4
        return AttributeLayout(length: -1, alignment: alignment, isToastable: true)
    }

    /// Ranges align as their subtype, at least to int.
    private var rangeAlignment: Int {
        guard let sub = info?.rangeSubtypeOID, sub != 0 else { return 4 }
        return max(4, PGType(oid: sub).attributeLayout.alignment)
    }

    /// typlen and typalign of the fixed-width built-in types.
    private static let fixedLayouts: [Int32: (Int, Int)] = [
        16: (1, 1), 18: (1, 1), 19: (64, 1), 20: (8, 8), 21: (2, 2), 23: (4, 4),
        24: (4, 4), 26: (4, 4), 700: (4, 4), 701: (8, 8), 774: (8, 4), 829: (6, 4),
        1082: (4, 4), 1083: (8, 8), 1114: (8, 8), 1184: (8, 8), 1186: (16, 8),
        2205: (4, 4), 2206: (4, 4), 2950: (16, 1),
    ]
}

/// Byte sizes of values as PostgreSQL stores them.
package enum DatumSize {
    /// VARSIZE of a varlena value with its 4-byte header (what the type's
    /// input function builds), before any short-header packing.
    package static func varlena(_ value: Value, type: PGType) -> Int {
        switch value {
        case .text(let s): return 4 + s.utf8.count
        case .bytea(let b): return 4 + b.count
        case .numeric(let n): return numeric(n)
        case .inet(let address): return 4 + 2 + (address.isIPv6 ? 16 : 4)
        case .array(let a): return array(a)
        case .range(let r): return range(r)
        default:
            // Fixed-width values in a varlena column do not occur; count
            // their text form rather than fail.
            return 4 + formatValue(value, type: type).utf8.count
        }
    }

    /// A numeric: the short format (2-byte header) when the scale and
    /// weight fit, then one int16 per base-10000 digit.
    static func numeric(_ n: Numeric) -> Int {
        guard n.kind == .finite else { return 4 + 2 }
        let (digits, weight) = base10000Digits(n.text)
        let short = n.scale <= 63 && weight >= -64 && weight <= 63
        return 4 + (short ? 2 : 4) + 2 * digits
    }

    /// Number of significant base-10000 digits of a numeric's text and the
    /// weight of the first one (digits are grouped from the point).
    static func base10000Digits(_ text: String) -> (count: Int, weight: Int) {
        let unsigned = text.hasPrefix("-") ? String(text.dropFirst()) : text
        let parts = unsigned.split(separator: ".", omittingEmptySubsequences: false)
        var integer = String(parts.first ?? "")
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        integer = String(repeating: "0", count: (4 - integer.count % 4) % 4) + integer
        fraction += String(repeating: "0", count: (4 - fraction.count % 4) % 4)
        var groups: [Bool] = []  // true when the group is non-zero
        for chunk in stride(from: 0, to: integer.count, by: 4) {
            groups.append(groupIsNonZero(integer, chunk))
        }
        let integerGroups = groups.count
        for chunk in stride(from: 0, to: fraction.count, by: 4) {
            groups.append(groupIsNonZero(fraction, chunk))
        }
        guard let first = groups.firstIndex(of: true),
            let last = groups.lastIndex(of: true)
        else { return (0, 0) }
        return (last - first + 1, integerGroups - 1 - first)
    }

    private static func groupIsNonZero(_ digits: String, _ offset: Int) -> Bool {
        digits.utf8.dropFirst(offset).prefix(4).contains { $0 != UInt8(ascii: "0") }
    }

    /// ArrayType: 16-byte header, dimensions and lower bounds, the null
    /// bitmap, then the elements at their alignment (varlena elements
    /// keep 4-byte headers).
    static func array(_ a: ArrayValue) -> Int {
        let ndim = a.dimensions.count
        guard ndim > 0 else { return 16 }
        let hasNulls = a.elements.contains { $0.isNull }
        let bitmap = hasNulls ? (a.elements.count + 7) / 8 : 0
        var size = maxAlign(16 + 8 * ndim + bitmap)
        let layout = a.elementType.attributeLayout
        for element in a.elements where !element.isNull {
            size = alignUp(size, layout.alignment)
            size += layout.length > 0 ? layout.length : varlena(element, type: a.elementType)
        }
        return size
    }

    /// RangeType: header and range type OID, the bounds at the subtype's
    /// alignment, a flags byte.
    static func range(_ r: RangeValue) -> Int {
        var size = 8
        let layout = r.elementType.attributeLayout
        for bound in [r.lower, r.upper] where !r.isEmpty {
            guard let bound, !bound.isNull else { continue }
            size = alignUp(size, layout.alignment)
            size += layout.length > 0 ? layout.length : varlena(bound, type: r.elementType)
        }
        return size + 1
    }

    /// Adds one attribute to a tuple's data area that is `offset` bytes
    /// long so far (heap_compute_data_size's step): short varlenas are
    /// packed unaligned, other values aligned to their type.
    static func appending(_ value: Value, type: PGType, layout: AttributeLayout, at offset: Int)
        -> Int
    {
        if layout.length > 0 {
            return alignUp(offset, layout.alignment) + layout.length
        }
        let size = varlena(value, type: type)
        if layout.isToastable && size - 4 + 1 <= 127 {
            return offset + size - 4 + 1
        }
        return alignUp(offset, layout.alignment) + size
    }
}

/// The columns of a relation as its tuples store them.
package struct TupleShape {
    package var types: [PGType]
    package var layouts: [AttributeLayout]

    /// The shape of rows with `types` (dropped columns included).
    package init(types: [PGType]) {
        self.types = types
        self.layouts = types.map(\.attributeLayout)
    }

    /// True when PostgreSQL gives the table a TOAST table
    /// (needs_toast_table: some column is a toastable varlena).
    package var needsToastTable: Bool {
        layouts.contains { $0.length < 0 && $0.isToastable }
    }

    /// t_len of the heap tuple holding `row`: the 23-byte header and null
    /// bitmap, MAXALIGNed, then the data.
    package func heapTupleLength(_ row: Row) -> Int {
        var data = 0
        var hasNull = false
        for (c, layout) in layouts.enumerated() {
            let value = c < row.count ? row[c] : .null
            if value.isNull {
                hasNull = true
                continue
            }
            data = DatumSize.appending(value, type: types[c], layout: layout, at: data)
        }
        let bitmap = hasNull ? (layouts.count + 7) / 8 : 0
        return maxAlign(PageLayout.heapTupleHeader + bitmap) + data
    }

    /// MAXALIGNed size of the index tuple of `key` over `columns`
    /// (index_form_tuple: 8-byte header, a 4-byte null bitmap when a key
    /// is NULL).
    package func indexTupleSize(_ key: [Value], columns: [Int]) -> Int {
        var data = 0
        var hasNull = false
        for (value, c) in zip(key, columns) {
            if value.isNull {
                hasNull = true
                continue
            }
            data = DatumSize.appending(value, type: types[c], layout: layouts[c], at: data)
        }
        let header = hasNull ? maxAlign(PageLayout.indexTupleHeader + 4) : 8
        return maxAlign(header + data)
    }
}
