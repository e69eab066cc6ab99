import Foundation

/// Where this binary came from, for `geosim --version`: the git commit it was built from,
/// when known. `scripts/install.sh` records the commit it built next to the installed
/// binary (`PREFIX/share/geosim/commit`); a binary run from a checkout's `.build` folder
/// reads nothing (the checkout may have moved on since it was built), so the version
/// then carries no commit.
enum BuildInfo {
    /// The recorded commit (7 to 40 hex digits, `-dirty` when the tree had changes), or nil.
    static var commit: String? {
        guard let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() else { return nil }
        let stamp = executable.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/geosim/commit")
        guard let data = FileManager.default.contents(atPath: stamp.path), data.count <= 256,
            let text = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines),
            case let hex = text.hasSuffix("-dirty") ? String(text.dropLast(6)) : text,
            (7...40).contains(hex.count), hex.allSatisfy(\.isHexDigit)
        else { return nil }
        return text
    }
}
