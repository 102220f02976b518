// Run-time configuration parameters (PostgreSQL's GUCs) that sessions
// read and change with SET, SHOW and RESET: their PostgreSQL 15 defaults,
// the checks PostgreSQL applies to new values, and the canonical form SHOW
// prints (`8192` for work_mem shows as `8MB`).
import Foundation

/// How a parameter's values are checked and shown.
package enum SettingKind {
    case boolean
    /// An integer in `range`, in `unit` (kB for memory, ms for time).
    case integer(range: ClosedRange<Int>, unit: SettingUnit?)
    /// A floating-point number in `range`, shown as C's `%g` shows it.
    case real(range: ClosedRange<Double>)
    case enumeration([String])
    case string
    /// A comma-separated list of identifiers (search_path).
    case identifierList
    case timeZone
    case dateStyle
    /// A locale name the server has (C, POSIX, C.UTF-8).
    case locale
    /// The client's encoding; only UTF8 is simulated.
    case clientEncoding
    /// IntervalStyle; only the postgres output style is simulated.
    case intervalStyle
    /// Cannot be changed (server_version, server_encoding, ...).
    case readOnly
}

/// Units of integer parameters, with PostgreSQL's unit names.
package enum SettingUnit {
    case kilobytes, milliseconds

    /// Unit names and their size in the base unit, largest first.
    var scale: [(String, Int)] {
        switch self {
        case .kilobytes: return [("TB", 1 << 30), ("GB", 1 << 20), ("MB", 1 << 10), ("kB", 1)]
        case .milliseconds:
            return [("d", 86_400_000), ("h", 3_600_000), ("min", 60_000), ("s", 1000), ("ms", 1)]
        }
    }
}

/// A parameter's definition.
package struct SettingDefinition {
    /// The canonical name SHOW uses as its column title (`TimeZone`).
    package var name: String
    package var kind: SettingKind
    package var defaultValue: String

    package init(name: String, kind: SettingKind, defaultValue: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
    }
}

