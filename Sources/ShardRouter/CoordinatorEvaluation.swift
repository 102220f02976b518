// Citus evaluates the functions of a modification on the coordinator
// before it sends the statement to the shards, so every shard sees one
// now(), one current_date: calls of non-volatile built-in functions that
// read no column become constants here.
import Engine
import SQLParser

extension CitusLibrary {
    /// `e` with its column-free calls of stable and immutable built-in
    /// functions replaced by their values.
    func evaluatedOnCoordinator(_ e: Expr, _ context: StatementContext) throws -> Expr {
        try foldingCalls(context) { $0.expr(e) }
    }

    /// `query` with the column-free calls of its expressions evaluated, as
    /// Citus evaluates them before it sends a pushed-down query.
    func evaluatedOnCoordinator(_ query: SelectStatement, _ context: StatementContext) throws
        -> SelectStatement
    {
        try foldingCalls(context) { $0.query(query) }
    }

    /// Runs `rewrite` with a rewriter that replaces foldable calls by
    /// their values, and throws the first evaluation error it met.
    private func foldingCalls<T>(
        _ context: StatementContext, _ rewrite: (TableRewriter) -> T
    ) throws -> T {
        var failure: Error?
        let rewriter = TableRewriter(node: { [unowned self] node in
            guard failure == nil, case .function(let call) = node.kind,
                self.isFoldable(call, node, context)
            else { return nil }
            do {
                let (value, type) = try context.evaluate(node)
                return Expr(.paren(self.literal(value, type)), location: node.location)
            } catch {
                failure = error
                return nil
            }
        }) { _, _, _ in nil }
        let result = rewrite(rewriter)
        if let failure { throw failure }
        return result
    }

    /// A built-in, non-volatile, non-aggregate call whose arguments read
    /// no column and no subquery.
    private func isFoldable(_ call: FunctionCall, _ node: Expr, _ context: StatementContext)
        -> Bool
    {
        guard call.over == nil, !call.isStar,
            call.name.parts.count == 1 || call.name.schema == "pg_catalog",
            !Analyzer.isAggregateName(call.name)
        else { return false }
        let overloads = builtinFunctions(named: call.name.name)
        let catalog = context.catalog
        let userDefined = context.session.searchPathSchemas(catalog).contains {
            !catalog.functions(named: call.name.name, in: $0).isEmpty
        }
        guard !overloads.isEmpty, overloads.allSatisfy({ $0.volatility != .volatile }),
            !userDefined
        else { return false }
        var readsRows = false
        ExprWalker.visit(node) { child in
            switch child.kind {
            case .columnRef, .subquery, .exists, .arraySubquery, .inSubquery,
                .quantifiedSubquery, .parameter:
                readsRows = true
            default:
                break
            }
            return !readsRows
        }
        return !readsRows
    }
}
