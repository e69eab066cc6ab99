/// A heading of an export's HTML page and notebook: a title, a sentence or two of text,
/// and which tables (shown in full on the HTML page) and charts (by path) belong under it.
/// Tables not named by any section are still exported; they are the data behind charts
/// (CDF points, per-second rows) and too long to read as a table.
public struct ExportSection: Sendable, Equatable {
    public var title: String
    public var text: String
    /// Paths of the tables shown under this heading.
    public var tables: [String]
    /// Paths of the charts shown under this heading.
    public var charts: [String]

    public init(title: String, text: String = "", tables: [String] = [], charts: [String] = []) {
        self.title = title
        self.text = text
        self.tables = tables
        self.charts = charts
    }
}
