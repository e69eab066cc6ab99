/// A mistake on the command line (unknown flag, bad value, unknown region). The CLI
/// prints `message` and, when there is one, `hint` on stderr, and exits 64.
public struct UsageError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What is wrong, in one sentence: "Unknown option '--topolgy'."
    public var message: String
    /// A one-line suggestion: "Did you mean '--topology'?"
    public var hint: String?

    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    public var description: String {
        hint.map { "\(message) \($0)" } ?? message
    }
}
