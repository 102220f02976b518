// The macaddr and macaddr8 types: MAC addresses of 6 and 8 bytes, read in
// every notation macaddr_in and macaddr8_in accept and printed as
// lower-case hex pairs with colons. Values are their bytes.

/// Input, output and conversion of MAC addresses.
package enum MACAddress {
    /// The bytes of `text`: a macaddr in one of macaddr_in's notations,
    /// or for macaddr8 six or eight hex pairs with one kind of separator
    /// between any of them (six are widened with ff:fe in the middle, as
    /// macaddr8_in does); nil when the text is not an address.
    package static func parse(_ text: String, eightBytes: Bool) -> [UInt8]? {
        let trimmed = Array(text.trimmingCharacters(in: " \t\n\r"))
        guard var bytes = eightBytes ? parsePairs(trimmed) : parseSix(trimmed) else {
            return nil
        }
        if eightBytes && bytes.count == 6 {
            bytes.insert(contentsOf: [0xff, 0xfe], at: 3)
        }
        return bytes
    }

    /// macaddr_in's notations: `a:b:c:d:e:f` or `a-b-...` (one or two
    /// digits each), `xxxxxx:xxxxxx`, `xxxxxx-xxxxxx`, `xxxx.xxxx.xxxx`,
    /// `xxxx-xxxx-xxxx` and `xxxxxxxxxxxx`.
    private static func parseSix(_ chars: [Character]) -> [UInt8]? {
        let text = String(chars)
        for separator in [":", "-"] {
            let parts = text.split(
                separator: Character(separator), omittingEmptySubsequences: false)
            if parts.count == 6, parts.allSatisfy({ (1...2).contains($0.count) }) {
                return hexBytes(parts.map { $0.count == 1 ? "0" + $0 : String($0) }.joined())
            }
        }
        let layouts: [(Character, Int)] = [(":", 6), ("-", 6), (".", 4), ("-", 4)]
        for (separator, width) in layouts {
            let parts = text.split(separator: separator, omittingEmptySubsequences: false)
            if parts.count == 12 / width, parts.allSatisfy({ $0.count == width }) {
                return hexBytes(parts.joined())
            }
        }
        return chars.count == 12 ? hexBytes(text) : nil
    }

    /// macaddr8_in: hex pairs, optionally separated, all separators alike.
    private static func parsePairs(_ chars: [Character]) -> [UInt8]? {
        var bytes: [UInt8] = []
        var separator: Character?
        var index = 0
        while index < chars.count {
            guard index + 1 < chars.count, let high = chars[index].hexDigitValue,
                let low = chars[index + 1].hexDigitValue
            else { return nil }
            bytes.append(UInt8(high << 4 | low))
            index += 2
            if index < chars.count, ":-.".contains(chars[index]) {
                guard separator == nil || separator == chars[index] else { return nil }
                separator = chars[index]
                index += 1
                guard index < chars.count else { return nil }
            }
        }
        return bytes.count == 6 || bytes.count == 8 ? bytes : nil
    }

    private static func hexBytes(_ text: String) -> [UInt8]? {
        let digits = text.compactMap(\.hexDigitValue)
        guard digits.count == text.count, digits.count % 2 == 0 else { return nil }
        return stride(from: 0, to: digits.count, by: 2).map {
            UInt8(digits[$0] << 4 | digits[$0 + 1])
        }
    }

    /// The address as macaddr_out prints it.
    package static func text(_ bytes: [UInt8]) -> String {
        let hex: [Character] = Array("0123456789abcdef")
        return bytes.map { String([hex[Int($0 >> 4)], hex[Int($0 & 15)]]) }.joined(separator: ":")
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> Substring {
        let scalars = Set(set)
        var slice = Substring(self)
        while let first = slice.first, scalars.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, scalars.contains(last) { slice = slice.dropLast() }
        return slice
    }
}