/// The parameters citus-sim knows, keyed by lower-case name.
let settingDefinitions: [String: SettingDefinition] = {
    let list: [SettingDefinition] = [
        SettingDefinition(name: "application_name", kind: .string, defaultValue: ""),
        SettingDefinition(
            name: "client_min_messages",
            kind: .enumeration([
                "debug5", "debug4", "debug3", "debug2", "debug1", "log", "notice", "warning",
                "error",
            ]), defaultValue: "notice"),
        SettingDefinition(name: "client_encoding", kind: .clientEncoding, defaultValue: "UTF8"),
        SettingDefinition(name: "DateStyle", kind: .dateStyle, defaultValue: "ISO, MDY"),
        SettingDefinition(
            name: "extra_float_digits", kind: .integer(range: -15...3, unit: nil), defaultValue: "1"
        ),
        SettingDefinition(name: "integer_datetimes", kind: .readOnly, defaultValue: "on"),
        SettingDefinition(name: "IntervalStyle", kind: .intervalStyle, defaultValue: "postgres"),
        SettingDefinition(name: "is_superuser", kind: .readOnly, defaultValue: "on"),
        SettingDefinition(
            name: "default_transaction_read_only", kind: .boolean, defaultValue: "off"),
        SettingDefinition(name: "transaction_read_only", kind: .readOnly, defaultValue: "off"),
        SettingDefinition(name: "lc_collate", kind: .readOnly, defaultValue: "C.UTF-8"),
        SettingDefinition(name: "lc_ctype", kind: .readOnly, defaultValue: "C.UTF-8"),
        SettingDefinition(name: "lc_messages", kind: .locale, defaultValue: "C.UTF-8"),
        SettingDefinition(name: "lc_monetary", kind: .locale, defaultValue: "C.UTF-8"),
        SettingDefinition(name: "lc_numeric", kind: .locale, defaultValue: "C.UTF-8"),
        SettingDefinition(name: "lc_time", kind: .locale, defaultValue: "C.UTF-8"),
        SettingDefinition(name: "max_connections", kind: .readOnly, defaultValue: "100"),
        SettingDefinition(name: "max_prepared_transactions", kind: .readOnly, defaultValue: "0"),
        SettingDefinition(name: "shared_preload_libraries", kind: .readOnly, defaultValue: ""),
        SettingDefinition(
            name: "search_path", kind: .identifierList, defaultValue: "\"$user\", public"),
        SettingDefinition(name: "server_encoding", kind: .readOnly, defaultValue: "UTF8"),
        SettingDefinition(
            name: "server_version", kind: .readOnly, defaultValue: "15.18 (Debian 15.18-0+deb12u1)"),
        SettingDefinition(name: "server_version_num", kind: .readOnly, defaultValue: "150018"),
        SettingDefinition(name: "standard_conforming_strings", kind: .boolean, defaultValue: "on"),
        SettingDefinition(
            name: "statement_timeout",
            kind: .integer(range: 0...2_147_483_647, unit: .milliseconds), defaultValue: "0"),
        SettingDefinition(
            name: "lock_timeout",
            kind: .integer(range: 0...2_147_483_647, unit: .milliseconds), defaultValue: "0"),
        SettingDefinition(
            name: "idle_in_transaction_session_timeout",
            kind: .integer(range: 0...2_147_483_647, unit: .milliseconds), defaultValue: "0"),
        SettingDefinition(
            name: "idle_session_timeout",
            kind: .integer(range: 0...2_147_483_647, unit: .milliseconds), defaultValue: "0"),
        SettingDefinition(name: "TimeZone", kind: .timeZone, defaultValue: "UTC"),
        SettingDefinition(
            name: "work_mem", kind: .integer(range: 64...2_147_483_647, unit: .kilobytes),
            defaultValue: "4MB"),
        SettingDefinition(
            name: "maintenance_work_mem",
            kind: .integer(range: 1024...2_147_483_647, unit: .kilobytes), defaultValue: "64MB"),
        SettingDefinition(name: "check_function_bodies", kind: .boolean, defaultValue: "on"),
        SettingDefinition(name: "enable_seqscan", kind: .boolean, defaultValue: "on"),
        SettingDefinition(name: "enable_indexscan", kind: .boolean, defaultValue: "on"),
        SettingDefinition(name: "enable_hashagg", kind: .boolean, defaultValue: "on"),
        SettingDefinition(
            name: "max_parallel_workers_per_gather", kind: .integer(range: 0...1024, unit: nil),
            defaultValue: "2"),
        SettingDefinition(name: "jit", kind: .boolean, defaultValue: "on"),
        SettingDefinition(name: "row_security", kind: .boolean, defaultValue: "on"),
        SettingDefinition(
            name: "synchronous_commit",
            kind: .enumeration(["local", "remote_write", "remote_apply", "on", "off"]),
            defaultValue: "on"),
        SettingDefinition(
            name: "default_transaction_isolation",
            kind: .enumeration([
                "serializable", "repeatable read", "read committed", "read uncommitted",
            ]),
            defaultValue: "read committed"),
        SettingDefinition(
            name: "transaction_isolation", kind: .readOnly, defaultValue: "read committed"),
    ]
    var map: [String: SettingDefinition] = [:]
    for d in list { map[d.name.lowercased()] = d }
    return map
}()

/// One session's parameter values.
struct Settings {
    /// Values that differ from the defaults, keyed by lower-case name.
    private var values: [String: String] = [:] {
        didSet { stamp = SettingsStamp.next() }
    }
    /// SET LOCAL values, dropped when the transaction ends.
    private var localValues: [String: String] = [:] {
        didSet { stamp = SettingsStamp.next() }
    }
    /// Values the connection's startup packet gave (psql's
    /// application_name); RESET returns to them.
    private var startupValues: [String: String] = [:] {
        didSet { stamp = SettingsStamp.next() }
    }
    /// Names these values: every change takes a number never used before,
    /// so two Settings with the same stamp hold the same values. Caches
    /// of things derived from settings (compiled defaults, the statement
    /// timeout) compare stamps instead of re-reading parameters.
    private(set) var stamp: UInt64 = 0
    /// Parameters the node's libraries define, beside PostgreSQL's own,
    /// and the node's configuration of PostgreSQL's server-wide ones.
    var extensionDefinitions: [String: SettingDefinition] = [:]

    /// Adds a parameter a library defines as it loads; a value set before
    /// (a placeholder) is kept.
    mutating func define(_ definition: SettingDefinition) {
        extensionDefinitions[definition.name.lowercased()] = definition
    }

    /// The definition of the parameter with lower-case name `key`.
    private func definition(_ key: String) -> SettingDefinition? {
        extensionDefinitions[key] ?? settingDefinitions[key]
    }

