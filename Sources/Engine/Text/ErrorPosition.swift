// The `LINE n:` and caret lines libpq's reportErrorPosition draws under an
// error that carries a statement position: psql prints them, and so does
// every client that shows PQresultErrorMessage (pg_cron's job_run_details).

/// The `LINE n: ...` line and the caret under character `position`
/// (1-based) of `query`, as libpq's reportErrorPosition draws them:
/// only the line holding the position, tabs shown as spaces, cut to
/// about 60 columns around the caret with `...` marking the cuts.
package func errorPositionLines(query: String, position: Int) -> String {
    let displaySize = 60
    let minRightCut = 10
    let location = position - 1
    let scalars = Array(query.unicodeScalars)
    guard location >= 0 else { return "" }

    // Screen column of each character; find the line holding it.
    var screenIndex: [Int] = []
    screenIndex.reserveCapacity(scalars.count + 1)
    var screen = 0
    var lineNumber = 1
    var begin = 0
    var end = -1
    var index = 0
    while index < scalars.count {
        let scalar = scalars[index]
        screenIndex.append(screen)
        if scalar == "\r" || scalar == "\n" {
            if index < location {
                if scalar == "\r" || index == 0 || scalars[index - 1] != "\r" {
                    lineNumber += 1
                }
                begin = index + 1
            } else {
                end = index
                break
            }
        }
        screen += max(DisplayWidth.of(scalar), 1)
        index += 1
    }
    if end < 0 {
        end = index
        screenIndex.append(screen)
    }
    guard location <= index else { return "" }

    // Cut the line to the display size around the caret.
    var cutBegin = false
    var cutEnd = false
    if screenIndex[end] - screenIndex[begin] > displaySize {
        if screenIndex[begin] + displaySize >= screenIndex[location] + minRightCut {
            while screenIndex[end] - screenIndex[begin] > displaySize { end -= 1 }
            cutEnd = true
        } else {
            while screenIndex[location] + minRightCut < screenIndex[end] {
                end -= 1
                cutEnd = true
            }
            while screenIndex[end] - screenIndex[begin] > displaySize {
                begin += 1
                cutBegin = true
            }
        }
    }
    var prefix = "LINE \(lineNumber): "
    if cutBegin { prefix += "..." }
    var out = prefix
    for scalar in scalars[begin..<end] {
        out.unicodeScalars.append(scalar == "\t" ? " " : scalar)
    }
    if cutEnd { out += "..." }
    out += "\n"
    let caretColumn =
        prefix.unicodeScalars.count
        + screenIndex[location] - screenIndex[begin]
    out += String(repeating: " ", count: caretColumn)
    out += "^\n"
    return out
}
