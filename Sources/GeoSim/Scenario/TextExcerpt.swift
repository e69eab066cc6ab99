extension String {
    /// The text for quoting in an error message: itself when at most `limit` characters,
    /// else its first `limit` characters, an ellipsis and its length, so that a huge
    /// argument or value does not turn a one-line error into pages.
    func excerpt(_ limit: Int = 80) -> String {
        guard count > limit else { return self }
        return "\(prefix(limit))… (\(count) characters)"
    }
}
