// OIDs of the catalog entries the engine keeps inside other definitions:
// indexes (pg_class rows of their own in PostgreSQL), constraints
// (pg_constraint) and functions (pg_proc), drawn from the counter tables
// use, so every OID names one object; and COMMENT ON's descriptions
// (pg_description), keyed as PostgreSQL keys them.

/// pg_description's key: the object's OID, the catalog it lives in
/// (pg_class, pg_proc, ...) and, for a column, its number.
package struct CommentKey: Hashable {
    package var objectOID: RelationID
    package var classOID: RelationID
    package var subID: Int32

    package init(objectOID: RelationID, classOID: RelationID, subID: Int32 = 0) {
        self.objectOID = objectOID
        self.classOID = classOID
        self.subID = subID
    }
}

extension Catalog {
    /// `objectOIDs`' key of an index.
    static func indexKey(_ name: String, _ schema: String) -> String {
        "i:\(schema).\(name)"
    }

    /// The schema and name of the relation (table, view, sequence or
    /// index) with OID `oid`.
    package func relationIdentity(_ oid: RelationID) -> (schema: String, name: String)? {
        if let t = tables[oid] { return (t.schema, t.name) }
        if let v = views[oid] { return (v.schema, v.name) }
        if let s = sequences[oid] { return (s.schema, s.name) }
        guard
            let key = objectOIDs.first(where: { $0.value == oid && $0.key.hasPrefix("i:") })?
                .key
        else { return nil }
        for (schema, names) in indexNames {
            for name in names where Catalog.indexKey(name, schema) == key {
                return (schema, name)
            }
        }
        return nil
    }

    /// regclass's OID of relation `name` in `schema`: an index's own OID,
    /// not its table's.
    package func relationOID(named name: String, in schema: String) -> RelationID? {
        if isIndex(name, in: schema), let oid = indexOID(name, in: schema) { return oid }
        return relation(named: name, in: schema)
    }

    /// The OID of the index `name` in `schema` (a key constraint's or one
    /// made by CREATE INDEX), nil when there is none.
    package func indexOID(_ name: String, in schema: String) -> RelationID? {
        objectOIDs[Catalog.indexKey(name, schema)]
    }

    /// The OID of constraint `name` of table `table`.
    package func constraintOID(_ name: String, of table: RelationID) -> RelationID? {
        objectOIDs["c:\(table)/\(name)"]
    }

    mutating func assignIndexOID(_ name: String, in schema: String) {
        let key = Catalog.indexKey(name, schema)
        if objectOIDs[key] == nil { objectOIDs[key] = allocateOID() }
    }

    mutating func forgetIndexOID(_ name: String, in schema: String) {
        if let oid = objectOIDs.removeValue(forKey: Catalog.indexKey(name, schema)) {
            forgetComments(of: oid)
        }
    }

    /// Gives a constraint its OID and, for a key, its index one.
    mutating func assignConstraintOID(_ c: ConstraintDefinition, of table: TableDefinition) {
        let key = "c:\(table.oid)/\(c.name)"
        if objectOIDs[key] == nil { objectOIDs[key] = allocateOID() }
        if c.keyColumns != nil { assignIndexOID(c.name, in: table.schema) }
    }

    mutating func forgetConstraintOID(_ c: ConstraintDefinition, of table: TableDefinition) {
        if let oid = objectOIDs.removeValue(forKey: "c:\(table.oid)/\(c.name)") {
            forgetComments(of: oid)
        }
        if c.keyColumns != nil { forgetIndexOID(c.name, in: table.schema) }
    }

    /// Gives each function added since the last change its pg_proc OID.
    mutating func assignFunctionOIDs() {
        for (key, overloads) in functions where overloads.contains(where: { $0.oid == 0 }) {
            var numbered = overloads
            for i in numbered.indices where numbered[i].oid == 0 {
                numbered[i].oid = allocateOID()
            }
            functions[key] = numbered
        }
    }

    /// The function with pg_proc OID `oid`.
    package func function(withOID oid: RelationID) -> UserFunctionDefinition? {
        for overloads in functions.values {
            if let f = overloads.first(where: { $0.oid == oid }) { return f }
        }
        return nil
    }

    /// Drops the descriptions of object `oid` (and of its columns).
    mutating func forgetComments(of oid: RelationID) {
        guard !comments.isEmpty else { return }
        for key in comments.keys where key.objectOID == oid {
            comments[key] = nil
        }
    }
}
