import Foundation
import GeoSim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// Ctrl-C asks the run to stop; a second one ends the process at once. A parent may have
// left SIGINT blocked or ignored (a test runner, a non-interactive shell's background job):
// unblock it so the handler runs.
var interruptOnly = sigset_t()
sigemptyset(&interruptOnly)
sigaddset(&interruptOnly, SIGINT)
sigprocmask(SIG_UNBLOCK, &interruptOnly, nil)
signal(SIGINT) { _ in
    if Interruption.isRequested { _exit(130) }
    Interruption.request()
}

// A write past `ulimit -f` must fail with EFBIG, which is reported (exit 74), instead of
// the default SIGXFSZ killing the process with a half-written file and no message.
signal(SIGXFSZ, SIG_IGN)

/// Writes `text` to stderr; a failure there has nowhere to be reported.
func writeStandardError(_ text: String) {
    try? OutputWriter.writeAll(Array(text.utf8), to: 2, path: "standard error")
}

// Arguments must be UTF-8: Swift would replace invalid bytes (U+FFFD), and a file name
// given to --out would then name another file. Refuse them instead.
var words: [String] = []
for index in 1..<max(1, Int(CommandLine.argc)) {
    guard let pointer = CommandLine.unsafeArgv[index] else { break }
    let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: strlen(pointer))
    guard let word = String(validating: bytes, as: UTF8.self) else {
        let shown = String(decoding: bytes, as: UTF8.self)
        writeStandardError("geosim: argument \(index) ('\(shown)') is not valid UTF-8; geosim takes UTF-8 arguments and file names".messageSafe + "\n")
        exit(ExitCode.usage)
    }
    words.append(word)
}

// The executable only performs I/O: the library decides what to print and the exit code.
let result = CommandLineInterface.main(words)

// Files first (each whole or not at all, see OutputWriter and OutputDirectory); after a
// failure nothing more is written, and stdout (which may say what was written) is not.
var exitCode = result.exitCode
var failure: OutputError?
if let file = result.file {
    do { try OutputWriter.write(file.contents, to: file.path) } catch { failure = error }
}
if failure == nil, let export = result.export {
    do { try OutputDirectory.write(export.files, to: export.directory) } catch { failure = error }
}
if failure == nil {
    // Every write to stdout is checked: a full disk, `ulimit -f` or a closed pipe (when
    // SIGPIPE is ignored) is exit 74, never a silent truncation with exit 0.
    do {
        try OutputWriter.writeAll(Array(result.standardOutput.utf8), to: 1, path: "standard output")
    } catch {
        failure = error
    }
}
writeStandardError(result.standardError)
if let failure {
    // The path in the message is the user's: escaped and shortened like every error.
    writeStandardError("geosim: \(failure.description)".messageSafe + "\n")
    exitCode = failure.exitCode
}
exit(exitCode)
