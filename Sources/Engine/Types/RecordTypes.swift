// Composite (row) types. A composite value is `Value.record` and carries no
// field names or types; its `PGType` does. As PostgreSQL blesses the tuple
// descriptor of an anonymous record into a session-wide cache and hands
// out its index as the typmod of `record`, the engine registers every row
// shape it meets (a table's row type, a subquery's row, `ROW(1, 'a')`,
// topn's `topn_record`) once and types the value `record` with that
// typmod. A named shape (a table's row type, topn_record) gets a type OID
// of its own instead, which the type catalog knows by its name, so
// `pg_typeof(t)` is `t`.
import Foundation

/// One field of a composite type.
package struct RecordField: Hashable, Sendable {
    package var name: String
    package var type: PGType

    package init(name: String, type: PGType) {
        self.name = name
        self.type = type
    }
}

/// The shape of a composite type: its fields in order and, for a named
/// composite type (a table's row type, a type of an extension), its name.
package struct RecordDescriptor: Hashable, Sendable {
    /// The composite type's name; nil for an anonymous record.
    package var typeName: String?
    package var fields: [RecordField]

    package init(typeName: String?, fields: [RecordField]) {
        self.typeName = typeName
        self.fields = fields
    }

    /// The index of the field called `name`, if any.
    package func fieldIndex(_ name: String) -> Int? {
        fields.firstIndex { $0.name == name }
    }
}

/// The registry of row shapes, shared by every node of the process (the
/// values of one shape move between nodes in the simulated cluster).
package final class RecordTypes: @unchecked Sendable {
    private let lock = NSLock()
    private var shapes: [RecordDescriptor] = []
    private var indexes: [RecordDescriptor: Int32] = [:]

    static let shared = RecordTypes()

    /// The `record` type whose typmod stands for `descriptor`.
    package static func type(for descriptor: RecordDescriptor) -> PGType {
        shared.register(descriptor)
    }

    /// The anonymous record type with `fields`.
    package static func type(fields: [RecordField]) -> PGType {
        shared.register(RecordDescriptor(typeName: nil, fields: fields))
    }

    /// The shape `type` stands for; nil for a plain `record` or another
    /// type.
    package static func descriptor(of type: PGType) -> RecordDescriptor? {
        if type.oid == PGType.record.oid {
            return type.typmod >= 0 ? shared.lookup(type.typmod) : nil
        }
        guard type.oid >= firstNamedOID, type.oid < firstNamedArrayOID else { return nil }
        return shared.lookup(type.oid - firstNamedOID)
    }

    /// The first OID given to a named composite type.
    // TODO(#6): named composite types get OIDs of the process's own range
    // rather than from the catalog's OID counter.
    static let firstNamedOID: Int32 = 900_000
    /// The array type of named composite type `firstNamedOID + n` is
    /// `firstNamedArrayOID + n`.
    static let firstNamedArrayOID: Int32 = 1_900_000

    private func register(_ descriptor: RecordDescriptor) -> PGType {
        lock.lock()
        defer { lock.unlock() }
        let index: Int32
        if let known = indexes[descriptor] {
            index = known
        } else {
            index = Int32(shapes.count)
            shapes.append(descriptor)
            indexes[descriptor] = index
        }
        if descriptor.typeName != nil { return PGType(oid: RecordTypes.firstNamedOID + index) }
        return PGType(oid: PGType.record.oid, typmod: index)
    }

    private func lookup(_ index: Int32) -> RecordDescriptor? {
        lock.lock()
        defer { lock.unlock() }
        return index < shapes.count ? shapes[Int(index)] : nil
    }
}

extension PGType {
    /// True for `record` (with or without a registered shape) and for
    /// named composite types.
    package var isRecord: Bool {
        oid == PGType.record.oid || oid >= RecordTypes.firstNamedOID && recordDescriptor != nil
    }

    /// The registered shape of a composite type.
    package var recordDescriptor: RecordDescriptor? { RecordTypes.descriptor(of: self) }
}

/// record_out: `(1,abc)`, each field printed by its type's output function
/// and double-quoted when empty or holding `(),"\` or white space (`"` and
/// `\` doubled). NULL fields print as nothing.
package func formatRecord(_ fields: [Value], type: PGType) -> String {
    let types = type.recordDescriptor?.fields.map(\.type)
    var out = "("
    for (index, field) in fields.enumerated() {
        if index > 0 { out += "," }
        if case .null = field { continue }
        let fieldType =
            types.flatMap { index < $0.count ? $0[index] : nil } ?? naturalType(of: field)
        out += quotedRecordField(formatValue(field, type: fieldType))
    }
    return out + ")"
}

