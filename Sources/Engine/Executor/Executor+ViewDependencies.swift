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

    /// System views belong to the database, others to their extension.
    private func checkDroppable(_ view: ViewDefinition) throws {
        if let owner = view.owningExtension {
            throw SQLError(
                SQLState.dependentObjectsStillExist,
                "cannot drop view \(view.name) because extension \(owner) requires it",
                hint: "You can drop extension \(owner) instead.")
        }
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
    func reportCascade(_ objects: [String]) {
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

extension Executor {
    /// DROP COLUMN of a column views read or foreign keys reference:
    /// PostgreSQL's dependency error, or with CASCADE the foreign keys,
    /// the views and views over them dropped too.
    func dropDependentsOfColumn(
        _ column: Int, name: String, of table: TableDefinition, cascade: Bool,
        in updated: inout Catalog
    ) throws {
        let keys = foreignKeys(referencingColumn: column, of: table, in: updated)
        let direct = updated.views(dependingOn: table.oid, column: column)
        guard !direct.isEmpty || !keys.isEmpty else { return }
        let on = "column \(name) of table \(table.name)"
        var all = direct.map { (view: $0, on: on) }
        var seen = Set(direct.map(\.oid))
        var index = 0
        while index < all.count {
            let view = all[index].view
            for next in updated.views(dependingOn: view.oid) where seen.insert(next.oid).inserted {
                all.append((next, "view \(view.name)"))
            }
            index += 1
        }

        // Constraints come before views, as pg_depend's scan finds them.
        let dependents =
            keys.map { ($0.described, on) } + all.map { ("view \($0.view.name)", $0.on) }
        guard cascade else {
            let message =
                !table.partitions.isEmpty
                ? "cannot drop desired object(s) because other objects depend on them"
                : "cannot drop \(on) because other objects depend on it"
            throw SQLError(
                SQLState.dependentObjectsStillExist, message,
                detail: dependents.map { "\($0.0) depends on \($0.1)" }
                    .joined(separator: "\n"),
                hint: "Use DROP ... CASCADE to drop the dependent objects too.")
        }
        reportCascade(dependents.map(\.0))
        Executor.removeForeignKeys(keys, from: &updated)
        for entry in all { updated.removeView(entry.view.oid) }
    }

    /// Renaming a table or a column views read would leave their stored
    /// queries naming what is gone.
    // TODO(#6): views follow renames (PostgreSQL binds them by OID and
    // column number).
    func checkRenameUnderViews(_ table: TableDefinition, column: Int?, in catalog: Catalog)
        throws
    {
        let views =
            column.map { catalog.views(dependingOn: table.oid, column: $0) }
            ?? catalog.views(dependingOn: table.oid)
        guard !views.isEmpty else { return }
        let what = column == nil ? "a table" : "a column"
        throw SQLError.notSupported("renaming \(what) a view reads is not supported yet")
    }
}
