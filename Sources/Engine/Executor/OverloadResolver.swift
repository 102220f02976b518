// Overload resolution for operators and functions, following the steps of
// PostgreSQL's func_select_candidate and oper_select_candidate
// (documentation chapter "Type Conversion").
import SQLParser

/// Picks the best signature for a call from its argument types.
///
/// Example: `'5' + 2` has arguments (unknown, int4). No signature matches
/// exactly, but for an operator an unknown side is first assumed to have
/// the other side's type, so `int4 + int4` wins in step 1.
struct OverloadResolver {
    let analyser: Analyzer

    /// Indices of the signatures left after resolution: one on success,
    /// none when nothing fits, several when the call is ambiguous.
    func resolve(_ signatures: [[PGType]], arguments: [PGType], isOperator: Bool) throws -> [Int] {
        var candidates = signatures.indices.filter { signatures[$0].count == arguments.count }

        // 1. An exact match (for operators, an unknown side taking the other
        //    side's type).
        let probe = exactProbe(arguments, isOperator: isOperator)
        if let exact = candidates.first(where: { sameOIDs(signatures[$0], probe) }) {
            return [exact]
        }

        // 2. Candidates every argument can reach by implicit coercion.
        candidates = candidates.filter { accepts(signatures[$0], arguments) }
        if candidates.count <= 1 { return candidates }

        // 3. Most exact matches.
        candidates = keepMaximum(candidates) { index in
            zip(signatures[index], arguments).filter { $0.oid == $1.oid }.count
        }
        if candidates.count <= 1 { return candidates }

        // 4. Most preferred types where a known argument needs a coercion
        //    within its own category (unknown arguments wait for step 5).
        candidates = keepMaximum(candidates) { index in
            zip(signatures[index], arguments).filter { param, arg in
                arg != .unknown && param.oid != arg.oid && param.isPreferred
                    && param.category == arg.category
            }.count
        }
        if candidates.count <= 1 { return candidates }

        // 5. Unknown arguments: prefer the string category, or the one
        //    category all candidates agree on, then preferred types.
        candidates = resolveUnknowns(candidates, signatures, arguments)
        if candidates.count <= 1 { return candidates }

        // 6. With both known and unknown inputs of one known type, assume
        //    the unknowns have that type too.
        let known = Set(arguments.filter { $0 != .unknown }.map(\.oid))
        if known.count == 1, arguments.contains(.unknown), let only = known.first {
            let assumed = arguments.map { $0 == .unknown ? PGType(oid: only) : $0 }
            let narrowed = candidates.filter { index in
                zip(signatures[index], assumed).allSatisfy { param, arg in
                    param.oid == arg.oid || analyser.canCoerce(arg, to: param, context: .implicit)
                }
            }
            if narrowed.count == 1 { return narrowed }
        }
        return candidates
    }

    private func exactProbe(_ arguments: [PGType], isOperator: Bool) -> [PGType] {
        guard isOperator, arguments.count == 2 else { return arguments }
        if arguments[0] == .unknown, arguments[1] != .unknown {
            return [arguments[1], arguments[1]]
        }
        if arguments[1] == .unknown, arguments[0] != .unknown {
            return [arguments[0], arguments[0]]
        }
        return arguments
    }

    private func sameOIDs(_ a: [PGType], _ b: [PGType]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.oid == $1.oid }
    }

    private func accepts(_ signature: [PGType], _ arguments: [PGType]) -> Bool {
        var bound: PGType?
        for (param, arg) in zip(signature, arguments) {
            if param.isPolymorphic || param == .any {
                guard polymorphicAccepts(param, arg, bound: &bound) else { return false }
                continue
            }
            if !analyser.canCoerce(arg, to: param, context: .implicit) { return false }
        }
        return true
    }

    /// Checks one polymorphic parameter, keeping every anyelement position
    /// bound to one element type.
    private func polymorphicAccepts(_ param: PGType, _ arg: PGType, bound: inout PGType?) -> Bool {
        if param == .any || arg == .unknown { return true }
        let element: PGType
        if param == .anyArray || param.oid == 5078 {
            guard let e = arg.elementType else { return false }
            element = e.withoutModifier
        } else if param.oid == 3831 {
            guard let e = arg.rangeSubtype else { return false }
            element = e.withoutModifier
        } else if param.oid == 3500 {
            // anyenum binds to an enum type only.
            guard arg.enumDescriptor != nil else { return false }
            element = arg.withoutModifier
        } else {
            if param.oid == 2776, arg.isArray { return false }
            element = arg.withoutModifier
        }
        if let b = bound, b != element { return false }
        bound = element
        return true
    }

    private func keepMaximum(_ candidates: [Int], score: (Int) -> Int) -> [Int] {
        let scores = candidates.map(score)
        guard let best = scores.max() else { return candidates }
        return zip(candidates, scores).filter { $0.1 == best }.map(\.0)
    }

    private func resolveUnknowns(
        _ candidates: [Int], _ signatures: [[PGType]], _ arguments: [PGType]
    ) -> [Int] {
        var remaining = candidates
        for (position, arg) in arguments.enumerated() where arg == .unknown {
            let categories = remaining.map { signatures[$0][position].category }
            let chosen: Character
            if categories.contains("S") {
                chosen = "S"
            } else if let first = categories.first, categories.allSatisfy({ $0 == first }) {
                chosen = first
            } else {
                return candidates
            }
            remaining = remaining.filter { signatures[$0][position].category == chosen }
            let preferred = remaining.filter { signatures[$0][position].isPreferred }
            if !preferred.isEmpty { remaining = preferred }
        }
        return remaining.isEmpty ? candidates : remaining
    }
}

/// The element type that a call's actual arguments bind to the
/// polymorphic parameters (anyelement, anyarray, ...), if any.
func polymorphicElement(declared: [PGType], actual: [PGType]) -> PGType? {
    for (param, arg) in zip(declared, actual) where arg != .unknown {
        switch param.oid {
        case PGType.anyElement.oid, 2776, 5077, 3500:
            return arg.withoutModifier
        case PGType.anyArray.oid, 5078:
            if let element = arg.elementType { return element.withoutModifier }
        case 3831:
            if let element = arg.rangeSubtype { return element.withoutModifier }
        default:
            continue
        }
    }
    return nil
}

/// A declared type with its polymorphic parts replaced by the bound
/// element type (unknown inputs bind to text, as PostgreSQL does).
func instantiate(_ declared: PGType, element: PGType?) -> PGType {
    switch declared.oid {
    case PGType.anyElement.oid, 2776, 5077, 3500:
        return element ?? .text
    case PGType.anyArray.oid, 5078:
        return (element ?? .text).arrayType ?? .textArray
    case 3831:
        return element?.rangeType ?? declared
    default:
        return declared
    }
}
