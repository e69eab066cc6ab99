/// A mistake on the command line (unknown flag, bad value, unknown region). The CLI
/// prints `message` and, when there is one, `hint` on stderr, and exits 64.
///
/// Both are made safe to print when the error is made (`String.messageSafe`): control
/// characters from user values are escaped and no quoted value runs past 200 characters,
/// whatever the code that built the message quoted.
public struct UsageError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What is wrong, in one sentence: "Unknown option '--topolgy'."
    public var message: String
    /// A one-line suggestion: "Did you mean '--topology'?"
    public var hint: String?

    public init(_ message: String, hint: String? = nil) {
        self.message = message.messageSafe
        self.hint = hint?.messageSafe
    }

    public var description: String {
        hint.map { "\(message) \($0)" } ?? message
    }
}
