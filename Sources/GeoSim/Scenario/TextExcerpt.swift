extension String {
    /// The longest stretch of one user value an error message quotes, in characters.
    static let quotedValueLimit = 200
    /// The longest error message (or location, or hint), in characters, once each quoted
    /// value is shortened: a backstop for values quoted without quotes.
    static let messageLimit = 1000

    /// The text for quoting in an error message: itself when at most `limit` characters,
    /// else its first `limit` characters, an ellipsis and its length, so that a huge
    /// argument or value does not turn a one-line error into pages.
    func excerpt(_ limit: Int = 80) -> String {
        guard count > limit else { return self }
        return "\(prefix(limit))… (\(count) characters)"
    }

    /// The text with every control character, line or paragraph separator and
    /// bidirectional control written as an escape (`\n`, `\r`, `\t`, `\u{1B}`): what a
    /// terminal prints of it is exactly what it shows, never a cursor move, a colour, a
    /// bell or a new line. Text without such characters is returned unchanged.
    public var terminalSafe: String { escapingControls(keepingLineFeeds: false) }

    /// Multi-line output (messages, a report) made `terminalSafe` line by line: line
    /// feeds stay, every other control character (a carriage return too) is escaped.
    public var terminalSafeLines: String { escapingControls(keepingLineFeeds: true) }

    private func escapingControls(keepingLineFeeds: Bool) -> String {
        func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
            !(keepingLineFeeds && scalar == "\n") && NameRules.isForbiddenInLabel(scalar)
        }
        // Printable ASCII, the common case, needs no look at Unicode properties.
        guard !utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || (keepingLineFeeds && $0 == 0x0A) }),
            unicodeScalars.contains(where: isForbidden)
        else { return self }
        var escaped = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            guard isForbidden(scalar) else {
                escaped.append(scalar)
                continue
            }
            let text: String
            switch scalar {
            case "\n": text = "\\n"
            case "\r": text = "\\r"
            case "\t": text = "\\t"
            default: text = "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
            escaped.append(contentsOf: text.unicodeScalars)
        }
        return String(escaped)
    }

    /// An error message safe to print: control characters escaped (`terminalSafe`), each
    /// single-quoted stretch longer than `quotedValueLimit` shortened to an excerpt, and
    /// the whole at most `messageLimit` characters. A short, clean message is unchanged.
    public var messageSafe: String {
        var text = terminalSafe
        if text.count > String.quotedValueLimit { text = text.shorteningQuotedValues() }
        return text.excerpt(String.messageLimit)
    }

    /// The text with every `'…'` stretch longer than `quotedValueLimit` replaced by its
    /// excerpt; an unpaired quote leaves the rest as it is.
    private func shorteningQuotedValues() -> String {
        var result = ""
        var rest = Substring(self)
        while let open = rest.firstIndex(of: "'") {
            result += rest[...open]
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "'") else {
                rest = rest[afterOpen...]
                break
            }
            result += String(rest[afterOpen..<close]).excerpt(String.quotedValueLimit) + "'"
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}