    /// The value SHOW prints, nil when the parameter does not exist.
    func value(_ name: String) -> String? {
        let key = Settings.isFolded(name) ? name : name.lowercased()
        if let v = localValues[key] { return v }
        if let v = values[key] { return v }
        if let v = startupValues[key] { return v }
        return definition(key)?.defaultValue
    }

    /// True when `name` is ASCII without upper-case letters, so it is its
    /// own lookup key (the engine's own reads always are).
    private static func isFolded(_ name: String) -> Bool {
        !name.utf8.contains { $0 &- 0x41 < 26 || $0 >= 0x80 }
    }

    /// The canonical name of `name`, for SHOW's column title.
    func canonicalName(_ name: String) -> String {
        definition(name.lowercased())?.name ?? name.lowercased()
    }

    /// Sets `name` from SET's items, checking them as PostgreSQL does.
    mutating func set(_ name: String, items: [SettingItem], local: Bool = false) throws {
        let key = name.lowercased()
        let value: String
        if let definition = definition(key) {
            value = try Settings.canonical(
                definition, items: items, current: self.value(key) ?? definition.defaultValue)
        } else {
            guard key.contains(".") else { throw Settings.unrecognized(name) }
            value = items.map(\.text).joined(separator: ", ")
        }
        store(key, value, local: local)
    }

    /// Sets `name` from one text value, as set_config does: a list
    /// parameter (search_path) reads it as a list of names.
    mutating func set(_ name: String, text: String, local: Bool) throws {
        guard let definition = definition(name.lowercased()),
            case .identifierList = definition.kind
        else {
            return try set(name, items: [SettingItem(text: text)], local: local)
        }
        guard let names = splitIdentifiers(text, separator: ",") else {
            throw SQLError(
                SQLState.invalidParameterValue,
                "invalid list syntax in parameter \"\(definition.name)\"")
        }
        try set(name, items: names.map { SettingItem(text: $0) }, local: local)
    }

    /// Sets `name` to a value already in canonical form.
    mutating func setCanonical(_ name: String, _ value: String, local: Bool) {
        store(name.lowercased(), value, local: local)
    }

    private mutating func store(_ key: String, _ value: String, local: Bool) {
        if local {
            localValues[key] = value
        } else {
            values[key] = value
            localValues[key] = nil
        }
    }

    /// Sets a parameter the way a connection's startup options do: it
    /// becomes the value RESET returns to.
    mutating func setStartup(_ name: String, _ text: String) throws {
        let key = name.lowercased()
        guard let definition = definition(key) else { throw Settings.unrecognized(name) }
        startupValues[key] = try Settings.canonical(
            definition, items: [SettingItem(text: text)], current: definition.defaultValue)
    }

    /// Ends the transaction's SET LOCAL values.
    mutating func clearLocal() {
        if !localValues.isEmpty { localValues.removeAll() }
    }

    /// RESET name: back to the startup value or the default (custom
    /// parameters become empty).
    mutating func reset(_ name: String) throws {
        let key = name.lowercased()
        if definition(key) == nil {
            guard key.contains(".") else { throw Settings.unrecognized(name) }
            if values[key] != nil { values[key] = "" }
            localValues[key] = nil
            return
        }
        if case .readOnly = definition(key)?.kind {
            throw SQLError("55P02", "parameter \"\(name)\" cannot be changed")
        }
        values[key] = nil
        localValues[key] = nil
    }

    /// RESET ALL.
    mutating func resetAll() {
        values = values.filter { definition($0.key) == nil }
        localValues.removeAll()
    }

    static func unrecognized(_ name: String) -> SQLError {
        SQLError(
            SQLState.undefinedObject,
            "unrecognized configuration parameter \"\(name.lowercased())\"")
    }
}

/// Hands out `Settings.stamp` values, unique across all sessions.
private enum SettingsStamp {
    private static let lock = NSLock()
    private static var last: UInt64 = 0

    /// A stamp no Settings value has had before.
    static func next() -> UInt64 {
        lock.lock()
        defer { lock.unlock() }
        last += 1
        return last
    }
}

/// One value item of SET as written: an identifier, string or number.
struct SettingItem {
    var text: String
}

extension Settings {
    fileprivate static func invalid(_ definition: SettingDefinition, _ text: String) -> SQLError {
        SQLError(
            SQLState.invalidParameterValue,
            "invalid value for parameter \"\(definition.name)\": \"\(text)\"")
    }

