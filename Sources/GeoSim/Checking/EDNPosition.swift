/// Where something starts in a text file: 1-based line and column (columns count
/// characters, not bytes).
public struct EDNPosition: Sendable, Equatable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// `line 3, column 14`: the location of an `InputError`.
    public var text: String { "line \(line), column \(column)" }
}
