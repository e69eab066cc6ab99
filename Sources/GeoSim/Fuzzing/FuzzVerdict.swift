/// What one fuzz input did to a parser: accepted it, rejected it with a clear error, or
/// exposed a finding (an unclear error, a wrong exit code, a broken invariant).
///
/// A crash or a hang cannot be a verdict: the process dies or the watchdog of the fuzz
/// driver ends it, with the input saved on disk.
public enum FuzzVerdict: Equatable, Sendable {
    /// The input parsed and every property checked of the result held.
    case accepted
    /// The input was rejected with this message (for novelty tracking and for tests).
    case rejected(String)
    /// Something is wrong with how the parser handled the input; the text says what.
    case finding(String)

    /// Whether this verdict is a finding.
    public var isFinding: Bool {
        if case .finding = self { return true }
        return false
    }

    /// The message of a rejection, or nil.
    public var rejectionMessage: String? {
        if case .rejected(let message) = self { return message }
        return nil
    }

    /// Messages that carry no information about what was wrong.
    static let genericMessages = [
        "error", "invalid", "invalid input", "invalid value", "bad input", "failed",
        "the operation could not be completed", "unknown error", "(null)",
    ]

    /// Judges an error message: a rejection when it says what was wrong, else a finding.
    /// A clear message is at least 10 characters long, has letters, and is not one of the
    /// generic phrases above (compared without case and trailing punctuation).
    static func judge(message: String, context: String) -> FuzzVerdict {
        let trimmed = message.trimmingSpaces
        var bare = trimmed.lowercased()
        while let last = bare.last, last == "." || last == "!" || last == ":" { bare.removeLast() }
        if trimmed.isEmpty { return .finding("\(context): empty error message") }
        if trimmed.count < 10 || !trimmed.contains(where: \.isLetter) || genericMessages.contains(bare) {
            return .finding("\(context): generic error message '\(trimmed)'")
        }
        return .rejected(trimmed)
    }

    /// Judges an `InputError`: its location must name a JSON path (`$…`) or a text
    /// position (`line L, column C`, or a quoted text), or be empty for an error about the
    /// whole file (then it must name the file), and its message must be clear. With
    /// `file`, the error must name that file.
    static func judge(_ error: InputError, context: String, file: String? = nil) -> FuzzVerdict {
        let location = error.location.trimmingSpaces
        guard !location.isEmpty || error.file != nil else { return .finding("\(context): error without a location: \(error.description)") }
        if location.isEmpty {
            if let file, error.file != file { return .finding("\(context): error does not name the file '\(file)': \(error.description)") }
            return judge(message: error.message, context: context)
        }
        let first = location.unicodeScalars.first
        guard first == "$" || location.hasPrefix("line ") || first == "'" else {
            return .finding("\(context): error location '\(location)' is neither a JSON path nor a line and column: \(error.description)")
        }
        if let file, error.file != file {
            return .finding("\(context): error does not name the file '\(file)': \(error.description)")
        }
        return judge(message: error.message, context: context)
    }

    /// Judges a `UsageError`: its message must be clear; a hint, when present, non-empty.
    static func judge(_ error: UsageError, context: String) -> FuzzVerdict {
        if let hint = error.hint, hint.trimmingSpaces.isEmpty {
            return .finding("\(context): usage error with an empty hint: \(error.message)")
        }
        return judge(message: error.message, context: context)
    }

    /// Judges settings that make no scenario: a flag's mistake as a `UsageError`; a file's
    /// must name the file.
    static func judge(_ error: ScenarioError, context: String) -> FuzzVerdict {
        switch error {
        case .usage(let usage):
            return judge(usage, context: context)
        case .input(let input):
            guard let file = input.file, !file.isEmpty else {
                return .finding("\(context): input-file error that names no file: \(input.description)")
            }
            return judge(input, context: context, file: file)
        }
    }
}
