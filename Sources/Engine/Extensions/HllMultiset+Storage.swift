// The storage format of postgresql-hll (schema version 1): a version and
// type byte, a byte of regwidth-1 and log2m, a byte of sparseon and the
// encoded expthresh, then the 64-bit hashes (EXPLICIT, big-endian), the
// non-zero registers as (index, value) bit fields (SPARSE) or every
// register as a regwidth-bit field (FULL). hll_print's text lives here too.

/// Storage type codes of the first byte's low nibble.
private enum HllStorageType: UInt8 {
    case undefined = 0, empty = 1, explicit = 2, sparse = 3, full = 4
}

extension HllParameters {
    /// The expthresh field: 63 for auto, 0 for none, else log2 + 1.
    var encodedExpthresh: UInt8 {
        if expthresh == -1 { return 63 }
        if expthresh == 0 { return 0 }
        return UInt8(63 - expthresh.leadingZeroBitCount + 1)
    }

    /// The three header bytes for storage type `type`.
    fileprivate func header(_ type: HllStorageType) -> [UInt8] {
        [
            0x10 | type.rawValue, UInt8(((regwidth - 1) & 7) << 5 | log2m),
            UInt8(sparseon << 6) | encodedExpthresh,
        ]
    }

    /// `nregs=2048, nbits=5, expthresh=-1(160), sparseon=1` as hll_print
    /// shows them (the effective threshold only for "auto").
    var printed: String {
        let threshold = expthresh == -1 ? "-1(\(effectiveExpthresh))" : "\(expthresh)"
        return "nregs=\(registerCount), nbits=\(regwidth), "
            + "expthresh=\(threshold), sparseon=\(sparseon)"
    }
}

extension HllMultiset {
    /// The stored bytes; the register file goes SPARSE when sparse is on
    /// and the (index, value) fields take fewer bits than every register.
    var bytes: [UInt8] {
        let p = parameters
        switch contents {
        case .undefined: return p.header(.undefined)
        case .empty: return p.header(.empty)
        case .explicit(let elements):
            var out = p.header(.explicit)
            for e in elements {
                let u = UInt64(bitPattern: e)
                for shift in stride(from: 56, through: 0, by: -8) {
                    out.append(UInt8(truncatingIfNeeded: u >> UInt64(shift)))
                }
            }
            return out
        case .registers(let regs):
            let filled = regs.indices.filter { regs[$0] != 0 }
            let sparseBits = filled.count * (p.log2m + p.regwidth)
            if p.sparseon == 1, sparseBits < regs.count * p.regwidth {
                var writer = HllBitWriter(p.header(.sparse))
                for i in filled {
                    writer.write(UInt64(i) << UInt64(p.regwidth) | UInt64(regs[i]),
                                 width: p.log2m + p.regwidth)
                }
                return writer.bytes
            }
            var writer = HllBitWriter(p.header(.full))
            for r in regs { writer.write(UInt64(r), width: p.regwidth) }
            return writer.bytes
        }
    }

    /// Reads stored bytes back, with the extension's checks. Missing
    /// header bytes read as zero (the sizes checked next reject them).
    init(bytes: [UInt8]) throws {
        func byte(_ i: Int) -> UInt8 { i < bytes.count ? bytes[i] : 0 }
        let version = byte(0) >> 4
        guard version == 1 else {
            throw SQLError(SQLState.dataException, "unknown schema version \(version)")
        }
        let p = HllParameters(
            log2m: Int(byte(1) & 31), regwidth: Int(byte(1) >> 5) + 1,
            expthresh: Self.decodeExpthresh(byte(2) & 63), sparseon: Int(byte(2) >> 6) & 1)
        let body = bytes.count > 3 ? Array(bytes[3...]) : []
        func fail(_ m: String) -> SQLError { SQLError(SQLState.dataException, m) }
        switch HllStorageType(rawValue: byte(0) & 15) {
        case .undefined:
            guard bytes.count == 3 else { throw fail("undefined multiset value") }
            self.init(p, .undefined)
        case .empty:
            guard bytes.count == 3 else { throw fail("inconsistently sized empty multiset") }
            self.init(p, .empty)
        case .explicit:
            guard bytes.count >= 3, body.count % 8 == 0 else {
                throw fail("inconsistently sized explicit multiset")
            }
            self.init(p, .explicit(try Self.explicitElements(body, p)))
        case .sparse:
            guard bytes.count >= 3 else { throw fail("sparse multiset too small") }
            guard p.log2m <= 17 else { throw fail("sparse multiset too large") }
            self.init(p, .registers(try Self.sparseRegisters(body, p)))
        case .full:
            guard bytes.count >= 3, body.count == (p.registerCount * p.regwidth + 7) / 8
            else { throw fail("inconsistently sized compressed multiset") }
            self.init(p, .registers(Self.fullRegisters(body, p)))
        case nil:
            throw fail("undefined multiset type")
        }
    }

