// The relations and conditions of a two-table join under EXPLAIN, as
// PostgreSQL's planner sorts them out before choosing a plan
// (initsplan.c, equivclass.c): each condition naming one relation goes to
// that relation's scan, an equality of columns of both is a join clause
// a hash or merge join can use, any other condition naming both is a
// join filter; and an equality of a join column with a constant is
// repeated for the other column (the join clause then falls away, as
// PostgreSQL's equivalence classes make it redundant).
import SQLParser

/// How a join node treats rows without a match.
enum PlanJoinKind {
    case inner, left, right, full

    /// The node name's suffix: "Join", "Left Join", ...
    var suffix: String {
        switch self {
        case .inner: return "Join"
        case .left: return "Left Join"
        case .right: return "Right Join"
        case .full: return "Full Join"
        }
    }

    /// The same join with its inputs swapped.
    var swapped: PlanJoinKind {
        switch self {
        case .left: return .right
        case .right: return .left
        default: return self
        }
    }
}

/// One of a join's relations: its scan and the conditions it applies.
struct JoinInput {
    var name: QualifiedName
    var alias: String?
    var relation: ScannedRelation
    /// The conditions on this relation alone, in PostgreSQL's order.
    var restrictions: [Expr] = []
    /// Physical columns read above the scan.
    var needed: Set<Int> = []
    /// Physical columns read above the join.
    var neededAbove: Set<Int> = []
}

/// An equality of a column of each relation, a hash or merge clause.
struct JoinEquality {
    /// The column of relation 0 and of relation 1, as written.
    var columns: [Expr]
    var physical: [Int]
    /// Written with relation 1's column first.
    var reversed: Bool
    /// The condition as written.
    var expr: Expr
}

/// The analysed join: relations, clauses and kind.
struct JoinShape {
    var inputs: [JoinInput]
    var kind: PlanJoinKind
    var equalities: [JoinEquality] = []
    /// Other conditions on both relations, as written.
    var filters: [Expr] = []
    /// Every condition on both relations, in the order written.
    var joinClauses: [Expr] = []
    /// The same, with those a constant made redundant (whose columns the
    /// scans still return).
    var writtenJoinClauses: [Expr] = []
    /// Columns a constant pins, by relation (from equalities with it).
    var pinned: [Set<Int>] = [[], []]
}

extension ExplainPlanner {
    /// The join a SELECT's FROM list describes, when it is two tables.
    func joinShape(_ select: SimpleSelect) throws -> JoinShape {
        var tables: [(QualifiedName, String?)] = []
        var kind = PlanJoinKind.inner
        var on: [Expr] = []
        let items = select.from
        if items.count == 2 {
            for item in items {
                guard case .table(let name, let alias, only: false) = item else {
                    throw notSupported()
                }
                tables.append((name, alias?.name))
            }
        } else if items.count == 1, case .join(let join) = items[0], join.alias == nil,
            case .table(let n1, let a1, only: false) = join.left,
            case .table(let n2, let a2, only: false) = join.right
        {
            tables = [(n1, a1?.name), (n2, a2?.name)]
            switch (join.kind, join.condition) {
            case (.cross, .none): break
            case (.inner, .on(let e)): on = splitConjuncts(e)
            case (.left, .on(let e)): kind = .left; on = splitConjuncts(e)
            case (.right, .on(let e)): kind = .right; on = splitConjuncts(e)
            case (.full, .on(let e)): kind = .full; on = splitConjuncts(e)
            default: throw notSupported()
            }
        } else {
            // TODO(#3): joins of more than two tables, subqueries in FROM.
            throw notSupported()
        }
        var inputs: [JoinInput] = []
        for (name, alias) in tables {
            guard
                !(name.parts.count == 1 && executor.commonTable(name.name) != nil)
                    || executor.intermediateResult(name) != nil
            else { throw notSupported() }
            let relation = try scannedRelation(name, alias: alias, nil)
            inputs.append(JoinInput(name: name, alias: alias, relation: relation))
        }
        guard inputs[0].relation.refName != inputs[1].relation.refName else {
            throw notSupported()
        }
        var shape = JoinShape(inputs: inputs, kind: kind)
        let whereConjuncts = select.whereClause.map(splitConjuncts) ?? []
        try classify(on, whereConjuncts, into: &shape)
        try applyConstants(&shape)
        return shape
    }

    /// The relations `e` reads columns of (0, 1 or both).
    func joinRelations(_ e: Expr, _ inputs: [JoinInput]) throws -> Set<Int> {
        var found: Set<Int> = []
        var unknown = false
        ExprWalker.visit(e) { node in
            if case .columnRef(let parts) = node.kind {
                if let index = owner(parts, inputs) {
                    found.insert(index)
                } else {
                    unknown = true
                }
            }
            return true
        }
        guard !unknown else { throw notSupported() }
        return found
    }

    /// The relation a column reference names.
    func owner(_ parts: [String], _ inputs: [JoinInput]) -> Int? {
        guard let name = parts.last, name != "*" else { return nil }
        if parts.count >= 2 {
            let qualifier = parts[parts.count - 2]
            return inputs.firstIndex {
                $0.relation.refName == qualifier && $0.relation.entry.column(name) != nil
            }
        }
        let matches = inputs.indices.filter { inputs[$0].relation.entry.column(name) != nil }
        return matches.count == 1 ? matches[0] : nil
    }