    /// The form SHOW prints for items assigned to `definition`, whose
    /// value is `current` now.
    fileprivate static func canonical(
        _ definition: SettingDefinition, items: [SettingItem], current: String
    ) throws -> String {
        switch definition.kind {
        case .identifierList:
            return items.map { quoteIdentifier($0.text) }.joined(separator: ", ")
        case .dateStyle:
            return try canonicalDateStyle(items.map(\.text), current: current)
        default:
            break
        }
        guard items.count == 1, let item = items.first else {
            throw SQLError(
                SQLState.syntaxError, "SET \(definition.name.lowercased()) takes only one argument")
        }
        let text = item.text
        switch definition.kind {
        case .readOnly:
            throw SQLError(
                "55P02", "parameter \"\(definition.name.lowercased())\" cannot be changed")
        case .boolean:
            guard let b = parseBoolean(text) else {
                throw SQLError(
                    SQLState.invalidParameterValue,
                    "parameter \"\(definition.name)\" requires a Boolean value")
            }
            return b ? "on" : "off"
        case .integer(let range, let unit):
            return try canonicalInteger(definition, text, range: range, unit: unit)
        case .real(let range):
            return try canonicalReal(definition, text, range: range)
        case .enumeration(let options):
            // Matched without regard to case, shown as the option is spelt.
            let lower = text.lowercased()
            guard let option = options.first(where: { $0.lowercased() == lower }) else {
                throw SQLError(
                    SQLState.invalidParameterValue,
                    "invalid value for parameter \"\(definition.name)\": \"\(text)\"",
                    hint: "Available values: \(options.joined(separator: ", ")).")
            }
            return option
        case .string, .identifierList, .dateStyle:
            return text
        case .locale:
            guard ["", "C", "POSIX", "C.UTF-8", "C.utf8"].contains(text) else {
                throw invalid(definition, text)
            }
            return text
        case .timeZone:
            return try canonicalTimeZone(text)
        case .clientEncoding:
            let name = text.uppercased().replacingOccurrences(of: "-", with: "")
            guard ["UTF8", "UNICODE"].contains(name) else {
                // TODO(#7): client encodings other than UTF8.
                throw SQLError.notSupported(
                    "client encoding \"\(text)\" is not supported; only UTF8 is")
            }
            return "UTF8"
        case .intervalStyle:
            let styles = ["postgres", "postgres_verbose", "sql_standard", "iso_8601"]
            let lower = text.lowercased()
            guard styles.contains(lower) else {
                throw SQLError(
                    SQLState.invalidParameterValue,
                    "invalid value for parameter \"\(definition.name)\": \"\(text)\"",
                    hint: "Available values: \(styles.joined(separator: ", ")).")
            }
            guard lower == "postgres" else {
                // TODO(#6): the other IntervalStyle output formats.
                throw SQLError.notSupported(
                    "IntervalStyle \"\(lower)\" is not supported; only postgres is")
            }
            return lower
        }
    }

    /// A real parameter's value: parsed as strtod does, checked against
    /// `range`, printed with six significant digits.
    private static func canonicalReal(
        _ definition: SettingDefinition, _ text: String, range: ClosedRange<Double>
    ) throws -> String {
        let name = definition.name.lowercased()
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let value = Double(trimmed), !value.isNaN else {
            throw SQLError(
                SQLState.invalidParameterValue,
                "invalid value for parameter \"\(name)\": \"\(text)\"")
        }
        let g = { (v: Double) in String(format: "%g", v) }
        guard range.contains(value) else {
            throw SQLError(
                SQLState.invalidParameterValue,
                "\(g(value)) is outside the valid range for parameter \"\(name)\" "
                    + "(\(g(range.lowerBound)) .. \(g(range.upperBound)))")
        }
        return g(value)
    }

