// Statements back to SQL text, in PostgreSQL's own spelling, such that
// parsing the text gives back an equal tree (locations aside). Shared
// helpers quote names and strings and spell type names; queries and DML
// are here, DDL and utility statements in Deparser+DDL.swift.

/// SQL text for `statement` that parses back to an equal tree.
public func deparse(_ statement: Statement) -> String {
    switch statement {
    case .select(let query): return deparseSelect(query)
    case .insert(let insert): return deparseInsert(insert)
    case .update(let update): return deparseUpdate(update)
    case .delete(let delete): return deparseDelete(delete)
    case .createTable(let create): return deparseCreateTable(create)
    case .createSchema(let name, let ifNotExists, let authorization):
        var text = "CREATE SCHEMA " + (ifNotExists ? "IF NOT EXISTS " : "")
        if let authorization, authorization == name {
            return text + "AUTHORIZATION " + quoteIdentifier(authorization)
        }
        text += quoteIdentifier(name)
        if let authorization { text += " AUTHORIZATION " + quoteIdentifier(authorization) }
        return text
    case .createExtension(let create): return deparseCreateExtension(create)
    case .createFunction(let create): return deparseCreateFunction(create)
    case .createView(let create): return deparseCreateView(create)
    case .createSequence(let create):
        return "CREATE " + (create.isTemporary ? "TEMPORARY " : "") + "SEQUENCE "
            + (create.ifNotExists ? "IF NOT EXISTS " : "") + deparseName(create.name)
            + deparseSequenceOptions(create.options)
    case .alterSequence(let alter):
        return "ALTER SEQUENCE " + (alter.ifExists ? "IF EXISTS " : "") + deparseName(alter.name)
            + deparseSequenceOptions(alter.options)
    case .createType(let create) where create.enumLabels != nil:
        let labels = (create.enumLabels ?? []).map(quoteString).joined(separator: ", ")
        return "CREATE TYPE " + deparseName(create.name) + " AS ENUM (" + labels + ")"
    case .createType(let create):
        let attributes = create.attributes.map {
            quoteIdentifier($0.name) + " " + deparseTypeName($0.type)
        }
        return "CREATE TYPE " + deparseName(create.name) + " AS ("
            + attributes.joined(separator: ", ") + ")"
    case .createIndex(let create): return deparseCreateIndex(create)
    case .alterTable(let alter): return deparseAlterTable(alter)
    case .drop(let drop): return deparseDrop(drop)
    case .truncate(let truncate): return deparseTruncate(truncate)
    case .transaction(let transaction): return deparseTransaction(transaction)
    case .set(let set): return deparseSet(set)
    case .show(let name): return "SHOW " + (name == "all" ? "ALL" : deparseVariableName(name))
    case .reset(let name): return "RESET " + (name.map(deparseVariableName) ?? "ALL")
    case .doBlock(let body, let language, _):
        return "DO LANGUAGE " + quoteIdentifier(language) + " " + dollarQuote(body)
    case .call(let call): return "CALL " + deparseFunctionCall(call)
    case .explain(let explain): return deparseExplain(explain)
    case .copy(let copy): return deparseCopy(copy)
    case .prepare(let prepare):
        var text = "PREPARE " + quoteIdentifier(prepare.name)
        if !prepare.parameterTypes.isEmpty {
            text += " (" + prepare.parameterTypes.map(deparseTypeName).joined(separator: ", ") + ")"
        }
        return text + " AS " + deparse(prepare.statement)
    case .execute(let name, let arguments):
        let list =
            arguments.isEmpty ? "" : " (" + arguments.map(deparse).joined(separator: ", ") + ")"
        return "EXECUTE " + quoteIdentifier(name) + list
    case .deallocate(let name):
        return "DEALLOCATE " + (name.map(quoteIdentifier) ?? "ALL")
    case .comment(let comment): return deparseComment(comment)
    }
}

// MARK: - Names, strings, types

