// DROP VIEW, and the dependency check DROP TABLE and DROP VIEW share:
// PostgreSQL's findDependentObjects refuses to drop a relation that views
// read unless CASCADE is given, and with CASCADE drops those views too and
// says so in a NOTICE.
import SQLParser

/// One relation being dropped, as dependency messages name it.
struct DropVictim {
    var oid: RelationID
    /// "table t", "view v".
    var description: String
}

extension Executor {
    /// DROP VIEW [IF EXISTS] name, ... [CASCADE].
    func dropViews(_ drop: DropStatement) throws -> QueryResult {
        var victims: [DropVictim] = []
        for name in drop.names {
            if drop.ifExists, let schema = name.schema, !catalog.schemas.contains(schema) {
                session.report(.notice("schema \"\(schema)\" does not exist, skipping"))
                continue
            }
            guard let (schema, oid) = try lookupRelation(name) else {
                if drop.ifExists {
                    session.report(.notice("view \"\(name.name)\" does not exist, skipping"))
                    continue
                }
                throw SQLError(SQLState.undefinedTable, "view \"\(name.name)\" does not exist")
            }
            guard let view = catalog.view(oid) else {
                let isTable = !catalog.isIndex(name.name, in: schema)
                throw SQLError(
                    SQLState.wrongObjectType, "\"\(name.name)\" is not a view",
                    hint: isTable ? "Use DROP TABLE to remove a table." : nil)
            }
            try checkDroppable(view)
            victims.append(DropVictim(oid: oid, description: "view \(view.name)"))
        }
        let dependents = try dependentViews(of: victims, cascade: drop.cascade)
        session.updateCatalog { catalog in
            for oid in victims.map(\.oid) + dependents { catalog.removeView(oid) }
        }
        return QueryResult(commandTag: "DROP VIEW")
    }

    /// System views belong to the database (or an extension).
    private func checkDroppable(_ view: ViewDefinition) throws {
        guard view.isSystem else { return }
        throw SQLError(
            SQLState.dependentObjectsStillExist,
            "cannot drop view \(view.name) because it is required by the database system")
    }

    /// The views that read `victims` (directly or through other views),
    /// which CASCADE drops with them; without CASCADE their existence is
    /// PostgreSQL's 2BP01 error.
    func dependentViews(of victims: [DropVictim], cascade: Bool) throws -> [RelationID] {
        let dropped = Set(victims.map(\.oid))
        var found: [(view: ViewDefinition, on: String)] = []
        var seen = dropped
        func visit(_ oid: RelationID, description: String) {
            for view in catalog.views(dependingOn: oid) where seen.insert(view.oid).inserted {
                found.append((view, description))
                visit(view.oid, description: "view \(view.name)")
            }
        }
        for victim in victims { visit(victim.oid, description: victim.description) }
        guard !found.isEmpty else { return [] }
        if cascade {
            reportCascade(found.map { "view \($0.view.name)" })
            return found.map(\.view.oid)
        }
        let first = victims.first { victim in found.contains { $0.on == victim.description } }
        let detail = found.map { "view \($0.view.name) depends on \($0.on)" }
        throw SQLError(
            SQLState.dependentObjectsStillExist,
            "cannot drop \(first?.description ?? "") because other objects depend on it",
            detail: detail.joined(separator: "\n"),
            hint: "Use DROP ... CASCADE to drop the dependent objects too.")
    }

    /// PostgreSQL's NOTICE for what CASCADE drops besides the victims.
    private func reportCascade(_ objects: [String]) {
        if objects.count == 1 {
            session.report(.notice("drop cascades to \(objects[0])"))
            return
        }
        session.report(
            .notice(
                "drop cascades to \(objects.count) other objects",
                detail: objects.map { "drop cascades to \($0)" }.joined(separator: "\n")))
    }
}
