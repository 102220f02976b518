// Ordered-set aggregates (orderedsetaggs.c): percentile_cont,
// percentile_disc and mode() WITHIN GROUP (ORDER BY ...). The state only
// collects the non-NULL inputs, which reach it already sorted by the
// WITHIN GROUP clause; the final step, run on the grouped row, reads the
// direct arguments (the fractions) and picks or interpolates values.
import Foundation

/// Which ordered-set aggregate a call is.
package enum OrderedSetKind {
    case percentileCont, percentileDisc, mode
}

let orderedSetAggregates: [BuiltinAggregate] = {
    func make(
        _ name: String, _ kind: OrderedSetKind, _ direct: [PGType], _ input: PGType,
        returns: PGType
    ) -> BuiltinAggregate {
        var aggregate = BuiltinAggregate(name, direct + [input], returns: returns) { types in
            OrderedSetCollector(elementType: types.last ?? .text)
        }
        aggregate.orderedSet = kind
        aggregate.directArgumentCount = direct.count
        return aggregate
    }
    return [
        make("percentile_cont", .percentileCont, [.float8], .float8, returns: .float8),
        make("percentile_cont", .percentileCont, [.float8], .interval, returns: .interval),
        make(
            "percentile_cont", .percentileCont, [.float8Array], .float8, returns: .float8Array),
        make(
            "percentile_cont", .percentileCont, [.float8Array], .interval,
            returns: .intervalArray),
        make("percentile_disc", .percentileDisc, [.float8], .anyElement, returns: .anyElement),
        make("percentile_disc", .percentileDisc, [.float8Array], .anyElement, returns: .anyArray),
        make("mode", .mode, [], .anyElement, returns: .anyElement),
    ]
}()

/// The sorted non-NULL inputs of one group, handed to the final step as
/// an array value.
private final class OrderedSetCollector: AggregateState {
    let elementType: PGType
    var values: [Value] = []
    init(elementType: PGType) { self.elementType = elementType }
    func add(_ args: [Value]) throws { try add(value: args.last ?? .null) }
    func add(value: Value) throws { if !value.isNull { values.append(value) } }
    func merge(_ other: AggregateState) throws {
        if let o = other as? OrderedSetCollector { values += o.values }
    }
    func finish() throws -> Value {
        .array(ArrayValue(elementType: elementType, elements: values))
    }
}

extension OrderedSetKind {
    /// The aggregate's result from its direct arguments and the group's
    /// sorted inputs (`.array` of the collector; NULL for no rows).
    package func finish(direct: [Value], sorted: Value, type: PGType) throws -> Value {
        let values: [Value]
        if case .array(let collected) = sorted { values = collected.elements } else { values = [] }
        switch self {
        case .mode:
            return mode(values, type: type)
        case .percentileCont, .percentileDisc:
            switch direct.first ?? .null {
            case .null:
                return .null
            case .array(let fractions):
                // No rows: NULL before the fractions are checked.
                guard !values.isEmpty else { return .null }
                let checked = try fractions.elements.map { v -> Double? in
                    guard case .float8(let p) = v else { return nil }
                    return try Self.checkFraction(p)
                }
                let picked = try checked.map { p in try p.map { try pick($0, values) } ?? .null }
                return .array(
                    ArrayValue(
                        elementType: type.elementType ?? type, elements: picked,
                        dimensions: fractions.dimensions, lowerBounds: fractions.lowerBounds))
            case .float8(let p):
                let fraction = try Self.checkFraction(p)
                guard !values.isEmpty else { return .null }
                return try pick(fraction, values)
            default:
                return .null
            }
        }
    }

    /// percentile_disc's first value at or past the fraction, or
    /// percentile_cont's interpolation between its two neighbours.
    private func pick(_ p: Double, _ values: [Value]) throws -> Value {
        let n = values.count
        if self == .percentileDisc {
            let row = Int((p * Double(n)).rounded(.up))
            return values[max(row, 1) - 1]
        }
        let position = p * Double(n - 1)
        let first = Int(position.rounded(.down))
        let second = Int(position.rounded(.up))
        guard first != second else { return values[first] }
        let proportion = position - Double(first)
        switch (values[first], values[second]) {
        case (.float8(let lo), .float8(let hi)):
            return .float8(lo + proportion * (hi - lo))
        case (.interval(let lo), .interval(let hi)):
            return .interval(try (try hi - lo).multiplied(by: proportion) + lo)
        default:
            return values[first]
        }
    }

    /// The most frequent value; among equally frequent ones, the first in
    /// the WITHIN GROUP order.
    private func mode(_ values: [Value], type: PGType) -> Value {
        var best: Value = .null
        var bestCount = 0
        var index = 0
        while index < values.count {
            var end = index + 1
            while end < values.count,
                compareValues(values[end], values[index], type: type) == 0
            {
                end += 1
            }
            if end - index > bestCount { (best, bestCount) = (values[index], end - index) }
            index = end
        }
        return best
    }

    private static func checkFraction(_ p: Double) throws -> Double {
        guard p >= 0, p <= 1 else {
            let shown = p.isNaN ? "NaN" : String(format: "%g", p)
            throw SQLError(
                SQLState.numericValueOutOfRange,
                "percentile value \(shown) is not between 0 and 1")
        }
        return p
    }
}