/// `name` as PostgreSQL's quote_identifier would write it: bare when it is
/// lower-case letters, digits, `_` and `$` and not a keyword other than an
/// unreserved one; double-quoted otherwise.
func quoteIdentifier(_ name: String) -> String {
    var simple = !name.isEmpty
    for (offset, scalar) in name.unicodeScalars.enumerated() {
        let value = scalar.value
        let isLower = value >= 0x61 && value <= 0x7A
        let isDigit = value >= 0x30 && value <= 0x39
        if !(isLower || value == 0x5F || (offset > 0 && (isDigit || value == 0x24))) {
            simple = false
            break
        }
    }
    if simple, let keyword = Keywords.lookup(name), keyword.category != .unreserved {
        simple = false
    }
    if simple { return name }
    return "\"" + name.replacingAll("\"", with: "\"\"") + "\""
}

/// A qualified name with each part quoted as needed.
func deparseName(_ name: QualifiedName) -> String {
    name.parts.map(quoteIdentifier).joined(separator: ".")
}

/// A string constant in standard syntax, quotes doubled.
func quoteString(_ value: String) -> String {
    "'" + value.replacingAll("'", with: "''") + "'"
}

/// A dollar-quoted string whose closing tag cannot occur early.
func dollarQuote(_ body: String) -> String {
    var counter = 0
    while true {
        let tag = counter == 0 ? "" : "body" + (counter > 1 ? String(counter) : "")
        let delimiter = "$" + tag + "$"
        if firstOccurrence(of: delimiter, in: body + delimiter) == body.unicodeScalars.count {
            return delimiter + body + delimiter
        }
        counter += 1
    }
}

/// Scalar offset of the first occurrence of `needle` in `haystack`.
private func firstOccurrence(of needle: String, in haystack: String) -> Int? {
    let hay = Array(haystack.unicodeScalars)
    let pattern = Array(needle.unicodeScalars)
    guard pattern.count <= hay.count else { return nil }
    for start in 0...(hay.count - pattern.count)
    where hay[start..<(start + pattern.count)].elementsEqual(pattern) {
        return start
    }
    return nil
}

/// A configuration name: each dotted part quoted as needed.
func deparseVariableName(_ name: String) -> String {
    name.split(separator: ".", omittingEmptySubsequences: false)
        .map { quoteIdentifier(String($0)) }.joined(separator: ".")
}

/// A type name, spelling pg_catalog's SQL-standard types the standard way
/// (`integer`, `character varying(20)`, `timestamp with time zone`).
func deparseTypeName(_ type: TypeName) -> String {
    var text: String
    let modifiers =
        type.modifiers.isEmpty
        ? "" : "(" + type.modifiers.map(deparse).joined(separator: ", ") + ")"
    if type.names.count == 2, type.names[0] == "pg_catalog",
        let standard = standardTypeSpelling(type.names[1], modifiers: modifiers)
    {
        text = standard
    } else {
        text = type.names.map(quoteIdentifier).joined(separator: ".") + modifiers
    }
    for _ in 0..<max(0, type.arrayDimensions) { text += "[]" }
    return (type.isSetOf ? "SETOF " : "") + text
}

/// gram.y's keyword spelling of a pg_catalog type, or nil when it has none.
private func standardTypeSpelling(_ name: String, modifiers: String) -> String? {
    switch name {
    case "int4" where modifiers.isEmpty: return "integer"
    case "int2" where modifiers.isEmpty: return "smallint"
    case "int8" where modifiers.isEmpty: return "bigint"
    case "float4" where modifiers.isEmpty: return "real"
    case "float8" where modifiers.isEmpty: return "double precision"
    case "bool" where modifiers.isEmpty: return "boolean"
    case "numeric": return "numeric" + modifiers
    case "varchar": return "character varying" + modifiers
    case "bpchar" where !modifiers.isEmpty: return "character" + modifiers
    case "bit" where !modifiers.isEmpty: return "bit" + modifiers
    case "varbit": return "bit varying" + modifiers
    case "timestamp": return "timestamp" + modifiers + " without time zone"
    case "timestamptz": return "timestamp" + modifiers + " with time zone"
    case "time": return "time" + modifiers + " without time zone"
    case "timetz": return "time" + modifiers + " with time zone"
    case "interval": return "interval" + modifiers
    default: return nil
    }
}

