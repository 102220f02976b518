// The bytes of a numeric datum as PostgreSQL stores it, which hll_hash_any
// hashes: a 16-bit header, then base-10000 digits as 16-bit integers, all
// little-endian. Values whose weight and display scale fit use the short
// header; others the long one (sign and scale, then the weight).

/// The stored contents of numeric `n` (without the varlena header).
func numericStorageBytes(_ n: Numeric) -> [UInt8] {
    switch n.kind {
    case .nan: return littleEndian16(0xC000)
    case .positiveInfinity: return littleEndian16(0xD000)
    case .negativeInfinity: return littleEndian16(0xF000)
    case .finite: break
    }
    let (weight, digits) = base10000Digits(n.coefficientDigits, scale: n.scale)
    let dscale = n.scale
    var out: [UInt8]
    if dscale <= 63, (-64...63).contains(weight) {
        var header = 0x8000 | (dscale << 7) | (weight & 0x3F)
        if weight < 0 { header |= 0x40 }
        if n.isNegative && !digits.isEmpty { header |= 0x2000 }
        out = littleEndian16(UInt16(header))
    } else {
        let sign = n.isNegative && !digits.isEmpty ? 0x4000 : 0
        out = littleEndian16(UInt16(sign | (dscale & 0x3FFF)))
        out += littleEndian16(UInt16(truncatingIfNeeded: weight))
    }
    for d in digits { out += littleEndian16(UInt16(d)) }
    return out
}

/// The coefficient `coefficient` × 10^-scale as base-10000 digits with
/// the weight of the first; leading and trailing zero digits dropped
/// (zero has no digits and weight 0).
private func base10000Digits(_ coefficient: String, scale: Int) -> (Int, [Int]) {
    var decimal = Array(coefficient.utf8).map { Int($0) - 48 }
    if decimal.count < scale + 1 {
        decimal = [Int](repeating: 0, count: scale + 1 - decimal.count) + decimal
    }
    var integerCount = decimal.count - scale
    let leftPad = (4 - integerCount % 4) % 4
    decimal = [Int](repeating: 0, count: leftPad) + decimal
    integerCount += leftPad
    decimal += [Int](repeating: 0, count: (4 - scale % 4) % 4)
    var groups: [Int] = stride(from: 0, to: decimal.count, by: 4).map { i in
        decimal[i] * 1000 + decimal[i + 1] * 100 + decimal[i + 2] * 10 + decimal[i + 3]
    }
    var weight = integerCount / 4 - 1
    while let first = groups.first, first == 0 {
        groups.removeFirst()
        weight -= 1
    }
    while let last = groups.last, last == 0 { groups.removeLast() }
    return groups.isEmpty ? (0, []) : (weight, groups)
}

/// `v` as two little-endian bytes.
private func littleEndian16(_ v: UInt16) -> [UInt8] {
    [UInt8(v & 0xFF), UInt8(v >> 8)]
}
