// psql's describe commands (`\d`, `\dt`, `\d NAME`, `\df`, `\dn`, `\l`).
// psql builds them from catalog queries (pg_class, pg_attribute, ...);
// the engine does not expose those catalogs yet.

extension PsqlShell {
    /// Runs a describe command.
    func describeCommand(_ name: String, _ arguments: inout SlashArguments) -> SlashResult {
        while arguments.next(.sqlIdentifier) != nil {}
        // TODO(#6): answer \d, \dt, \d NAME, \df, \dn and \l from the
        // engine's catalog once it offers pg_class and friends.
        logError("\\\(name) is not supported yet")
        return .error
    }
}
