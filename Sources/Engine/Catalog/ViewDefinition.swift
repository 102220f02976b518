// What the catalog records about a view: pg_class's entry (relkind 'v'),
// its columns, and the query its _RETURN rule stands for. PostgreSQL keeps
// the analysed query; the catalog keeps the raw query with every relation
// it reads resolved, so expanding it later reads the same relations.
import SQLParser

/// One view as the catalog knows it.
package struct ViewDefinition {
    package var oid: RelationID
    package var schema: String
    package var name: String
    /// The view's columns, named by the column list or the query.
    package var columns: [(name: String, type: PGType)]
    /// The query, its table names qualified with the schema they
    /// resolved to at creation.
    package var query: SelectStatement
    /// Relations the query reads (pg_depend's normal dependencies).
    package var dependencies: Set<RelationID>
    /// True when the query selects `*`: PostgreSQL fixes the columns a
    /// star stands for at creation, so the expansion keeps only the
    /// view's columns even after a view it reads gains some.
    package var selectsStar = false
    /// The columns (physical numbers) the query reads of each table, as
    /// pg_depend records a view's dependencies on columns.
    package var columnDependencies: [RelationID: Set<Int>] = [:]
    /// True for the views the engine and extensions define in pg_catalog
    /// that DROP cannot remove.
    package var isSystem = false
    /// For the engine's system catalogs computed from the catalog on each
    /// scan: pg_class shows them as tables (relkind 'r'), as PostgreSQL's
    /// are.
    package var isCatalogTable = false
    /// For the engine's catalog views that call a function per row which
    /// cannot run on every row (pg_views' pg_get_viewdef): comparisons of
    /// their plain columns filter inside the view's query first.
    package var filtersFirst = false
    /// The extension whose script created the view (pg_depend's 'e').
    package var owningExtension: String?

    /// True for a view a user created (neither the engine's nor an
    /// extension's).
    package var isUserView: Bool { !isSystem && owningExtension == nil }
}

extension Catalog {
    /// The view with `oid`.
    package func view(_ oid: RelationID) -> ViewDefinition? {
        views[oid]
    }

    /// Adds a view (or replaces the one with its oid) and records its name.
    package mutating func addView(_ view: ViewDefinition) {
        if view.isUserView && views[view.oid] == nil { userViewCount += 1 }
        views[view.oid] = view
        relationNames[view.schema, default: [:]][view.name] = view.oid
        bumpVersion()
    }

    /// Removes a view and its name.
    package mutating func removeView(_ oid: RelationID) {
        guard let view = views[oid] else { return }
        if view.isUserView { userViewCount -= 1 }
        relationNames[view.schema]?[view.name] = nil
        forgetComments(of: oid)
        views[oid] = nil
        bumpVersion()
    }

    /// Views that read column `column` of table `oid`, by oid.
    package func views(dependingOn oid: RelationID, column: Int) -> [ViewDefinition] {
        views.values.filter { $0.columnDependencies[oid]?.contains(column) == true }
            .sorted { $0.oid < $1.oid }
    }

    /// Views that read `oid`, ordered by oid (creation order).
    package func views(dependingOn oid: RelationID) -> [ViewDefinition] {
        views.values.filter { $0.dependencies.contains(oid) }.sorted { $0.oid < $1.oid }
    }
}
