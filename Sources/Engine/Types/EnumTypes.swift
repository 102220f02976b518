// Enum types (CREATE TYPE .. AS ENUM). A value is `Value.text` holding its
// label; its `PGType` carries the type, whose labels in order give the
// sort order (enum_cmp compares the labels' positions, not their text).
// As with named composite types, every enum shape is registered once per
// process and gets an OID of the process's own range, so a type created
// alike on several nodes of the cluster is one type.
// TODO(#6): ALTER TYPE .. ADD VALUE and RENAME VALUE (a type's labels are
// fixed once registered).
import Foundation

/// One enum type: its schema, name and labels in sort order.
package struct EnumDescriptor: Hashable, Sendable {
    package var schema: String
    package var name: String
    package var labels: [String]
}

/// The registry of enum types, shared by every node of the process.
package final class EnumTypes: @unchecked Sendable {
    private let lock = NSLock()
    private var types: [EnumDescriptor] = []
    private var indexes: [EnumDescriptor: Int32] = [:]

    static let shared = EnumTypes()

    // TODO(#6): enum types get OIDs of the process's own range rather than
    // from the catalog's OID counter.
    static let firstOID: Int32 = 800_000
    /// The array type of enum `firstOID + n` is `firstArrayOID + n`.
    static let firstArrayOID: Int32 = 850_000

    /// The type of `descriptor`, registered on first use.
    package static func type(for descriptor: EnumDescriptor) -> PGType {
        shared.lock.lock()
        defer { shared.lock.unlock() }
        if let known = shared.indexes[descriptor] { return PGType(oid: firstOID + known) }
        let index = Int32(shared.types.count)
        shared.types.append(descriptor)
        shared.indexes[descriptor] = index
        return PGType(oid: firstOID + index)
    }

    /// The enum `type` stands for; nil for any other type.
    package static func descriptor(of type: PGType) -> EnumDescriptor? {
        guard type.oid >= firstOID, type.oid < firstArrayOID else { return nil }
        shared.lock.lock()
        defer { shared.lock.unlock() }
        let index = Int(type.oid - firstOID)
        return index < shared.types.count ? shared.types[index] : nil
    }

    /// The pg_type row of an enum type or its array type.
    static func info(_ oid: Int32) -> TypeInfo? {
        let arrayOffset = firstArrayOID - firstOID
        if oid >= firstArrayOID {
            guard let name = descriptor(of: PGType(oid: oid - arrayOffset))?.name else {
                return nil
            }
            return TypeInfo(
                oid: oid, typname: "_" + name, displayName: name + "[]", category: "A",
                isPreferred: false, length: -1, arrayOID: 0, elementOID: oid - arrayOffset,
                rangeSubtypeOID: 0)
        }
        guard let name = descriptor(of: PGType(oid: oid))?.name else { return nil }
        return TypeInfo(
            oid: oid, typname: name, displayName: name, category: "E", isPreferred: false,
            length: 4, arrayOID: oid + arrayOffset, elementOID: 0, rangeSubtypeOID: 0)
    }
}

extension PGType {
    /// The enum type this is, if any.
    package var enumDescriptor: EnumDescriptor? { EnumTypes.descriptor(of: self) }
}

/// enum_in: the label must be one of the type's.
func parseEnum(_ text: String, _ descriptor: EnumDescriptor) throws -> Value {
    guard descriptor.labels.contains(text) else {
        throw SQLError(
            SQLState.invalidTextRepresentation,
            "invalid input value for enum \(descriptor.name): \"\(text)\"")
    }
    return .text(text)
}

/// enum_cmp: by the labels' positions.
func compareEnum(_ a: String, _ b: String, _ descriptor: EnumDescriptor) -> Int {
    let x = descriptor.labels.firstIndex(of: a) ?? Int.max
    let y = descriptor.labels.firstIndex(of: b) ?? Int.max
    return x < y ? -1 : (x == y ? 0 : 1)
}