    /// A TimeZone value as check_timezone reads it: a number of hours
    /// east of UTC (`-7`, `5.5`: the zone `<-07>+07`, `<+05:30>-05:30`),
    /// a tz database name matched without regard to case (printed as the
    /// database spells it), or a POSIX TZ string (`UTC+3`, three hours
    /// west, printed upper-cased).
    private static func canonicalTimeZone(_ text: String) throws -> String {
        let definition = SettingDefinition(name: "TimeZone", kind: .timeZone, defaultValue: "UTC")
        if let hours = strtodWhole(text) {
            // The offset in whole seconds, truncated as the C cast does.
            let seconds = hours * 3600
            guard seconds.isFinite, abs(seconds) < 168 * 3600 else {
                throw SQLError(
                    SQLState.invalidParameterValue,
                    "invalid value for parameter \"TimeZone\": \"\(text)\"",
                    detail: "UTC timezone offset is out of range.")
            }
            return ZoneRules(fixedOffset: Int64(seconds)).name
        }
        guard !text.isEmpty, text.utf8.count < 256, let zone = ZoneRules.named(text) else {
            throw invalid(definition, text)
        }
        guard zone.isAcceptable else {
            throw SQLError(
                SQLState.invalidParameterValue,
                "time zone \"\(text)\" appears to use leap seconds",
                detail: "PostgreSQL does not support leap seconds.")
        }
        return zone.name
    }

    /// `text` read whole as strtod reads a number (leading white space,
    /// exponents, inf and nan included); nil when something follows it.
    private static func strtodWhole(_ text: String) -> Double? {
        var trimmed = Substring(text)
        while let first = trimmed.first, first == " " || ("\t"..."\r").contains(first) {
            trimmed = trimmed.dropFirst()
        }
        let lower = trimmed.lowercased()
        let unsigned = lower.hasPrefix("+") || lower.hasPrefix("-") ? lower.dropFirst() : lower[...]
        if ["inf", "infinity", "nan"].contains(unsigned) { return .infinity }
        guard let first = unsigned.first, first.isASCIIDigit || first == "." else { return nil }
        return Double(trimmed)
    }

    /// DateStyle's keywords as check_datestyle reads them: an output style
    /// and a field order, each kept from `current` when not given.
    private static func canonicalDateStyle(_ items: [String], current: String) throws -> String {
        let definition = SettingDefinition(
            name: "DateStyle", kind: .dateStyle, defaultValue: "ISO, MDY")
        let raw = items.joined(separator: ", ")
        let currentParts = current.split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        var style = currentParts.first ?? "ISO"
        var order = currentParts.count > 1 ? currentParts[1] : "MDY"
        var haveStyle = false
        var haveOrder = false
        var conflict = false
        let tokens = raw.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        for token in tokens {
            let word = token.lowercased()
            var newStyle: String?
            var newOrder: String?
            switch word {
            case "iso": newStyle = "ISO"
            case "sql": newStyle = "SQL"
            case "postgres": newStyle = "Postgres"
            case "german": newStyle = "German"
            case "ymd": newOrder = "YMD"
            case "dmy", "euro", "european": newOrder = "DMY"
            case "mdy", "us", "noneuro", "noneuropean": newOrder = "MDY"
            case "default":
                if !haveStyle { style = "ISO" }
                if !haveOrder { order = "MDY" }
            default:
                throw SQLError(
                    SQLState.invalidParameterValue,
                    "invalid value for parameter \"\(definition.name)\": \"\(raw)\"",
                    detail: "Unrecognized key word: \"\(token)\".")
            }
            if let newStyle {
                if haveStyle && style != newStyle { conflict = true }
                style = newStyle
                haveStyle = true
                if newStyle == "German" && !haveOrder { order = "DMY" }
            }
            if let newOrder {
                if haveOrder && order != newOrder { conflict = true }
                order = newOrder
                haveOrder = true
            }
        }
        if conflict {
            throw SQLError(
                SQLState.invalidParameterValue,
                "invalid value for parameter \"\(definition.name)\": \"\(raw)\"",
                detail: "Conflicting \"datestyle\" specifications.")
        }
        guard style == "ISO" else {
            // TODO(#6): the SQL, Postgres and German output styles.
            throw SQLError.notSupported(
                "DateStyle \"\(style), \(order)\" is not supported; only the ISO output style is"
            )
        }
        return "\(style), \(order)"
    }

    private static func parseBoolean(_ text: String) -> Bool? {
        let t = text.lowercased()
        if t.isEmpty { return nil }
        if "true".hasPrefix(t) || "yes".hasPrefix(t) || t == "on" || t == "1" { return true }
        if "false".hasPrefix(t) || "no".hasPrefix(t) || t == "off" || t == "of" || t == "0" {
            return t == "o" ? nil : false
        }
        return nil
    }

