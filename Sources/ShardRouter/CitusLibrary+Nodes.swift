// citus_set_coordinator_host and citus_add_node: the rows of pg_dist_node.
import Engine

extension CitusLibrary {
    func setCoordinatorHost(_ call: NativeCall) throws -> Value {
        guard let host = textArgument(call.arguments[0]), let port = intArgument(call.arguments[1])
        else { return .void }
        willChangeMetadata(call.session)
        if let index = metadata.nodes.firstIndex(where: { $0.groupID == 0 }) {
            metadata.nodes[index].name = host
            metadata.nodes[index].port = port
            try call.session.executeInternal(
                "UPDATE pg_catalog.pg_dist_node SET nodename = \(sqlLiteral(.text(host), .text)), "
                    + "nodeport = \(port) WHERE groupid = 0")
            return .void
        }
        let record = NodeRecord(
            nodeID: metadata.nextNodeID, groupID: 0, name: host, port: port,
            shouldHaveShards: false)
        metadata.nextNodeID += 1
        try insertNodeRow(record, session: call.session)
        return .void
    }

    func addNode(_ call: NativeCall) throws -> Value {
        guard let host = textArgument(call.arguments[0]), let port = intArgument(call.arguments[1])
        else { return .null }
        if let existing = metadata.nodes.first(where: { $0.name == host && $0.port == port }) {
            return .int4(existing.nodeID)
        }
        // Citus connects to the new node first.
        _ = try connection(for: call.session, port: port)
        willChangeMetadata(call.session)
        // TODO(#3): groupid, noderole and nodecluster arguments (secondary
        // nodes); every added node is a primary in a group of its own.
        let record = NodeRecord(
            nodeID: metadata.nextNodeID, groupID: metadata.nextGroupID, name: host, port: port,
            shouldHaveShards: true)
        metadata.nextNodeID += 1
        metadata.nextGroupID += 1
        try insertNodeRow(record, session: call.session)
        // The node is activated: it receives the node list and the
        // metadata of every Citus table.
        try syncNodeMetadata(session: call.session)
        try syncAllTableMetadata(toPort: port, session: call.session)
        return .int4(record.nodeID)
    }

    func insertNodeRow(_ record: NodeRecord, session: Session) throws {
        metadata.nodes.append(record)
        try session.executeInternal(
            "INSERT INTO pg_catalog.pg_dist_node VALUES (\(record.nodeID), \(record.groupID), "
                + "\(sqlLiteral(.text(record.name), .text)), \(record.port), 'default', true, "
                + "true, 'primary', 'default', true, \(record.shouldHaveShards))")
    }
}
