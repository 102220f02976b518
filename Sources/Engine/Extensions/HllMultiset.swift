// postgresql-hll's multiset: the parameters every hll value carries
// (log2m, regwidth, expthresh, sparseon), its representations (UNDEFINED,
// EMPTY, EXPLICIT, and the register file stored SPARSE or FULL), the
// promotion from a sorted set of hashes to registers, union, and the
// HyperLogLog estimator with its small- and large-range corrections.
import Foundation

/// The modifiers of an hll value.
struct HllParameters: Equatable {
    var log2m: Int
    var regwidth: Int
    /// -1 for "auto", 0 for no explicit representation, else a power of 2.
    var expthresh: Int64
    var sparseon: Int

    static let builtinDefaults = HllParameters(
        log2m: 11, regwidth: 5, expthresh: -1, sparseon: 1)

    var registerCount: Int { 1 << log2m }
    var maxRegisterValue: UInt8 { UInt8((1 << regwidth) - 1) }

    /// The number of hashes kept explicitly before switching to registers:
    /// "auto" keeps as many as fit in the size of the full register file.
    var effectiveExpthresh: Int64 {
        if expthresh != -1 { return expthresh }
        return Int64((regwidth * registerCount + 7) / 8 / 8)
    }

    /// Validates modifiers as hll_empty and the type modifier do.
    static func checked(
        _ log2m: Int64, _ regwidth: Int64, _ expthresh: Int64, _ sparseon: Int64
    ) throws -> HllParameters {
        func fail(_ m: String) -> SQLError { SQLError(SQLState.invalidParameterValue, m) }
        guard (0...17).contains(log2m) else {
            throw fail("log2m modifier must be between 0 and 17")
        }
        guard (0...7).contains(regwidth) else {
            throw fail("regwidth modifier must be between 0 and 7")
        }
        guard (-1...16383).contains(expthresh) else {
            throw fail("expthresh modifier must be between -1 and 16383")
        }
        if expthresh > 0, expthresh & (expthresh - 1) != 0 {
            throw fail("expthresh modifier must be power of 2")
        }
        guard (0...1).contains(sparseon) else {
            throw fail("sparseon modifier must be 0 or 1")
        }
        return HllParameters(
            log2m: Int(log2m), regwidth: Int(regwidth), expthresh: expthresh,
            sparseon: Int(sparseon))
    }
}

/// The contents of an hll value.
enum HllContents: Equatable {
    case undefined
    case empty
    /// Distinct hashes in signed ascending order.
    case explicit([Int64])
    /// One register per bucket (stored SPARSE or FULL).
    case registers([UInt8])
}

/// An hll value: its parameters and contents.
struct HllMultiset: Equatable {
    var parameters: HllParameters
    var contents: HllContents

    /// An EMPTY multiset with `parameters`.
    init(empty parameters: HllParameters) {
        self.parameters = parameters
        self.contents = .empty
    }

    init(_ parameters: HllParameters, _ contents: HllContents) {
        self.parameters = parameters
        self.contents = contents
    }

    /// Adds one hashed element, promoting EMPTY to EXPLICIT (or straight
    /// to registers when expthresh is 0) and EXPLICIT to registers when
    /// the set already holds expthresh elements.
    mutating func add(_ element: Int64) throws {
        try checkRegisterFileSize()
        switch contents {
        case .undefined:
            return
        case .empty:
            if parameters.effectiveExpthresh == 0 {
                var regs = [UInt8](repeating: 0, count: parameters.registerCount)
                addToRegisters(&regs, element)
                contents = .registers(regs)
            } else {
                contents = .explicit([element])
            }
        case .explicit(var elements):
            let at = insertionIndex(elements, element)
            if at < elements.count, elements[at] == element { return }
            if Int64(elements.count) >= parameters.effectiveExpthresh {
                var regs = registersOf(elements)
                addToRegisters(&regs, element)
                contents = .registers(regs)
            } else {
                elements.insert(element, at: at)
                contents = .explicit(elements)
            }
        case .registers(var regs):
            contents = .empty
            addToRegisters(&regs, element)
            contents = .registers(regs)
        }
    }

    /// The register file holding `elements`.
    private func registersOf(_ elements: [Int64]) -> [UInt8] {
        var regs = [UInt8](repeating: 0, count: parameters.registerCount)
        for e in elements { addToRegisters(&regs, e) }
        return regs
    }

