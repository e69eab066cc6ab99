import Foundation
import GeoSim
import GeoSimIO

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

// The executable only performs I/O: the library decides what to print, what to write and
// the exit code; `CommandIO.terminal` lends it the progress line and bench's child
// processes while it computes.
let result = CommandLineInterface.main(words, io: .terminal)

// Files first (each whole or not at all, see OutputWriter and OutputDirectory); after a
// failure nothing more is written, and stdout (which may say what was written) is not.
exit(CommandResultWriter.perform(result))