    private static func canonicalInteger(
        _ definition: SettingDefinition, _ text: String, range: ClosedRange<Int>, unit: SettingUnit?
    ) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var digits = ""
        var rest = Substring(trimmed)
        if rest.first == "-" || rest.first == "+" {
            digits.append(rest.removeFirst())
        }
        while let c = rest.first, c.isNumber || c == "." {
            digits.append(rest.removeFirst())
        }
        let unitName = rest.trimmingCharacters(in: .whitespaces)
        guard let number = Double(digits) else { throw invalid(definition, text) }
        var multiplier = 1
        if !unitName.isEmpty {
            guard let unit, let match = unit.scale.first(where: { $0.0 == unitName }) else {
                throw invalid(definition, text)
            }
            multiplier = match.1
        }
        let scaled = (number * Double(multiplier)).rounded()
        guard scaled.isFinite, abs(scaled) <= Double(Int32.max) else {
            throw SQLError(
                SQLState.invalidParameterValue,
                "invalid value for parameter \"\(definition.name)\": \"\(text)\"",
                hint: "Value exceeds integer range.")
        }
        let value = Int(scaled)
        guard range.contains(value) else {
            let shown =
                unit == .kilobytes
                ? "\(value) kB" : unit == .milliseconds ? "\(value) ms" : "\(value)"
            throw SQLError(
                SQLState.invalidParameterValue,
                "\(shown) is outside the valid range for parameter \"\(definition.name)\" (\(range.lowerBound) .. \(range.upperBound))"
            )
        }
        guard let unit, value != 0 else { return "\(value)" }
        for (name, size) in unit.scale where value % size == 0 {
            return "\(value / size)\(name)"
        }
        return "\(value)"
    }
}

/// The schema names of a search_path value (`"$user", public`).
func parseSearchPath(_ text: String) -> [String] {
    splitIdentifiers(text, separator: ",") ?? []
}

/// Splits a list of names as PostgreSQL's SplitIdentifierString does:
/// `separator` between names, double quotes keep case and separators
/// (`""` is a quote), other ASCII letters fold to lower case, blanks
/// outside quotes are skipped. nil when a name is empty or a quote is not
/// closed.
func splitIdentifiers(_ text: String, separator: Character) -> [String]? {
    var names: [String] = []
    var current = ""
    var quoted = false
    var sawQuote = false
    var characters = Array(text)[...]
    while let c = characters.popFirst() {
        if quoted {
            if c == "\"" {
                if characters.first == "\"" {
                    current.append(c)
                    characters.removeFirst()
                } else {
                    quoted = false
                }
            } else {
                current.append(c)
            }
        } else if c == "\"" {
            quoted = true
            sawQuote = true
        } else if c == separator {
            guard !current.isEmpty || sawQuote else { return nil }
            names.append(current)
            current = ""
            sawQuote = false
        } else if !(c == " " || c == "\t" || c == "\n" || c == "\r") {
            current += c.isASCII ? c.lowercased() : String(c)
        }
    }
    guard !quoted else { return nil }
    if current.isEmpty && !sawQuote {
        return names.isEmpty ? [] : nil
    }
    names.append(current)
    return names
}

extension Settings {
    /// The names of every parameter, PostgreSQL's and the loaded
    /// libraries', as pg_settings lists them (sorted by name).
    func names() -> [String] {
        let all = settingDefinitions.values.map(\.name) + extensionDefinitions.values.map(\.name)
        return Set(all).sorted { $0.lowercased() < $1.lowercased() }
    }

    /// pg_settings' setting, unit and vartype of `name`: an integer with a
    /// unit is shown in that unit (work_mem's 4MB as 4096 kB).
    func catalogValue(_ name: String) -> (setting: String, unit: String?, type: String)? {
        let key = name.lowercased()
        guard let definition = definition(key), let shown = value(key) else { return nil }
        switch definition.kind {
        case .boolean: return (shown, nil, "bool")
        case .real: return (shown, nil, "real")
        case .enumeration: return (shown, nil, "enum")
        case .integer(_, let unit):
            guard let unit else { return (shown, nil, "integer") }
            let base = unit == .kilobytes ? "kB" : "ms"
            let number = shown.prefix { $0.isNumber || $0 == "-" }
            let suffix = String(shown.dropFirst(number.count))
            let scale = unit.scale.first { $0.0 == suffix }?.1 ?? 1
            return (String((Int(number) ?? 0) * scale), base, "integer")
        default: return (shown, nil, "string")
        }
    }
}