    /// Sets the register the hash selects (its low log2m bits) to the
    /// position of the lowest set bit of the rest, capped by regwidth.
    private func addToRegisters(_ regs: inout [UInt8], _ element: Int64) {
        let bits = UInt64(bitPattern: element)
        let index = Int(bits & UInt64(parameters.registerCount - 1))
        let rest = parameters.log2m >= 64 ? 0 : bits >> UInt64(parameters.log2m)
        var value = rest == 0 ? 0 : UInt8(rest.trailingZeroBitCount + 1)
        value = min(value, parameters.maxRegisterValue)
        if regs[index] < value { regs[index] = value }
    }

    /// Where `element` goes in the signed-sorted `elements`.
    private func insertionIndex(_ elements: [Int64], _ element: Int64) -> Int {
        var lo = 0
        var hi = elements.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if elements[mid] < element { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Folds `other` (with the same parameters, checked by the caller)
    /// into this multiset.
    mutating func formUnion(_ other: HllMultiset) throws {
        try checkRegisterFileSize()
        switch (contents, other.contents) {
        case (.undefined, _): return
        case (_, .undefined): contents = .undefined
        case (_, .empty): return
        case (.empty, _): contents = other.contents
        case (_, .explicit(let elements)):
            for e in elements { try add(e) }
        case (.explicit(let elements), .registers):
            let mine = elements
            contents = other.contents
            for e in mine { try add(e) }
        case (.registers(var a), .registers(let b)):
            for i in 0..<min(a.count, b.count) where b[i] > a[i] { a[i] = b[i] }
            contents = .registers(a)
        }
    }

    /// Rejects sketches whose register file could not be stored: the
    /// extension keeps at most 2^17 registers (its unpacking rejects
    /// larger SPARSE values; adding to larger ones crashes its backend).
    private func checkRegisterFileSize() throws {
        guard parameters.log2m <= 17 else {
            throw SQLError.notSupported("hll values with log2m above 17 are not supported")
        }
    }

    /// Raises the extension's error when `other` has other parameters.
    func checkCompatible(_ other: HllMultiset) throws {
        let a = parameters
        let b = other.parameters
        func fail(_ what: String, _ x: String, _ y: String) -> SQLError {
            SQLError(
                SQLState.dataException,
                "\(what) does not match: source uses \(x) and dest uses \(y)")
        }
        if a.regwidth != b.regwidth {
            throw fail("register width", "\(b.regwidth)", "\(a.regwidth)")
        }
        if a.log2m != b.log2m {
            throw fail("register count", "\(b.registerCount)", "\(a.registerCount)")
        }
        if a.expthresh != b.expthresh {
            throw fail("explicit threshold", "\(b.expthresh)", "\(a.expthresh)")
        }
        if a.sparseon != b.sparseon {
            throw fail("sparse enable", "\(b.sparseon)", "\(a.sparseon)")
        }
    }

    /// The estimated number of distinct elements; nil for UNDEFINED.
    var cardinality: Double? {
        switch contents {
        case .undefined: return nil
        case .empty: return 0
        case .explicit(let elements): return Double(elements.count)
        case .registers(let regs): return estimate(regs)
        }
    }

    /// HyperLogLog's estimate over the register file, with linear
    /// counting below 5m/2 and the large-range correction above 2^L/30.
    private func estimate(_ regs: [UInt8]) -> Double {
        let m = Double(regs.count)
        var sum = 0.0
        var zeros = 0
        for r in regs {
            sum += 1.0 / Double(UInt64(1) << UInt64(r))
            if r == 0 { zeros += 1 }
        }
        let alpha: Double
        switch parameters.log2m {
        case 4: alpha = 0.673
        case 5: alpha = 0.697
        case 6: alpha = 0.709
        default: alpha = 0.7213 / (1.0 + 1.079 / m)
        }
        let estimator = alpha * m * m / sum
        // 2^L is a 64-bit shift in the extension, so past 63 bits the
        // count wraps (as x86 masks it) and the correction gives NaN.
        let totalBits = (1 << parameters.regwidth) - 2 + parameters.log2m
        let twoToL = Double(UInt64(1) << UInt64(totalBits & 63))
        if zeros != 0, estimator < 5.0 * m / 2.0 {
            return m * log(m / Double(zeros))
        }
        if estimator <= twoToL / 30.0 { return estimator }
        return -1 * twoToL * log(1.0 - estimator / twoToL)
    }
}
