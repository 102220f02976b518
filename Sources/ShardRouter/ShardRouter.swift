// The distribution layer: it will plug into the engine's hooks the way
// Citus plugs into PostgreSQL's planner and executor hooks.
import Engine

/// The version string of the Citus release the simulator reproduces.
public let citusVersion = "12.1.12"
