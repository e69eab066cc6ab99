#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GeoSim

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

// The executable only performs I/O: the library decides what to print and the exit code.
let result = CommandLineInterface.main(Array(CommandLine.arguments.dropFirst()))

/// Writes `text` to a file descriptor (Swift 6 rejects `fputs(..., stderr)`).
func write(_ text: String, to descriptor: Int32) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeMutableBytes { buffer -> Int in
            guard let base = buffer.baseAddress else { return -1 }
            return Foundation.write(descriptor, base + offset, buffer.count - offset)
        }
        if written <= 0 { break }
        offset += written
    }
}

var exitCode = result.exitCode
if let file = result.file {
    do {
        try file.contents.write(toFile: file.path, atomically: true, encoding: .utf8)
    } catch {
        write("geosim: cannot write \(file.path): \(error.localizedDescription)\n", to: 2)
        exitCode = ExitCode.internalError
    }
}
if let export = result.export {
    do {
        try ExportFile.write(export.files, to: URL(fileURLWithPath: export.directory))
    } catch {
        write("geosim: cannot write the export to \(export.directory): \(error.localizedDescription)\n", to: 2)
        exitCode = ExitCode.internalError
    }
}
write(result.standardOutput, to: 1)
write(result.standardError, to: 2)
exit(exitCode)
