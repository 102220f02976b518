// CREATE SEQUENCE and ALTER SEQUENCE with PostgreSQL's options (SeqOptList):
// AS type, INCREMENT [BY], MINVALUE / NO MINVALUE, MAXVALUE / NO MAXVALUE,
// START [WITH], RESTART [[WITH] n], CACHE, [NO] CYCLE, OWNED BY.

extension Parser {
    /// `[IF NOT EXISTS] name options` after CREATE [TEMP] SEQUENCE.
    mutating func parseCreateSequence(temporary: Bool) throws -> CreateSequenceStatement {
        var ifNotExists = false
        if current.isKeyword(.if) {
            advance()
            try expect(.not, .exists)
            ifNotExists = true
        }
        let name = try parseQualifiedName()
        return CreateSequenceStatement(
            name: name, ifNotExists: ifNotExists, isTemporary: temporary,
            options: try parseSequenceOptions())
    }

    /// `[IF EXISTS] name options` after ALTER SEQUENCE.
    mutating func parseAlterSequence() throws -> AlterSequenceStatement {
        var ifExists = false
        if current.isKeyword(.if) {
            advance()
            try expect(.exists)
            ifExists = true
        }
        let name = try parseQualifiedName()
        let options = try parseSequenceOptions()
        if options.isEmpty { throw syntaxError() }
        return AlterSequenceStatement(name: name, ifExists: ifExists, options: options)
    }

    /// The options, each at most once.
    mutating func parseSequenceOptions() throws -> [SequenceOption] {
        var options: [SequenceOption] = []
        var seen: Set<String> = []
        while true {
            let token = current
            let (key, option): (String, SequenceOption)
            if accept(.as) {
                (key, option) = ("as", .asType(try parseTypeName()))
            } else if accept(.increment) {
                _ = accept(.by)
                (key, option) = ("increment", .increment(try parseSequenceNumber()))
            } else if accept(.minvalue) {
                (key, option) = ("minvalue", .minValue(try parseSequenceNumber()))
            } else if accept(.maxvalue) {
                (key, option) = ("maxvalue", .maxValue(try parseSequenceNumber()))
            } else if current.isKeyword(.no) {
                advance()
                if accept(.minvalue) {
                    (key, option) = ("minvalue", .minValue(nil))
                } else if accept(.maxvalue) {
                    (key, option) = ("maxvalue", .maxValue(nil))
                } else if accept(.cycle) {
                    (key, option) = ("cycle", .cycle(false))
                } else {
                    throw syntaxError()
                }
            } else if accept(.start) {
                _ = accept(.with)
                (key, option) = ("start", .start(try parseSequenceNumber()))
            } else if accept(.restart) {
                var value: Int64?
                if accept(.with) || current.kind == .integer || current.isSymbol("-")
                    || current.isSymbol("+")
                {
                    value = try parseSequenceNumber()
                }
                (key, option) = ("restart", .restart(value))
            } else if accept(.cache) {
                (key, option) = ("cache", .cache(try parseSequenceNumber()))
            } else if accept(.cycle) {
                (key, option) = ("cycle", .cycle(true))
            } else if accept(.owned) {
                try expect(.by)
                let owner = try parseQualifiedName()
                let none = owner.parts == ["none"]
                (key, option) = ("owned", .ownedBy(none ? nil : owner))
            } else {
                return options
            }
            guard seen.insert(key).inserted else { throw conflictingOptions(token) }
            options.append(option)
        }
    }

    /// A signed integer option value.
    private mutating func parseSequenceNumber() throws -> Int64 {
        Int64(try parseIntegerConstant())
    }
}
