import Foundation
import GeoSim
import GeoSimFuzzing
import GeoSimIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// geosim-fuzz: see FuzzOptions.usage. Deterministic for a given --seed and --runs; with
// --seconds the sequence of inputs is the same, only how far it gets varies.

/// Reports an output that cannot be written and exits 73 or 74: a fuzzer whose findings
/// or progress are lost must not look like a clean run.
func failOutput(_ error: OutputError) -> Never {
    try? OutputWriter.writeAll(Array("geosim-fuzz: \(error.description)\n".utf8), to: 2, path: "standard error")
    exit(error.exitCode)
}

/// Prints a line unbuffered, so a crash loses nothing already reported; a failed write
/// (a full disk, a closed pipe with SIGPIPE ignored) ends the run with exit 74.
func say(_ line: String) {
    do { try OutputWriter.writeAll(Array((line + "\n").utf8), to: 1, path: "standard output") } catch { failOutput(error) }
}

// Past `ulimit -f`, writes fail with EFBIG (reported) instead of SIGXFSZ killing us.
signal(SIGXFSZ, SIG_IGN)

let options: FuzzOptions
do {
    options = try FuzzOptions.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    if error.message.isEmpty {
        do { try OutputWriter.writeAll(Array(FuzzOptions.usage.utf8), to: 1, path: "standard output") } catch { failOutput(error) }
        exit(0)
    }
    try? OutputWriter.writeAll(Array("geosim-fuzz: \(error.message)\n\(FuzzOptions.usage)".utf8), to: 2, path: "standard error")
    exit(2)
}

do { try OutputDirectory.createDirectories(options.output, shownAs: options.output) } catch { failOutput(error) }
let watchdog = Watchdog(budgetSeconds: options.inputTimeout)
watchdog.start()
CrashNote.install()

/// Keeps one file open and rewrites it before each input, so a crash leaves the input.
/// The crash note names this file, so a file that cannot be opened or written ends the
/// run (exit 73 or 74) instead of pointing at an input that is not there.
final class CurrentInputFile {
    let path: String
    private let descriptor: Int32

    init(path: String) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if descriptor < 0 { failOutput(OutputError(.cannotCreate, path: path, errno: errno)) }
    }

    func write(_ bytes: [UInt8]) {
        guard ftruncate(descriptor, 0) == 0 else { failOutput(OutputError(.io, path: path, errno: errno)) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return pwrite(descriptor, base + offset, buffer.count - offset, off_t(offset))
            }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { failOutput(OutputError(.io, path: path, errno: written < 0 ? errno : EIO)) }
            offset += written
        }
    }
}

if let kind = options.selfTest {
    let current = CurrentInputFile(path: "\(options.output)/current-self-test")
    current.write(Array("self-test \(kind)".utf8))
    watchdog.describe("the input is in \(current.path)")
    CrashNote.set("\ngeosim-fuzz: CRASH in target self-test; the input is in \(current.path)\n")
    watchdog.arm()
    if kind == "hang" {
        while true { usleep(10_000) }
    }
    let empty = [Int](repeating: 0, count: CommandLine.arguments.count - CommandLine.arguments.count)
    say("unreachable \(empty[CommandLine.arguments.count])")
}

if !options.replay.isEmpty {
    let target = options.targets[0]
    var findings = 0
    for path in options.replay {
        guard let data = FileManager.default.contents(atPath: path) else {
            say("\(path): cannot read")
            findings += 1
            continue
        }
        watchdog.describe("the input is \(path)")
        CrashNote.set("geosim-fuzz: CRASH on \(path) (target \(target.rawValue))\n")
        watchdog.arm()
        let verdict = target.run([UInt8](data))
        watchdog.disarm()
        switch verdict {
        case .accepted: say("\(path): accepted")
        case .rejected(let message): say("\(path): rejected: \(message)")
        case .finding(let what):
            say("\(path): FINDING: \(what)")
            findings += 1
        }
    }
    exit(findings == 0 ? 0 : 1)
}

var totalFindings = 0
for target in options.targets {
    let corpus = FuzzCorpus.load(directory: options.corpus, for: target)
    var session = FuzzSession(target: target, corpus: corpus, seed: options.seed, maximumLength: options.maximumLength)
    let current = CurrentInputFile(path: "\(options.output)/current-\(target.rawValue)")
    watchdog.describe("the input is in \(current.path)")
    CrashNote.set("\ngeosim-fuzz: CRASH in target \(target.rawValue); the input is in \(current.path)\n")
    let started = Watchdog.now()
    let deadline = options.seconds > 0 ? started + UInt64(options.seconds * 1e9) : UInt64.max
    var findings = 0
    var accepted = 0
    var lastFinding = ""
    while options.runs == 0 || session.runs < options.runs {
        if session.runs % 16 == 0, Watchdog.now() >= deadline { break }
        let input = session.nextInput()
        current.write(input)
        watchdog.arm()
        let verdict = session.run(input)
        watchdog.disarm()
        switch verdict {
        case .accepted: accepted += 1
        case .rejected: break
        case .finding(let what):
            findings += 1
            let path = "\(options.output)/findings/\(target.rawValue)-\(session.runs)"
            do { try FuzzCorpus.save(input, to: path) } catch { failOutput(error) }
            if what != lastFinding { say("FINDING [\(target.rawValue)] \(path): \(what)") }
            lastFinding = what
        }
        if findings >= options.maximumFindings { break }
    }
    let elapsed = Double(Watchdog.now() - started) / 1e9
    let rate = elapsed > 0 ? Double(session.runs) / elapsed : 0
    say(
        String(
            format: "%-13@ %9d runs in %6.1f s (%8.0f/s), %d corpus, pools %d+%d, %d accepted, %d error kinds, %d findings",
            target.rawValue as NSString, session.runs, elapsed, rate, corpus.count, session.acceptedPool.count, session.novelPool.count, accepted,
            session.signatures.count, findings))
    if options.savePool {
        for (index, entry) in session.pool.enumerated() {
            do {
                try FuzzCorpus.save(entry, to: "\(options.output)/pool/\(target.rawValue)/\(String(format: "%05d", index))")
            } catch {
                failOutput(error)
            }
        }
    }
    totalFindings += findings
}
exit(totalFindings == 0 ? 0 : 1)
