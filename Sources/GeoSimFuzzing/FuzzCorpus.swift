import Foundation
import GeoSim
import GeoSimIO

/// Reading and writing the seed corpus: `DIR/<target>/<file>`, one input per file,
/// read in file-name order so that a seed gives the same run everywhere.
public enum FuzzCorpus {
    /// The inputs under `directory/target`, sorted by file name; empty if none.
    public static func load(directory: String, target: String) -> [[UInt8]] {
        let folder = (directory as NSString).appendingPathComponent(target)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var inputs: [[UInt8]] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = (folder as NSString).appendingPathComponent(name)
            if let data = FileManager.default.contents(atPath: path) { inputs.append([UInt8](data)) }
        }
        return inputs
    }

    /// The corpus of `target`: its own folder, then its base target's (a `sim-` target
    /// starts from the inputs of the parser it runs: `FuzzTarget.baseTarget`).
    public static func load(directory: String, for target: FuzzTarget) -> [[UInt8]] {
        load(directory: directory, target: target.rawValue)
            + (target.baseTarget.map { load(directory: directory, target: $0.rawValue) } ?? [])
    }

    /// Writes `bytes` to `path` (whole or not at all, see `OutputWriter`), creating the
    /// folder; throws what went wrong, so that a finding is never reported as saved when
    /// it was not.
    public static func save(_ bytes: [UInt8], to path: String) throws(OutputError) {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try OutputDirectory.createDirectories(folder, shownAs: folder) }
        try OutputWriter.write(bytes, to: path)
    }
}
