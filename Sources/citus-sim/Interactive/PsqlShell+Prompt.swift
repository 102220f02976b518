// psql's prompts (prompt.c): PROMPT1 for a new statement, PROMPT2 for a
// continuation line, with `%/`, `%R`, `%x`, `%#` and friends expanded.

extension PsqlShell {
    /// The prompt to show before the next line.
    func promptText(_ status: PromptStatus) -> String {
        let template = variables[status == .ready ? "PROMPT1" : "PROMPT2"] ?? ""
        return expandPrompt(template, status: status)
    }

    /// Expands psql's `%` escapes in `template`.
    func expandPrompt(_ template: String, status: PromptStatus) -> String {
        var out = ""
        var characters = template.makeIterator()
        while let character = characters.next() {
            guard character == "%", let code = characters.next() else {
                out.append(character)
                continue
            }
            switch code {
            case "/", "~":
                out +=
                    code == "~" && connection.database == connection.user
                    ? "~" : connection.database
            case "n": out += connection.user
            case "M", "m":
                let host = connection.endpoint.host
                if connection.endpoint.isSocket {
                    out += host == LocalNetwork.socketDirectory ? "[local]" : "[local:\(host)]"
                } else {
                    out += code == "m" ? String(host.prefix { $0 != "." }) : host
                }
            case ">": out += String(connection.endpoint.port)
            case "R":
                if status == .ready {
                    out += singleLine ? "^" : "="
                } else {
                    out.append(status.rawValue)
                }
            case "x":
                switch connection.transactionStatus {
                case .idle: break
                case .inTransaction: out += "*"
                case .failed: out += "!"
                }
            case "#": out += connection.isSuperuser ? "#" : ">"
            case "l": out += String(lineNumber + 1)
            case "%": out += "%"
            case "[", "]": break
            default: out.append(code)
            }
        }
        return out
    }
}
