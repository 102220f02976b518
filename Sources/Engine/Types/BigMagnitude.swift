// Unsigned arbitrary-precision integers in base 10^9, the slow path of
// `Numeric` (PostgreSQL's NumericVar keeps base-10^4 digits; base 10^9
// keeps the same decimal alignment with fewer limbs).

/// Magnitudes as little-endian base-10^9 limbs with no zero top limb; the
/// empty array is zero.
enum BigMagnitude {
    static let base: UInt64 = 1_000_000_000

    /// Powers of ten that fit one limb, 10^0 ... 10^9.
    static let smallPowers: [UInt64] = (0...9).map { exponent in
        var p: UInt64 = 1
        for _ in 0..<exponent { p *= 10 }
        return p
    }

    /// `value` as limbs.
    static func from(_ value: UInt64) -> [UInt32] {
        var limbs: [UInt32] = []
        var rest = value
        while rest > 0 {
            limbs.append(UInt32(rest % base))
            rest /= base
        }
        return limbs
    }

    /// `limbs` as a UInt64, nil when it does not fit.
    static func toUInt64(_ limbs: [UInt32]) -> UInt64? {
        var result: UInt64 = 0
        for limb in limbs.reversed() {
            let (m, o1) = result.multipliedReportingOverflow(by: base)
            let (s, o2) = m.addingReportingOverflow(UInt64(limb))
            if o1 || o2 { return nil }
            result = s
        }
        return result
    }

    static func trim(_ limbs: inout [UInt32]) {
        while let last = limbs.last, last == 0 { limbs.removeLast() }
    }

    /// -1, 0 or 1 as `a` is below, equal to or above `b`.
    static func compare(_ a: [UInt32], _ b: [UInt32]) -> Int {
        if a.count != b.count { return a.count < b.count ? -1 : 1 }
        var i = a.count - 1
        while i >= 0 {
            if a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
            i -= 1
        }
        return 0
    }

    static func add(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(max(a.count, b.count) + 1)
        var carry: UInt64 = 0
        for i in 0..<max(a.count, b.count) {
            let sum = UInt64(i < a.count ? a[i] : 0) + UInt64(i < b.count ? b[i] : 0) + carry
            result.append(UInt32(sum % base))
            carry = sum / base
        }
        if carry > 0 { result.append(UInt32(carry)) }
        return result
    }

    /// `a - b`; requires `a >= b`.
    static func subtract(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(a.count)
        var borrow: Int64 = 0
        for i in 0..<a.count {
            var diff = Int64(a[i]) - Int64(i < b.count ? b[i] : 0) - borrow
            if diff < 0 {
                diff += Int64(base)
                borrow = 1
            } else {
                borrow = 0
            }
            result.append(UInt32(diff))
        }
        trim(&result)
        return result
    }

    static func multiply(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        if a.isEmpty || b.isEmpty { return [] }
        var result = [UInt64](repeating: 0, count: a.count + b.count)
        for i in 0..<a.count {
            var carry: UInt64 = 0
            let ai = UInt64(a[i])
            for j in 0..<b.count {
                let t = result[i + j] + ai * UInt64(b[j]) + carry
                result[i + j] = t % base
                carry = t / base
            }
            var k = i + b.count
            while carry > 0 {
                let t = result[k] + carry
                result[k] = t % base
                carry = t / base
                k += 1
            }
        }
        var limbs = result.map { UInt32($0) }
        trim(&limbs)
        return limbs
    }