// MARK: - Function calls

/// A call, in special syntax where gram.y rewrote one (CURRENT_DATE,
/// EXTRACT, POSITION) and in plain `name(args)` form otherwise.
func deparseFunctionCall(_ call: FunctionCall) -> String {
    if call.name.parts.count == 1, let special = deparseSpecialCall(call) { return special }
    var text = deparseFunctionName(call.name) + "("
    if call.isStar {
        text += "*"
    } else {
        if call.isDistinct { text += "DISTINCT " }
        text += call.arguments.enumerated().map { offset, argument in
            let prefix = call.hasVariadic && offset == call.arguments.count - 1 ? "VARIADIC " : ""
            if let name = argument.name {
                return prefix + quoteIdentifier(name) + " => " + deparse(argument.value)
            }
            return prefix + deparse(argument.value)
        }.joined(separator: ", ")
        if !call.orderBy.isEmpty { text += " ORDER BY " + deparseSortList(call.orderBy) }
    }
    text += ")"
    if !call.withinGroup.isEmpty {
        text += " WITHIN GROUP (ORDER BY " + deparseSortList(call.withinGroup) + ")"
    }
    if let filter = call.filter { text += " FILTER (WHERE " + deparse(filter) + ")" }
    if let over = call.over { text += " OVER " + deparseWindowReference(over) }
    return text
}

/// A function name: the last part must be a type_function_name when
/// unqualified, so other keywords are quoted.
private func deparseFunctionName(_ name: QualifiedName) -> String {
    guard name.parts.count == 1, let only = name.parts.first else { return deparseName(name) }
    if let keyword = Keywords.lookup(only), keyword.category == .typeFunctionName {
        return only
    }
    return quoteIdentifier(only)
}

/// Special syntax for calls the grammar produces from keywords.
private func deparseSpecialCall(_ call: FunctionCall) -> String? {
    let plain =
        !call.isDistinct && !call.isStar && call.orderBy.isEmpty
        && call.withinGroup.isEmpty && call.filter == nil && call.over == nil
        && !call.hasVariadic && call.arguments.allSatisfy { $0.name == nil }
    guard plain, let name = call.name.parts.first else { return nil }
    let arguments = call.arguments.map(\.value)
    if Parser.valueFunctions.contains(name) {
        if arguments.isEmpty { return name.uppercased() }
        if arguments.count == 1, Parser.precisionValueFunctions.contains(name),
            case .literal(.integer) = arguments[0].kind
        {
            return name.uppercased() + "(" + deparse(arguments[0]) + ")"
        }
        return nil
    }
    switch name {
    case "extract":
        guard arguments.count == 2, case .literal(.string(let field)) = arguments[0].kind
        else { return nil }
        return "EXTRACT(" + quoteString(field) + " FROM " + deparse(arguments[1]) + ")"
    case "position":
        guard arguments.count == 2 else { return nil }
        let needle = ExprDeparser.operand(arguments[1], minimum: .comparison.tighter)
        let haystack = ExprDeparser.operand(arguments[0], minimum: .comparison.tighter)
        return "POSITION(" + needle + " IN " + haystack + ")"
    case "btrim", "ltrim", "rtrim":
        return call.isSQLSyntax ? deparseSQLSyntax(name, arguments) : nil
    case "coalesce", "greatest", "least", "grouping", "substring", "overlay":
        if call.isSQLSyntax, let text = deparseSQLSyntax(name, arguments) { return text }
        guard !arguments.isEmpty || name == "substring" || name == "overlay" else { return nil }
        return name.uppercased() + "(" + arguments.map(deparse).joined(separator: ", ") + ")"
    case "nullif":
        guard arguments.count == 2 else { return nil }
        return "NULLIF(" + arguments.map(deparse).joined(separator: ", ") + ")"
    default:
        return nil
    }
}

