// Numeric's text form (numeric_in / numeric_out), conversions to and from
// the integer and float types, and typmod coercion (apply_typmod).
import Foundation

extension Numeric {
    /// Parses numeric_in's syntax: optional sign, digits with an optional
    /// point, an optional exponent, surrounding spaces; also NaN and
    /// [+-]Infinity/inf in any case. Nil when the text is not a number.
    package init?(parsing text: String) {
        let bytes = Array(text.utf8)
        var i = 0
        var end = bytes.count
        while i < end, isSpace(bytes[i]) { i += 1 }
        while end > i, isSpace(bytes[end - 1]) { end -= 1 }
        guard i < end else { return nil }
        var negative = false
        var signed = false
        if bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
            negative = bytes[i] == UInt8(ascii: "-")
            signed = true
            i += 1
        }
        let word = String(decoding: bytes[i..<end], as: UTF8.self).lowercased()
        switch word {
        case "nan":
            guard !signed else { return nil }
            self = .nan
            return
        case "infinity", "inf":
            self = negative ? .negativeInfinity : .infinity
            return
        default:
            break
        }
        var digits: [UInt8] = []
        var fractionDigits = 0
        var seenPoint = false
        var seenDigit = false
        while i < end {
            let b = bytes[i]
            if b >= 48 && b <= 57 {
                seenDigit = true
                if !(digits.isEmpty && b == 48) { digits.append(b) }
                if seenPoint { fractionDigits += 1 }
            } else if b == UInt8(ascii: ".") && !seenPoint {
                seenPoint = true
            } else {
                break
            }
            i += 1
        }
        guard seenDigit else { return nil }
        var exponent = 0
        if i < end, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            var expNegative = false
            if i < end, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                expNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var expDigits = false
            while i < end, bytes[i] >= 48 && bytes[i] <= 57 {
                exponent = min(exponent * 10 + Int(bytes[i] - 48), 1_000_000)
                expDigits = true
                i += 1
            }
            guard expDigits else { return nil }
            if expNegative { exponent = -exponent }
        }
        guard i == end else { return nil }
        // digits / 10^fractionDigits * 10^exponent
        var scale = fractionDigits - exponent
        var coefficient = BigMagnitude.parse(digits: digits)
        if scale < 0 {
            coefficient = BigMagnitude.shiftedLeft(coefficient, digits: -scale)
            scale = 0
        }
        self.init(isNegative: negative, limbs: coefficient, scale: scale)
    }

    /// numeric_out: digits with exactly `scale` places after the point.
    package var text: String {
        switch kind {
        case .nan: return "NaN"
        case .positiveInfinity: return "Infinity"
        case .negativeInfinity: return "-Infinity"
        case .finite: break
        }
        var digits = coefficientDigits
        var result = isNegative && !isZero ? "-" : ""
        guard scale > 0 else { return result + digits }
        if digits.count <= scale {
            digits = String(repeating: "0", count: scale - digits.count + 1) + digits
        }
        let split = digits.index(digits.endIndex, offsetBy: -scale)
        result += digits[..<split] + "." + digits[split...]
        return result
    }

    /// The value rounded half away from zero to an integer, nil when it is
    /// not finite or does not fit Int64.
    package var roundedInt64: Int64? {
        guard kind == .finite else { return nil }
        let r = scale > 0 ? rounded(scale: 0) : self
        guard case .small(let m) = r.magnitude else { return nil }
        if r.isNegative {
            if m == UInt64(Int64.max) + 1 { return Int64.min }
            return m <= UInt64(Int64.max) ? -Int64(m) : nil
        }
        return m <= UInt64(Int64.max) ? Int64(m) : nil
    }

    /// The nearest double (NaN and the infinities map to themselves).
    package var doubleValue: Double {
        switch kind {
        case .nan: return .nan
        case .positiveInfinity: return .infinity
        case .negativeInfinity: return -.infinity
        case .finite:
            if case .small(let m) = magnitude, scale == 0, m < (1 << 53) {
                return isNegative ? -Double(m) : Double(m)
            }
            return Double(text) ?? .nan
        }
    }

    /// A double as float8_numeric converts it: through `significantDigits`
    /// significant decimal digits (15 for float8, 6 for float4).
    package init(_ value: Double, significantDigits: Int = 15) {
        if value.isNaN {
            self = .nan
        } else if value.isInfinite {
            self = value < 0 ? .negativeInfinity : .infinity
        } else {
            let text = String(format: "%.\(significantDigits)g", value)
            self = Numeric(parsing: text) ?? .nan
        }
    }

    /// Coerces to numeric(precision, scale) as apply_typmod does: rounds
    /// half away from zero to `scale`, then raises 22003 when the integer
    /// part has more than precision - scale digits.
    package func applyingTypmod(precision: Int, scale: Int) throws -> Numeric {
        if kind != .finite {
            if isNaN { return self }
            throw SQLError(
                SQLState.numericValueOutOfRange, "numeric field overflow",
                detail:
                    "A field with precision \(precision), scale \(scale) cannot hold an infinite value."
            )
        }
        let r = rounded(scale: scale)
        if r.isZero { return r }
        let maxDigits = precision - scale
        // Digits before the point of r; compare |r| against 10^maxDigits.
        let digits = r.coefficientDigits.count - r.scale
        if digits > maxDigits {
            let bound = maxDigits != 0 ? "10^\(maxDigits)" : "1"
            throw SQLError(
                SQLState.numericValueOutOfRange, "numeric field overflow",
                detail:
                    "A field with precision \(precision), scale \(scale) must round to an absolute value less than \(bound)."
            )
        }
        return r
    }

    /// Coerces to the precision and scale of a numeric `type`, if it has
    /// a typmod.
    package func applyingTypmod(of type: PGType) throws -> Numeric {
        guard let ps = type.numericPrecisionScale else { return self }
        return try applyingTypmod(precision: ps.precision, scale: ps.scale)
    }
}

private func isSpace(_ b: UInt8) -> Bool {
    b == 32 || (b >= 9 && b <= 13)
}