private func quotedRecordField(_ text: String) -> String {
    let needsQuotes = text.isEmpty || text.contains { "(),\"\\ \t\n\r\u{0B}\u{0C}".contains($0) }
    guard needsQuotes else { return text }
    var out = "\""
    for ch in text {
        if ch == "\"" || ch == "\\" { out.append(ch) }
        out.append(ch)
    }
    return out + "\""
}

/// record_in for a registered composite type: `(a,"b c",)`, fields read
/// as record_out writes them (an empty unquoted field is NULL) and each
/// given to its type's input function. An anonymous `record` has no input.
func parseRecord(_ text: String, type: PGType, context: EvaluationContext?) throws -> Value {
    guard let descriptor = type.recordDescriptor, descriptor.typeName != nil else {
        throw SQLError.notSupported("input of anonymous composite types is not implemented")
    }
    func malformed(_ detail: String) -> SQLError {
        SQLError(
            SQLState.invalidTextRepresentation, "malformed record literal: \"\(text)\"",
            detail: detail)
    }
    let chars = Array(text)
    var i = 0
    while i < chars.count, chars[i].isWhitespace { i += 1 }
    guard i < chars.count, chars[i] == "(" else { throw malformed("Missing left parenthesis.") }
    i += 1
    var values: [Value] = []
    for (index, field) in descriptor.fields.enumerated() {
        if index > 0 {
            guard i < chars.count, chars[i] == "," else { throw malformed("Too few columns.") }
            i += 1
        }
        guard i < chars.count else { throw malformed("Unexpected end of input.") }
        if chars[i] == "," || chars[i] == ")" {
            values.append(.null)
            continue
        }
        let raw = try recordFieldText(chars, &i, malformed: malformed)
        values.append(try parseValue(raw, as: field.type, context: context))
    }
    guard i < chars.count else { throw malformed("Unexpected end of input.") }
    if chars[i] == "," { throw malformed("Too many columns.") }
    guard chars[i] == ")" else { throw malformed("Too many columns.") }
    i += 1
    while i < chars.count, chars[i].isWhitespace { i += 1 }
    guard i == chars.count else { throw malformed("Junk after right parenthesis.") }
    return .record(values)
}

/// One field's text up to the unquoted `,` or `)` that ends it.
private func recordFieldText(
    _ chars: [Character], _ i: inout Int, malformed: (String) -> SQLError
) throws -> String {
    var out = ""
    var quoted = false
    while i < chars.count {
        let ch = chars[i]
        if !quoted, ch == "," || ch == ")" { return out }
        i += 1
        if ch == "\\" {
            guard i < chars.count else { throw malformed("Unexpected end of input.") }
            out.append(chars[i])
            i += 1
        } else if ch == "\"" {
            if quoted, i < chars.count, chars[i] == "\"" {
                out.append("\"")
                i += 1
            } else {
                quoted.toggle()
            }
        } else {
            out.append(ch)
        }
    }
    throw malformed("Unexpected end of input.")
}

extension TypeCatalog {
    /// The pg_type row of a named composite type (category C) or of its
    /// array type.
    static func compositeInfo(_ oid: Int32) -> TypeInfo? {
        guard oid >= RecordTypes.firstNamedOID else { return nil }
        let arrayOffset = RecordTypes.firstNamedArrayOID - RecordTypes.firstNamedOID
        if oid >= RecordTypes.firstNamedArrayOID {
            let element = oid - arrayOffset
            guard let name = RecordTypes.descriptor(of: PGType(oid: element))?.typeName else {
                return nil
            }
            return TypeInfo(
                oid: oid, typname: "_" + name, displayName: name + "[]", category: "A",
                isPreferred: false, length: -1, arrayOID: 0, elementOID: element,
                rangeSubtypeOID: 0)
        }
        guard let name = RecordTypes.descriptor(of: PGType(oid: oid))?.typeName else {
            return nil
        }
        return TypeInfo(
            oid: oid, typname: name, displayName: name, category: "C", isPreferred: false,
            length: -1, arrayOID: oid + arrayOffset, elementOID: 0, rangeSubtypeOID: 0)
    }
}


extension TableDefinition {
    /// The table's row type: a composite named after the table with its
    /// live columns as fields.
    package var rowType: PGType {
        RecordTypes.type(
            for: RecordDescriptor(
                typeName: name,
                fields: liveColumns.map {
                    RecordField(name: columns[$0].name, type: columns[$0].type)
                }))
    }
}
