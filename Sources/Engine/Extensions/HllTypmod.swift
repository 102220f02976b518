// The hll type modifier, hll(log2m, regwidth, expthresh, sparseon): the
// omitted ones come from the defaults when the modifier is read, and the
// typmod packs them as the extension does (log2m << 10 | regwidth << 7 |
// encoded expthresh << 1 | sparseon). A value assigned or cast to hll(...)
// must have exactly those parameters.

extension HllParameters {
    /// The typmod of `hll(mods...)`.
    static func typmod(_ mods: [Int], position: Int?) throws -> Int32 {
        guard (1...4).contains(mods.count) else {
            throw SQLError(
                SQLState.invalidParameterValue, "invalid number of type modifiers",
                position: position)
        }
        // TODO(#6): the omitted parts from the session's hll_set_defaults
        // (a type name is resolved without its session here).
        let d = HllDefaults.current(nil)
        func at(_ i: Int, _ fallback: Int64) -> Int64 {
            i < mods.count ? Int64(mods[i]) : fallback
        }
        let p: HllParameters
        do {
            p = try checked(
                at(0, Int64(d.log2m)), at(1, Int64(d.regwidth)), at(2, d.expthresh),
                at(3, Int64(d.sparseon)))
        } catch var e as SQLError {
            e.position = position
            throw e
        }
        return Int32(p.log2m << 10 | p.regwidth << 7 | Int(p.encodedExpthresh) << 1 | p.sparseon)
    }

    /// The parameters a typmod stands for.
    init(typmod: Int32) {
        let t = Int(typmod)
        self.init(
            log2m: t >> 10 & 31, regwidth: t >> 7 & 7,
            expthresh: HllMultiset.decodeExpthresh(UInt8(t >> 1 & 63)), sparseon: t & 1)
    }
}

/// `hll(10,4,-1,1)`, as format_type shows a typmod.
func formatHllTypmod(_ typmod: Int32) -> String {
    let p = HllParameters(typmod: typmod)
    return "hll(\(p.log2m),\(p.regwidth),\(p.expthresh),\(p.sparseon))"
}

/// Checks that the hll in `bytes` has the parameters of `typmod`.
func checkHllTypmod(_ bytes: [UInt8], _ typmod: Int32) throws {
    let value = try HllMultiset(bytes: bytes)
    try HllMultiset(empty: HllParameters(typmod: typmod)).checkCompatible(value)
}
