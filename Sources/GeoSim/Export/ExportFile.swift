import Foundation

/// One file of an export directory: its path relative to the directory (`/`-separated,
/// e.g. `charts/latency_cdf_writes.svg`), its text, and what the manifest says about it.
public struct ExportFile: Sendable, Equatable {
    /// Relative path inside the export directory.
    public var path: String
    /// The file's text (UTF-8 when written).
    public var contents: String
    /// The manifest's kind: `report`, `table`, `chart`, `manifest`, `notebook`, `document`.
    public var kind: String
    /// One sentence on what the file holds.
    public var description: String

    public init(path: String, contents: String, kind: String = "document", description: String = "") {
        self.path = path
        self.contents = contents
        self.kind = kind
        self.description = description
    }
}