/// SUBSTRING(s FROM a FOR b), OVERLAY(s PLACING r FROM a FOR b) and
/// TRIM(BOTH|LEADING|TRAILING chars FROM s), as they were written.
private func deparseSQLSyntax(_ name: String, _ arguments: [Expr]) -> String? {
    let texts = arguments.map(deparse)
    switch name {
    case "substring" where (2...3).contains(texts.count):
        return "SUBSTRING(" + texts[0] + " FROM " + texts[1]
            + (texts.count == 3 ? " FOR " + texts[2] : "") + ")"
    case "overlay" where (3...4).contains(texts.count):
        return "OVERLAY(" + texts[0] + " PLACING " + texts[1] + " FROM " + texts[2]
            + (texts.count == 4 ? " FOR " + texts[3] : "") + ")"
    case "btrim", "ltrim", "rtrim":
        guard (1...2).contains(texts.count) else { return nil }
        let side = name == "btrim" ? "BOTH" : name == "ltrim" ? "LEADING" : "TRAILING"
        return "TRIM(" + side + (texts.count == 2 ? " " + texts[1] : "") + " FROM " + texts[0]
            + ")"
    default:
        return nil
    }
}

/// `OVER name` or `OVER (...)`.
private func deparseWindowReference(_ spec: WindowSpec) -> String {
    if let name = spec.name, spec.partitionBy.isEmpty, spec.orderBy.isEmpty, spec.frame == nil {
        return quoteIdentifier(name)
    }
    return deparseWindowSpec(spec)
}

/// `( [name] [PARTITION BY ..] [ORDER BY ..] [frame] )`.
func deparseWindowSpec(_ spec: WindowSpec) -> String {
    var parts: [String] = []
    if let name = spec.name { parts.append(quoteIdentifier(name)) }
    if !spec.partitionBy.isEmpty {
        parts.append("PARTITION BY " + spec.partitionBy.map(deparse).joined(separator: ", "))
    }
    if !spec.orderBy.isEmpty { parts.append("ORDER BY " + deparseSortList(spec.orderBy)) }
    if let frame = spec.frame {
        var text = frame.mode.rawValue.uppercased() + " "
        if let end = frame.end {
            text += "BETWEEN " + deparseFrameBound(frame.start) + " AND " + deparseFrameBound(end)
        } else {
            text += deparseFrameBound(frame.start)
        }
        if let exclusion = frame.exclusion { text += " EXCLUDE " + exclusion.rawValue }
        parts.append(text)
    }
    return "(" + parts.joined(separator: " ") + ")"
}

private func deparseFrameBound(_ bound: WindowFrame.Bound) -> String {
    switch bound {
    case .unboundedPreceding: return "UNBOUNDED PRECEDING"
    case .preceding(let offset): return deparse(offset) + " PRECEDING"
    case .currentRow: return "CURRENT ROW"
    case .following(let offset): return deparse(offset) + " FOLLOWING"
    case .unboundedFollowing: return "UNBOUNDED FOLLOWING"
    }
}

/// `expr [ASC | DESC | USING op] [NULLS FIRST | LAST], ...`.
func deparseSortList(_ items: [SortItem]) -> String {
    items.map { item in
        var text = deparse(item.expr)
        switch item.direction {
        case .ascending?: text += " ASC"
        case .descending?: text += " DESC"
        case nil: break
        }
        if let op = item.usingOperator { text += " USING " + op }
        switch item.nulls {
        case .first?: text += " NULLS FIRST"
        case .last?: text += " NULLS LAST"
        case nil: break
        }
        return text
    }.joined(separator: ", ")
}

extension String {
    /// The string with every `target` scalar replaced by `replacement`.
    func replacingAll(_ target: Unicode.Scalar, with replacement: String) -> String {
        guard unicodeScalars.contains(target) else { return self }
        var result = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if scalar == target {
                result.append(contentsOf: replacement.unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }
}
