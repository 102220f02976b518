// Time zone abbreviations as PostgreSQL's timezone_abbreviations setting
// holds them (its default, 'Default'): `EST` is always 5 hours west of
// UTC, `EDT` 4 hours west and daylight saving, and a dynamic abbreviation
// such as `MSK` means what it meant in its zone (Europe/Moscow) at the time
// in question. The table is read from PostgreSQL's own timezonesets file;
// without PostgreSQL's share directory there are no abbreviations.

import Foundation

/// One abbreviation of the table.
package enum ZoneAbbreviation: Sendable {
    /// Seconds east of UTC, and whether the abbreviation is a daylight one.
    case fixed(Int64, isDaylightSaving: Bool)
    /// The zone whose local time types carry the abbreviation.
    case dynamic(String)
}

package enum ZoneAbbreviations {
    /// Where PostgreSQL 15 keeps the Default set.
    static let defaultSetPath = "/usr/share/postgresql/15/timezonesets/Default"

    /// The Default set by lower-case abbreviation, in the file's order.
    package static let table: [(abbreviation: String, meaning: ZoneAbbreviation)] = {
        guard let data = FileManager.default.contents(atPath: defaultSetPath) else { return [] }
        var entries: [(String, ZoneAbbreviation)] = []
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let content = line.prefix { $0 != "#" }
            let fields = content.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2, !fields[0].hasPrefix("@") else { continue }
            let name = String(fields[0])
            if let offset = Int64(fields[1]) {
                let daylight = fields.count > 2 && fields[2] == "D"
                entries.append((name, .fixed(offset, isDaylightSaving: daylight)))
            } else {
                entries.append((name, .dynamic(String(fields[1]))))
            }
        }
        return entries
    }()

    private static let byName: [String: ZoneAbbreviation] = Dictionary(
        table.map { ($0.abbreviation.lowercased(), $0.meaning) }, uniquingKeysWith: { a, _ in a })

    /// The abbreviation `word` (any case), nil when the table lacks it.
    package static func lookup(_ word: String) -> ZoneAbbreviation? {
        byName[word.lowercased()]
    }

    /// The zone an abbreviation stands for: a fixed offset, or the local
    /// time types of its zone that carry it (the last one in force at an
    /// instant, else the first one after it, as PostgreSQL's
    /// pg_interpret_timezone_abbrev chooses), or the zone when none does.
    package static func rules(_ meaning: ZoneAbbreviation, named word: String) -> ZoneRules? {
        switch meaning {
        case .fixed(let offset, _):
            return ZoneRules(fixedOffset: offset)
        case .dynamic(let zoneName):
            guard let zone = ZoneRules.named(zoneName) else { return nil }
            // An abbreviation the zone no longer uses (tzdata replaced many
            // with numbers) stands for the zone itself.
            return zone.restricted(toAbbreviation: word.uppercased()) ?? zone
        }
    }
}

extension ZoneRules {
    /// The zone's transitions into types with `abbreviation` only; nil
    /// when no type has it.
    func restricted(toAbbreviation abbreviation: String) -> ZoneRules? {
        var transitions: [Int64] = []
        var kinds: [Int] = []
        for (at, kind) in zip(self.transitions, self.kinds)
        where types[kind].abbreviation == abbreviation {
            transitions.append(at)
            kinds.append(kind)
        }
        let ruleTypes = [rule?.standard, rule?.daylight].compactMap { $0 }
        let first = kinds.first.map { types[$0] }
            ?? ruleTypes.first { $0.abbreviation == abbreviation }
            ?? ([initial] + types).first { $0.abbreviation == abbreviation }
        guard let first else { return nil }
        return ZoneRules(
            name: abbreviation, transitions: transitions, kinds: kinds, types: types,
            initial: first, rule: nil)
    }
}
