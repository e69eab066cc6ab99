/// A problem with an input file: which file, where in it (a JSON path such as
/// `$.regions[2].rtt`), and what was expected. The CLI exits 65 on it.
///
/// `location` and `message` are made safe to print when the error is made
/// (`String.messageSafe`: control characters escaped, quoted values at most 200
/// characters); `file` stays as given, so that it can be compared, and is escaped in
/// `description`.
public struct InputError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The file's path as the user gave it; nil for JSON that did not come from a file.
    public var file: String?
    /// A JSON path (`$`, `$.regions[0].name`) or, for syntax errors, `line L, column C`;
    /// empty for a problem with the whole file (missing, unreadable, too large).
    public var location: String
    /// What is wrong and what was expected.
    public var message: String

    public init(file: String? = nil, location: String, message: String) {
        self.file = file
        self.location = location.messageSafe
        self.message = message.messageSafe
    }

    public var description: String {
        let place = file.map { "\($0.terminalSafe.excerpt(String.quotedValueLimit)): " } ?? ""
        return location.isEmpty ? "\(place)\(message)" : "\(place)\(location): \(message)"
    }

    /// The same error, attributed to `file`.
    public func inFile(_ file: String) -> InputError {
        var copy = self
        copy.file = file
        return copy
    }
}
