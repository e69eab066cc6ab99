import Foundation
import GeoSim

extension ExportFile {
    /// Writes `files` as the directory `directory`, whole or not at all (see
    /// `OutputDirectory`: a temporary directory beside it takes its place; a previous
    /// export is replaced, anything else in the way is refused). Paths that would leave
    /// the directory (absolute, or with a `..` component) are refused.
    public static func write(_ files: [ExportFile], to directory: URL) throws(OutputError) {
        try OutputDirectory.write(files, to: directory.path)
    }
}