    /// The expthresh an encoded field stands for.
    static func decodeExpthresh(_ v: UInt8) -> Int64 {
        if v == 63 { return -1 }
        if v == 0 { return 0 }
        return Int64(1) << Int64(v - 1)
    }

    /// EXPLICIT's hashes, which must be strictly ascending.
    private static func explicitElements(
        _ body: [UInt8], _ p: HllParameters
    ) throws -> [Int64] {
        var elements: [Int64] = []
        elements.reserveCapacity(body.count / 8)
        for i in stride(from: 0, to: body.count, by: 8) {
            var u: UInt64 = 0
            for j in 0..<8 { u = u << 8 | UInt64(body[i + j]) }
            elements.append(Int64(bitPattern: u))
        }
        for i in elements.indices.dropFirst() where elements[i - 1] >= elements[i] {
            let shown = HllMultiset(p, .explicit(elements)).printed
            throw SQLError(
                SQLState.dataException, "duplicate or descending explicit elements: \(shown)")
        }
        return elements
    }

    /// SPARSE's (index, value) fields; less than a byte of padding may
    /// follow them.
    private static func sparseRegisters(
        _ body: [UInt8], _ p: HllParameters
    ) throws -> [UInt8] {
        var regs = [UInt8](repeating: 0, count: p.registerCount)
        let width = p.log2m + p.regwidth
        let count = body.count * 8 / width
        guard body.count * 8 - count * width < 8 else {
            throw SQLError(SQLState.dataException, "inconsistent padding in sparse hll argument")
        }
        var reader = HllBitReader(body)
        for _ in 0..<count {
            let field = reader.read(width: width)
            let index = Int(field >> UInt64(p.regwidth)) & (regs.count - 1)
            regs[index] = UInt8(field & UInt64(p.maxRegisterValue))
        }
        return regs
    }

    /// FULL's registers (the caller checked the size).
    private static func fullRegisters(_ body: [UInt8], _ p: HllParameters) -> [UInt8] {
        var reader = HllBitReader(body)
        return (0..<p.registerCount).map { _ in UInt8(reader.read(width: p.regwidth)) }
    }

    /// hll_print's description.
    var printed: String {
        let p = parameters
        switch contents {
        case .undefined: return "UNDEFINED " + p.printed
        case .empty: return "EMPTY, " + p.printed
        case .explicit(let elements):
            var out = "EXPLICIT, \(elements.count) elements, \(p.printed):"
            for (i, e) in elements.enumerated() {
                out += "\n\(i): " + leftPadded(String(e), 20) + " "
            }
            return out
        case .registers(let regs):
            let filled = regs.filter { $0 != 0 }.count
            var out = "COMPRESSED, \(filled) filled \(p.printed):"
            for row in 0..<(regs.count / 32) {
                out += "\n" + leftPadded(String(row * 32), 4) + ": "
                for r in regs[(row * 32)..<(row * 32 + 32)] {
                    out += leftPadded(String(r), 2) + " "
                }
            }
            return out
        }
    }
}

/// `s` right-aligned in `width` columns, as printf's %*d.
private func leftPadded(_ s: String, _ width: Int) -> String {
    s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
}

/// Appends bit fields most significant bit first, a byte at a time; the
/// last byte is padded with zero bits.
private struct HllBitWriter {
    private var out: [UInt8]
    /// Bits not yet written out, right-aligned, and how many there are
    /// (fewer than 8 between writes).
    private var pending: UInt64 = 0
    private var pendingCount = 0

    init(_ prefix: [UInt8]) { out = prefix }

    /// Writes the low `width` bits of `value` (width at most 56).
    mutating func write(_ value: UInt64, width: Int) {
        let mask: UInt64 = width >= 64 ? ~0 : (1 << UInt64(width)) - 1
        pending = pending << UInt64(width) | (value & mask)
        pendingCount += width
        while pendingCount >= 8 {
            pendingCount -= 8
            out.append(UInt8(truncatingIfNeeded: pending >> UInt64(pendingCount)))
        }
        pending &= (1 << UInt64(pendingCount)) - 1
    }

    /// The bytes written, the last one padded.
    var bytes: [UInt8] {
        guard pendingCount > 0 else { return out }
        return out + [UInt8(truncatingIfNeeded: pending << UInt64(8 - pendingCount))]
    }
}

/// Reads bit fields most significant bit first.
private struct HllBitReader {
    let bytes: [UInt8]
    private var position = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func read(width: Int) -> UInt64 {
        var v: UInt64 = 0
        for _ in 0..<width {
            let byte = bytes[position / 8]
            v = v << 1 | UInt64((byte >> UInt8(7 - position % 8)) & 1)
            position += 1
        }
        return v
    }
}
