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

    /// Writes `files` under `directory`, creating it and any subdirectory (`charts/`), and
    /// replacing files of the same names. Paths that would leave the directory (absolute,
    /// or with a `..` component) are refused.
    public static func write(_ files: [ExportFile], to directory: URL) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        for file in files {
            let components = file.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard !file.path.hasPrefix("/"), !components.contains(".."), !components.contains(""), !components.isEmpty else {
                throw CocoaError(.fileWriteInvalidFileName, userInfo: [NSFilePathErrorKey: file.path])
            }
            var url = directory
            for component in components { url.appendPathComponent(component) }
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.contents.utf8).write(to: url, options: .atomic)
        }
    }
}