    private func classify(_ on: [Expr], _ whereConjuncts: [Expr], into shape: inout JoinShape)
        throws
    {
        for (conjunct, fromOn) in on.map({ ($0, true) }) + whereConjuncts.map({ ($0, false) }) {
            let rels = try joinRelations(conjunct, shape.inputs)
            switch rels.count {
            case 1:
                let rel = rels.first ?? 0
                // A condition of an outer join's ON on the side it keeps
                // is a join filter, one of WHERE on the side it fills
                // with NULLs turns it into an inner join.
                let nullable: Set<Int> =
                    switch shape.kind {
                    case .inner: []
                    case .left: [1]
                    case .right: [0]
                    case .full: [0, 1]
                    }
                // TODO(#3): outer join reduction and filters on the kept side.
                guard nullable.contains(rel) == fromOn || shape.kind == .inner else {
                    throw notSupported()
                }
                shape.inputs[rel].restrictions.append(conjunct)
            case 2:
                guard fromOn || shape.kind == .inner else { throw notSupported() }
                shape.joinClauses.append(conjunct)
                shape.writtenJoinClauses.append(conjunct)
                if let equality = try columnEquality(conjunct, shape.inputs) {
                    shape.equalities.append(equality)
                } else {
                    guard shape.kind != .full else { throw notSupported() }
                    shape.filters.append(conjunct)
                }
            default:
                // TODO(#3): conditions on no relation (a One-Time Filter).
                throw notSupported()
            }
        }
    }

    /// `e` as an equality of a column of each relation of the same type.
    private func columnEquality(_ e: Expr, _ inputs: [JoinInput]) throws -> JoinEquality? {
        var e = e
        while case .paren(let inner) = e.kind { e = inner }
        guard case .binary("=", let a, let b) = e.kind,
            case .columnRef(let pa) = a.kind, case .columnRef(let pb) = b.kind,
            let ra = owner(pa, inputs), let rb = owner(pb, inputs), ra != rb,
            let ca = inputs[ra].relation.entry.column(pa.last ?? ""),
            let cb = inputs[rb].relation.entry.column(pb.last ?? ""),
            let xa = ca.physical, let xb = cb.physical
        else { return nil }
        // TODO(#3): cross-type equalities (a cast on one side).
        guard ca.type == cb.type else { throw notSupported() }
        let reversed = ra == 1
        return JoinEquality(
            columns: reversed ? [b, a] : [a, b], physical: reversed ? [xb, xa] : [xa, xb],
            reversed: reversed, expr: e)
    }

    /// An equality of a join column with a constant holds for the other
    /// column too: PostgreSQL adds it to the other scan and drops the
    /// join clause; both scans apply it after their own conditions.
    private func applyConstants(_ shape: inout JoinShape) throws {
        var remaining: [JoinEquality] = []
        var seen: [Set<Int>] = [[], []]
        for equality in shape.equalities {
            for rel in 0..<2 {
                guard seen[rel].insert(equality.physical[rel]).inserted else {
                    // TODO(#3): equivalence classes of three or more columns.
                    throw notSupported()
                }
            }
            var constant: (rel: Int, index: Int, value: Expr)?
            for rel in 0..<2 {
                let found = try constantEqualities(
                    shape.inputs[rel], column: equality.physical[rel])
                guard found.count <= 1 else { throw notSupported() }
                if let first = found.first, constant == nil {
                    constant = (rel, first.index, first.value)
                } else if !found.isEmpty {
                    throw notSupported()
                }
            }
            guard let constant else {
                remaining.append(equality)
                continue
            }
            guard shape.kind == .inner else { throw notSupported() }
            shape.joinClauses.removeAll { stripped($0) == equality.expr }
            shape.inputs[constant.rel].restrictions.remove(at: constant.index)
            for rel in 0..<2 {
                let column = equality.columns[rel]
                shape.inputs[rel].restrictions.append(
                    Expr(.binary(op: "=", column, constant.value)))
                shape.pinned[rel].insert(equality.physical[rel])
            }
        }
        shape.equalities = remaining
    }

    private func stripped(_ e: Expr) -> Expr {
        var e = e
        while case .paren(let inner) = e.kind { e = inner }
        return e
    }

    /// The restrictions of `input` equating `column` to a constant.
    private func constantEqualities(_ input: JoinInput, column: Int) throws
        -> [(index: Int, value: Expr)]
    {
        let analyzer = executor.analyzer(nil)
        var found: [(index: Int, value: Expr)] = []
        for (i, restriction) in input.restrictions.enumerated() {
            var e = restriction
            while case .paren(let inner) = e.kind { e = inner }
            guard case .binary("=", let a, let b) = e.kind else { continue }
            for (c, v) in [(a, b), (b, a)] {
                guard case .columnRef(let parts) = c.kind,
                    input.relation.entry.column(parts.last ?? "")?.physical == column,
                    let operand = try? analyzer.analyse(v), operand.constant != nil
                else { continue }
                let type = input.relation.entry.column(parts.last ?? "")?.type
                guard operand.type == .unknown || operand.type == type else {
                    throw notSupported()
                }
                found.append((i, v))
            }
        }
        return found
    }
}
