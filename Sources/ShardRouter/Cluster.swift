// A simulated Citus cluster in one process: a coordinator and workers,
// each a node of the engine with its own catalog and storage, addressed
// by host and port as a local Citus cluster's nodes are (coordinator
// localhost:9700, workers localhost:9701, 9702, ...). Every node loads the
// citus library, as `shared_preload_libraries = 'citus'` does.
import Engine

/// The nodes of one cluster.
public final class Cluster {
    /// The host name every node answers to.
    public static let host = "localhost"
    /// The coordinator's port; worker i (from 1) listens on this plus i.
    public static let coordinatorPort = 9700

    /// One node: its address and its database.
    public struct Node {
        public let port: Int
        public let database: Database
        let library: CitusLibrary
    }

    /// The clock every node reads.
    let clock: EngineClock

    /// Every node, the coordinator first.
    public private(set) var nodes: [Node] = []

    /// The coordinator's database.
    public var coordinator: Database { nodes[0].database }
    /// The workers' databases, by port.
    public var workers: [Database] { nodes.dropFirst().map(\.database) }

    /// A cluster of a coordinator and `workerCount` workers. Unless `bare`,
    /// it comes ready as the lab's managed cluster: pg_cron and pg_partman
    /// (schema partman) on the coordinator, citus created on every
    /// node, the coordinator registered and the workers added. A bare
    /// cluster's workers have citus created (as a worker's setup does) but
    /// the coordinator has nothing: `CREATE EXTENSION citus`,
    /// `citus_set_coordinator_host` and `citus_add_node` build it by hand.
    /// `addedWorkers` (all by default) is how many workers are added: the
    /// others listen, with citus created, until `citus_add_node` adds them.
    /// Every node reads one clock (`clock`); with `seed`, random() repeats
    /// from run to run.
    public convenience init(
        workers workerCount: Int = 2, bare: Bool = false, addedWorkers: Int? = nil,
        clock option: ClockOption = .real, seed: UInt64? = nil
    ) throws {
        try self.init(
            workers: workerCount, bare: bare, addedWorkers: addedWorkers,
            clock: option.makeClock(), seed: seed)
    }

    /// The same cluster with every node reading time from `clock`.
    package init(
        workers workerCount: Int, bare: Bool, addedWorkers: Int?, clock: EngineClock,
        seed: UInt64? = nil
    ) throws {
        precondition(workerCount >= 0, "a cluster cannot have a negative number of workers")
        self.clock = clock
        for index in 0...workerCount {
            let port = Self.coordinatorPort + index
            let engine = Engine(clock: clock)
            engine.randomSeed = seed
            engine.serverPort = Int32(port)
            let library = CitusLibrary(port: port)
            engine.libraries["citus"] = library
            engine.extensionPackages["citus"] = CitusExtension()
            engine.extensionSettings = CitusExtension.settings
                .merging(Self.serverConfiguration(coordinator: index == 0)) { $1 }
            // Only the coordinator plans across the shards; a worker runs
            // Citus' commands locally and refuses clients' statements on
            // shell tables.
            engine.plannerHook = { [unowned library] statement, context in
                guard library.localGroupID == 0 else {
                    try library.refuseOnWorker(statement, context: context)
                    return nil
                }
                return try library.plan(statement, context: context)
            }
            engine.subtransactionHook = { [unowned library] session, event in
                library.followSubtransaction(session, event)
            }
            engine.hiddenRelationHook = { [unowned library] table, session in
                library.hidesFromCatalog(table, session: session)
            }
            nodes.append(Node(port: port, database: Database(engine: engine), library: library))
        }
        for node in nodes { node.library.cluster = self }
        for worker in workers { try worker.execute("CREATE EXTENSION citus") }
        guard !bare else { return }
        // As on the lab's managed cluster: pg_cron and pg_partman first,
        // so that Citus neither tracks nor propagates them.
        try coordinator.execute(
            """
            CREATE EXTENSION pg_cron;
            CREATE SCHEMA partman;
            CREATE EXTENSION pg_partman SCHEMA partman;
            CREATE EXTENSION citus
            """)
        try coordinator.execute(
            "SELECT citus_set_coordinator_host('\(Self.host)', \(Self.coordinatorPort))")
        for node in nodes.dropFirst().prefix(addedWorkers ?? workerCount) {
            try coordinator.execute("SELECT citus_add_node('\(Self.host)', \(node.port))")
        }
        // Each added node receives the node list, as it has metadata.
        let session = coordinator.defaultSession
        try session.execute("BEGIN")
        try nodes[0].library.syncNodeMetadata(session: session)
        try session.execute("COMMIT")
        // Then hll and topn, which Citus creates on the workers too.
        try coordinator.execute("CREATE EXTENSION hll; CREATE EXTENSION topn")
    }

    /// postgresql.conf of the lab's nodes: citus preloaded everywhere and
    /// pg_cron on the coordinator, which Citus raises
    /// max_prepared_transactions for (it needs 2PC).
    static func serverConfiguration(coordinator: Bool) -> [String: SettingDefinition] {
        var settings: [SettingDefinition] = [
            SettingDefinition(
                name: "shared_preload_libraries", kind: .readOnly,
                defaultValue: coordinator ? "citus,pg_cron" : "citus"),
            SettingDefinition(
                name: "max_prepared_transactions", kind: .readOnly, defaultValue: "200"),
        ]
        if coordinator {
            settings.append(
                SettingDefinition(
                    name: "cron.database_name", kind: .readOnly, defaultValue: "citus"))
        }
        return Dictionary(uniqueKeysWithValues: settings.map { ($0.name, $0) })
    }

    /// Ends the background sessions of a virtual clock (a real clock's
    /// end with the process).
    public func shutdown() {
        (clock as? VirtualClock)?.shutdown()
    }

    /// The node listening on `port` of `Cluster.host`, if there is one.
    public func node(port: Int) -> Node? {
        nodes.first { $0.port == port }
    }

    /// The node at `host`:`port`, if the cluster has one there.
    public func node(host: String, port: Int) -> Node? {
        guard host == Self.host || host == "127.0.0.1" else { return nil }
        return nodes.first { $0.port == port }
    }
}
