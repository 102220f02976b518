// The simulator's own backslash commands for background sessions: `\bg`
// sends the next query string to a new session of its own instead of
// this one (the lab's load generator runs that way while the user goes
// on typing), and `\jobs` lists the query strings started so.

extension PsqlShell {
    /// `\bg`: the next query string runs in the background.
    func backgroundCommand() -> SlashResult {
        pendingBackground = true
        return .skip
    }

    /// Starts `query` in a background session; prints `[N] PID` as a
    /// shell prints a job it started.
    func sendBackgroundQuery(_ query: String) -> Bool {
        guard checkConnected() else { return false }
        do {
            let job = try connection.startBackground(query)
            if !quiet { console.write("[\(job.number)] \(job.pid)\n") }
            return true
        } catch {
            logError("\\bg: \(error)")
            return false
        }
    }

    /// `\jobs`: each background query string with its session's pid, its
    /// state and its first line, and the error that ended a failed one.
    func jobsCommand() -> SlashResult {
        for job in connection.backgroundJobs {
            let firstLine = job.query.split(separator: "\n").first.map(String.init) ?? ""
            console.write("[\(job.number)]  \(job.state)  \(job.pid)  \(firstLine)\n")
            if let error = job.error { console.write("    \(error)\n") }
        }
        return .skip
    }
}
