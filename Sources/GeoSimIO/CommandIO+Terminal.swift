import Foundation
import GeoSim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension CommandIO {
    /// The real effects, for the `geosim` executable: a progress line on stderr when it is
    /// a terminal (nothing otherwise, so logs and pipes stay clean), bench cases in child
    /// processes of this program when it is `geosim` (so each peak memory figure is that
    /// case's), and the kernel's peak-RSS mark reset through /proc.
    public static var terminal: CommandIO {
        let executable = Bundle.main.executableURL.flatMap { $0.lastPathComponent == "geosim" ? $0.path : nil }
        return CommandIO(
            startProgress: progressLine,
            clearProgress: clearProgressLine,
            runChild: executable.map { path in { @Sendable arguments in runChild(path, arguments: arguments) } },
            resetPeakMemory: resetPeakResidentMemory)
    }

    /// A `ProgressLine` for `task`, or nil when stderr is not a terminal: then nothing is
    /// written, so logs and pipes stay clean.
    static func progressLine(_ task: ProgressTask) -> (@Sendable (Int) -> Void)? {
        guard ProgressLine.isWanted else { return nil }
        let line = ProgressLine(task)
        return { done in line.report(done) }
    }

    /// Clears the progress line, if stderr is a terminal.
    static func clearProgressLine() {
        if ProgressLine.isWanted { writeToStandardError("\r\u{1B}[K") }
    }

    private static func writeToStandardError(_ text: String) {
        // Progress only: a failed write (a closed terminal) must not stop the sweep.
        try? OutputWriter.writeAll(Array(text.utf8), to: 2, path: "standard error")
    }

    /// Runs `executable` with `arguments` and collects its stdout and exit status.
    static func runChild(_ executable: String, arguments: [String]) -> Result<ChildOutput, LaunchError> {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch { return .failure(LaunchError(program: executable, reason: "\(error)")) }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return .success(ChildOutput(status: process.terminationStatus, standardOutput: Array(data)))
    }

    /// Resets the kernel's peak-RSS mark (VmHWM) to the current RSS, so the next reading
    /// is the peak of what runs in between (Linux ≥ 4.0; elsewhere a no-op).
    static func resetPeakResidentMemory() {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return }
        try? handle.write(contentsOf: Data("5".utf8))
        try? handle.close()
    }
}
