/// Checks the output paths a command was given (`--out`, `--html`, `--export`) before
/// it runs, so that a bad one is refused at once rather than after a long run: an empty
/// path is a usage error (exit 64); a path that cannot be created (no such directory,
/// a directory in the way, no permission) exits 73 naming the path and the reason. The
/// writers (GeoSimIO) check again when they write.
enum OutputPathCheck {
    /// A file output (`--out FILE`, `--html FILE`); nil passes.
    static func file(_ path: String?, flag: String) throws(CommandFailure) {
        guard let path else { return }
        try nonEmpty(path, flag: flag, what: "FILE")
        do { try OutputTarget.check(path) } catch { throw .output(error) }
    }

    /// An export directory (`--export DIR`), replaced whole; nil passes.
    static func export(_ path: String?, flag: String = "--export") throws(CommandFailure) {
        guard let path else { return }
        try nonEmpty(path, flag: flag, what: "DIR")
        do { try ExportDestination.check(path) } catch { throw .output(error) }
    }

    /// A directory files are written into (`sweep --out DIR`), created if missing; nil passes.
    static func directory(_ path: String?, flag: String) throws(CommandFailure) {
        guard let path else { return }
        try nonEmpty(path, flag: flag, what: "DIR")
        do { try OutputPath.checkFolder(path) } catch { throw .output(error) }
    }

    /// Refuses a file output inside the export directory, which is replaced whole (the
    /// file would be refused as not part of the export, or deleted with the old one).
    static func fileOutside(_ file: String?, export: String?, flag: String) throws(CommandFailure) {
        guard let file, let export, !file.isEmpty, !export.isEmpty, OutputPath.contains(export, file) else { return }
        throw .usage(
            UsageError(
                "\(flag) \(file) is inside --export \(export), which is replaced whole.",
                hint: "Write \(flag) outside the export directory."))
    }

    private static func nonEmpty(_ path: String, flag: String, what: String) throws(CommandFailure) {
        guard !path.isEmpty else {
            throw .usage(UsageError("\(flag) needs a path; got an empty one.", hint: "For example: \(flag) \(what == "FILE" ? "out.txt" : "results")"))
        }
    }
}
