// Generated object names, as PostgreSQL's ChooseRelationName and
// ChooseConstraintName build them: `table_column_suffix`, each part
// shortened so the whole fits in 63 bytes, then a number appended until
// the name is free (`t_check`, `t_check1`, `t_a_key1`).

extension Catalog {
    /// The longest identifier PostgreSQL keeps (NAMEDATALEN - 1).
    package static let maxIdentifierBytes = 63

    /// `name1_name2_label`, with name1 and name2 shortened (the longer
    /// one first) so the result fits in 63 bytes, as makeObjectName does.
    package static func makeObjectName(_ name1: String, _ name2: String?, _ label: String) -> String
    {
        var n1 = Array(name1.utf8)
        var n2 = name2.map { Array($0.utf8) } ?? []
        let overhead = label.utf8.count + 1 + (name2 == nil ? 0 : 1)
        let available = maxIdentifierBytes - overhead
        while n1.count + n2.count > available {
            if n1.count > n2.count { n1.removeLast() } else { n2.removeLast() }
        }
        var out = clipToCharacter(n1)
        if name2 != nil { out += "_" + clipToCharacter(n2) }
        return out + "_" + label
    }

    /// Bytes back to a string, dropping a trailing partial UTF-8 sequence.
    private static func clipToCharacter(_ bytes: [UInt8]) -> String {
        var b = bytes[...]
        while !b.isEmpty {
            if let s = String(validating: b, as: UTF8.self) { return s }
            b = b.dropLast()
        }
        return ""
    }

    /// A free relation name (for an index) in `schema`, avoiding `taken`.
    package func chooseRelationName(
        _ name1: String, _ name2: String?, _ label: String, schema: String, taken: Set<String>
    ) -> String {
        chooseName(name1, name2, label, taken: taken) { candidate in
            relation(named: candidate, in: schema) != nil
        }
    }

    /// A free constraint name in `schema`, avoiding `taken`.
    package func chooseConstraintName(
        _ name1: String, _ name2: String?, _ label: String, schema: String, taken: Set<String>
    ) -> String {
        chooseName(name1, name2, label, taken: taken) { candidate in
            constraintNames[schema]?.contains(candidate) ?? false
        }
    }

    private func chooseName(
        _ name1: String, _ name2: String?, _ label: String, taken: Set<String>,
        exists: (String) -> Bool
    ) -> String {
        var suffix = 0
        while true {
            let l = suffix == 0 ? label : "\(label)\(suffix)"
            let candidate = Catalog.makeObjectName(name1, name2, l)
            if !taken.contains(candidate) && !exists(candidate) { return candidate }
            suffix += 1
        }
    }
}