    /// `a * m + add` for a small multiplier.
    static func multiply(_ a: [UInt32], small m: UInt32, adding add: UInt32 = 0) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(a.count + 1)
        var carry = UInt64(add)
        for limb in a {
            let t = UInt64(limb) * UInt64(m) + carry
            result.append(UInt32(t % base))
            carry = t / base
        }
        while carry > 0 {
            result.append(UInt32(carry % base))
            carry /= base
        }
        trim(&result)
        return result
    }

    /// Quotient and remainder of division by a nonzero limb-sized divisor.
    static func divide(_ a: [UInt32], small d: UInt32) -> (quotient: [UInt32], remainder: UInt32) {
        var quotient = [UInt32](repeating: 0, count: a.count)
        var rest: UInt64 = 0
        var i = a.count - 1
        while i >= 0 {
            let cur = rest * base + UInt64(a[i])
            quotient[i] = UInt32(cur / UInt64(d))
            rest = cur % UInt64(d)
            i -= 1
        }
        trim(&quotient)
        return (quotient, UInt32(rest))
    }

    /// Quotient and remainder (Knuth's algorithm D); `b` must be nonzero.
    static func divide(_ a: [UInt32], _ b: [UInt32]) -> (quotient: [UInt32], remainder: [UInt32]) {
        if compare(a, b) < 0 { return ([], a) }
        if b.count == 1 {
            let (q, r) = divide(a, small: b[0])
            return (q, r == 0 ? [] : [r])
        }
        // Normalise so the divisor's top limb is at least base / 2.
        let factor = UInt32(base / (UInt64(b[b.count - 1]) + 1))
        var u = multiply(a, small: factor)
        let v = multiply(b, small: factor)
        let n = v.count
        if u.count == a.count { u.append(0) }
        while u.count < a.count + 1 { u.append(0) }
        let m = u.count - n
        var quotient = [UInt32](repeating: 0, count: m)
        let vTop = UInt64(v[n - 1])
        let vNext = UInt64(v[n - 2])
        var j = m - 1
        while j >= 0 {
            let top = (j + n < u.count ? UInt64(u[j + n]) : 0) * base + UInt64(u[j + n - 1])
            var qhat = top / vTop
            var rhat = top % vTop
            while qhat >= base || qhat * vNext > rhat * base + UInt64(u[j + n - 2]) {
                qhat -= 1
                rhat += vTop
                if rhat >= base { break }
            }
            // Multiply and subtract qhat * v from u[j...j+n].
            var borrow: Int64 = 0
            var carry: UInt64 = 0
            for i in 0..<n {
                let p = qhat * UInt64(v[i]) + carry
                carry = p / base
                var t = Int64(u[i + j]) - Int64(p % base) - borrow
                if t < 0 {
                    t += Int64(base)
                    borrow = 1
                } else {
                    borrow = 0
                }
                u[i + j] = UInt32(t)
            }
            var t = Int64(j + n < u.count ? u[j + n] : 0) - Int64(carry) - borrow
            if t < 0 {
                // qhat was one too large: add the divisor back.
                t += Int64(base)
                u[j + n] = UInt32(t)
                qhat -= 1
                var c: UInt64 = 0
                for i in 0..<n {
                    let s = UInt64(u[i + j]) + UInt64(v[i]) + c
                    u[i + j] = UInt32(s % base)
                    c = s / base
                }
                u[j + n] = UInt32((UInt64(u[j + n]) + c) % base)
            } else {
                u[j + n] = UInt32(t)
            }
            quotient[j] = UInt32(qhat)
            j -= 1
        }
        trim(&quotient)
        var remainder = Array(u[0..<n])
        trim(&remainder)
        remainder = divide(remainder, small: factor).quotient
        return (quotient, remainder)
    }

    /// `a * 10^k`.
    static func shiftedLeft(_ a: [UInt32], digits k: Int) -> [UInt32] {
        if a.isEmpty || k <= 0 { return a }
        var result = multiply(a, small: UInt32(smallPowers[k % 9]))
        if k >= 9 { result.insert(contentsOf: repeatElement(0, count: k / 9), at: 0) }
        return result
    }

    /// `10^k` as limbs.
    static func power10(_ k: Int) -> [UInt32] { shiftedLeft([1], digits: k) }

    /// Decimal digits of `a`, "0" for zero.
    static func decimalString(_ a: [UInt32]) -> String {
        guard let top = a.last else { return "0" }
        var text = String(top)
        var i = a.count - 2
        while i >= 0 {
            let part = String(a[i])
            text += String(repeating: "0", count: 9 - part.count) + part
            i -= 1
        }
        return text
    }

    /// Limbs from a string of ASCII digits.
    static func parse<S: Sequence>(digits: S) -> [UInt32] where S.Element == UInt8 {
        var limbs: [UInt32] = []
        var chunk: UInt32 = 0
        var chunkLength = 0
        for byte in digits {
            chunk = chunk * 10 + UInt32(byte - 48)
            chunkLength += 1
            if chunkLength == 9 {
                limbs = multiply(limbs, small: 1_000_000_000, adding: chunk)
                chunk = 0
                chunkLength = 0
            }
        }
        if chunkLength > 0 {
            limbs = multiply(limbs, small: UInt32(smallPowers[chunkLength]), adding: chunk)
        }
        return limbs
    }
}
