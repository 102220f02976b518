// Finding a zone by name as PostgreSQL's pg_tzset does (a tz database
// file, its name matched without regard to case, else a POSIX TZ string
// read upper-cased), and the zone of the session whose statement is
// running, which timestamptz input and output read (PostgreSQL's
// session_timezone global).

import Foundation

extension ZoneRules {
    /// The system's tz database.
    static let zoneInfoRoot = "/usr/share/zoneinfo/"

    /// The zone `name` stands for in SET TIME ZONE, nil when it is neither
    /// a file of the tz database nor a POSIX TZ string. `america/new_york`
    /// is `America/New_York`; `est5edt,m3.2.0,m11.1.0` the POSIX zone
    /// `EST5EDT,M3.2.0,M11.1.0`.
    package static func named(_ name: String) -> ZoneRules? {
        ZoneCache.shared.zone(name) {
            if let path = zoneFilePath(name),
                let data = FileManager.default.contents(atPath: zoneInfoRoot + path),
                let zone = parseTZif(Array(data), name: path)
            {
                return zone
            }
            let upper = name.uppercased()
            guard let rule = PosixZoneRule(upper) else { return nil }
            return ZoneRules(
                name: upper, transitions: [], kinds: [], types: [],
                initial: rule.standard, rule: rule)
        }
    }

    /// The zone of a TimeZone setting's canonical value.
    package static func forSetting(_ value: String) -> ZoneRules {
        if value == "UTC" { return .utc }
        return named(value) ?? .utc
    }

    /// False when the zone's offset on 2000-01-01 has seconds, which
    /// PostgreSQL's pg_tz_acceptable takes for a zone counting leap
    /// seconds and refuses.
    package var isAcceptable: Bool {
        !countsLeapSeconds && offset(atUTC: 0) % 60 == 0
    }

    /// The tz database file `name` matches, spelled as on disk, each
    /// component matched without regard to case as PostgreSQL's
    /// scan_directory_ci matches it (`america/new_york` ->
    /// `America/New_York`); components starting with a dot never match.
    static func zoneFilePath(_ name: String) -> String? {
        var path = ""
        for component in name.split(separator: "/", omittingEmptySubsequences: false) {
            guard !component.isEmpty, !component.hasPrefix(".") else { return nil }
            let entries = (try? FileManager.default.contentsOfDirectory(
                atPath: zoneInfoRoot + path)) ?? []
            let lower = component.lowercased()
            let match = entries.first { !$0.hasPrefix(".") && $0.lowercased() == lower }
            guard let match else { return nil }
            path += (path.isEmpty ? "" : "/") + match
        }
        return path.isEmpty ? nil : path
    }
}

extension ZoneRules {
    /// Every file name under the tz database, directories followed (the
    /// `posix` copy included), names starting with a dot skipped.
    static func allZoneNames() -> [String] {
        var names: [String] = []
        func walk(_ path: String, depth: Int) {
            let entries = (try? FileManager.default.contentsOfDirectory(
                atPath: zoneInfoRoot + path)) ?? []
            for entry in entries.sorted() where !entry.hasPrefix(".") {
                let name = path.isEmpty ? entry : path + "/" + entry
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(
                    atPath: zoneInfoRoot + name, isDirectory: &isDirectory)
                else { continue }
                if isDirectory.boolValue {
                    if depth < 4 { walk(name, depth: depth + 1) }
                } else {
                    names.append(name)
                }
            }
        }
        walk("", depth: 0)
        return names
    }
}

/// Zones read so far, by the name they were asked for (files are read
/// once per process).
private final class ZoneCache: @unchecked Sendable {
    static let shared = ZoneCache()
    private let lock = NSLock()
    private var zones: [String: ZoneRules?] = [:]

    func zone(_ name: String, load: () -> ZoneRules?) -> ZoneRules? {
        lock.lock()
        if let known = zones[name] {
            lock.unlock()
            return known
        }
        lock.unlock()
        let loaded = load()
        lock.lock()
        zones[name] = loaded
        lock.unlock()
        return loaded
    }
}

/// Where the running statement's session keeps its TimeZone; bound by the
/// session around each statement it runs and by a query result while it
/// formats its rows. Outside any session the zone is UTC.
package final class SessionTimeZone: @unchecked Sendable {
    private let read: () -> ZoneRules

    /// A source reading the zone through `read` each time it is asked
    /// (a SET in the middle of a query string takes effect at once).
    package init(_ read: @escaping () -> ZoneRules) {
        self.read = read
    }

    /// The zone of the session running now.
    @TaskLocal package static var source: SessionTimeZone?

    /// The session zone of the statement running on this thread.
    package static var current: ZoneRules {
        source?.read() ?? .utc
    }
}
