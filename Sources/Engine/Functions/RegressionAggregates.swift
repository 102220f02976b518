// The two-variable statistics aggregates over double precision (Y, X):
// corr, covar_pop, covar_samp and the regr_* family, as PostgreSQL's
// float8_regr_accum keeps them: N, Sx, Sxx, Sy, Syy, Sxy with the
// Youngs-Cramer update (after the second pair (y, x), Sxx is the sum of
// squared deviations of x from its mean, and so on), and its final
// functions. A pair with a NULL is skipped.

/// The running sums of one regr aggregate.
private final class RegressionState: AggregateState {
    enum Result {
        case corr, covarPop, covarSamp, count, avgX, avgY, sxx, syy, sxy, slope, intercept, r2
    }
    let result: Result
    var n = 0.0
    var sx = 0.0
    var sxx = 0.0
    var sy = 0.0
    var syy = 0.0
    var sxy = 0.0

    init(_ result: Result) { self.result = result }

    func add(value: Value) throws { try add([value]) }

    func add(_ args: [Value]) throws {
        guard args.count == 2, let y = Self.double(args[0]), let x = Self.double(args[1]) else {
            return
        }
        let previous = n
        n += 1
        sx += x
        sy += y
        if previous > 0 {
            let tx = x * n - sx
            let ty = y * n - sy
            let scale = 1 / (n * previous)
            sxx += tx * tx * scale
            syy += ty * ty * scale
            sxy += tx * ty * scale
        } else if x.isNaN || x.isInfinite || y.isNaN || y.isInfinite {
            sxx = .nan
            syy = .nan
            sxy = .nan
        }
    }

    private static func double(_ v: Value) -> Double? {
        switch v {
        case .float8(let d): return d
        case .float4(let f): return Double(f)
        default: return nil
        }
    }

    func merge(_ other: AggregateState) throws {
        guard let o = other as? RegressionState, o.n > 0 else { return }
        guard n > 0 else {
            (n, sx, sxx, sy, syy, sxy) = (o.n, o.sx, o.sxx, o.sy, o.syy, o.sxy)
            return
        }
        let total = n + o.n
        let tx = sx / n - o.sx / o.n
        let ty = sy / n - o.sy / o.n
        sxx += o.sxx + n * o.n * tx * tx / total
        syy += o.syy + n * o.n * ty * ty / total
        sxy += o.sxy + n * o.n * tx * ty / total
        sx += o.sx
        sy += o.sy
        n = total
    }

    func finish() throws -> Value {
        if result == .count { return .int8(Int64(n)) }
        guard n > 0 else { return .null }
        switch result {
        case .count: return .int8(Int64(n))
        case .corr:
            guard sxx != 0, syy != 0 else { return .null }
            return .float8(sxy / (sxx * syy).squareRoot())
        case .covarPop: return .float8(sxy / n)
        case .covarSamp:
            guard n > 1 else { return .null }
            return .float8(sxy / (n - 1))
        case .avgX: return .float8(sx / n)
        case .avgY: return .float8(sy / n)
        case .sxx: return .float8(sxx)
        case .syy: return .float8(syy)
        case .sxy: return .float8(sxy)
        case .slope:
            guard sxx != 0 else { return .null }
            return .float8(sxy / sxx)
        case .intercept:
            guard sxx != 0 else { return .null }
            return .float8((sy - sx * sxy / sxx) / n)
        case .r2:
            guard sxx != 0 else { return .null }
            guard syy != 0 else { return .float8(1) }
            return .float8((sxy * sxy) / (sxx * syy))
        }
    }
}

/// corr, covar_pop, covar_samp and regr_* over (double precision, double
/// precision).
let regressionAggregates: [BuiltinAggregate] = {
    let kinds: [(String, RegressionState.Result)] = [
        ("corr", .corr), ("covar_pop", .covarPop), ("covar_samp", .covarSamp),
        ("regr_count", .count), ("regr_avgx", .avgX), ("regr_avgy", .avgY),
        ("regr_sxx", .sxx), ("regr_syy", .syy), ("regr_sxy", .sxy),
        ("regr_slope", .slope), ("regr_intercept", .intercept), ("regr_r2", .r2),
    ]
    return kinds.map { name, kind in
        BuiltinAggregate(
            name, [.float8, .float8], returns: kind == .count ? .int8 : .float8
        ) { _ in RegressionState(kind) }
    }
}()
