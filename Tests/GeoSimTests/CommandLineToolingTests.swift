import Foundation
import Testing

@testable import GeoSim
@testable import GeoSimIO

/// The first hour's tooling: one-letter options, grouped help, shell completions and the
/// man page, all generated from the same option tables.
@Suite struct CommandLineToolingTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `-t -d -s -f` mean what their long names mean.
    @Test func shortOptionsMeanTheirLongNames() {
        let short = CommandLineInterface.main(["-t", "us-east,us-west", "-d", "2s", "-s", "7", "-f", "json", "--rate", "50"])
        let long = CommandLineInterface.main(["--topology", "us-east,us-west", "--duration", "2s", "--seed", "7", "--format", "json", "--rate", "50"])
        #expect(short.exitCode == 0 && short.standardOutput == long.standardOutput)
        let bad = CommandLineInterface.main(["regions", "-t", "us-east"])
        #expect(bad.exitCode == 64, "regions has no --topology, so no -t")
    }

    /// Every run option sits under exactly one heading, so `help run` hides none.
    @Test func everyRunOptionHasOneGroup() {
        for spec in RunOptions.specs {
            let homes = OptionGroups.run.filter { $0.names.contains(spec.name) }
            #expect(homes.count == 1, "\(spec.name) is in \(homes.count) groups")
        }
        let help = CommandLineInterface.main(["help", "run"]).standardOutput
        for heading in ["Workload:", "Placement and locality:", "Raft:", "Reads:", "Replication modes:", "Caches:", "Faults:", "Output:", "Limits:"] {
            #expect(help.contains("\n" + heading + "\n"), "\(heading)")
        }
        #expect(!help.contains("Other:"))
        #expect(help.contains("  -t, --topology LIST|FILE"))
    }

    /// Each script names every option of every command (and each command).
    @Test func completionsCoverEveryOption() {
        for shell in ShellCompletion.Shell.allCases {
            let script = CommandLineInterface.main(["completions", shell.rawValue]).standardOutput
            for command in CommandCatalog.all {
                #expect(script.contains(command.name), "\(shell): \(command.name)")
                for spec in command.allOptions {
                    let written = shell == .fish ? "-l \(spec.name.dropFirst(2))" : spec.name
                    #expect(script.contains(written), "\(shell): \(command.name) \(spec.name)")
                }
            }
        }
        #expect(CommandLineInterface.main(["completions", "tcsh"]).exitCode == 64)
        #expect(CommandLineInterface.main(["completions"]).exitCode == 64)
        #expect(CommandLineInterface.main(["completions", "bash", "zsh"]).standardError.contains("got 2 words"))
    }

    /// bash completes options, choices, commands and regions as a user would see them.
    @Test func bashCompletesWhatTheCommandsParse() throws {
        let script = CommandLineInterface.main(["completions", "bash"]).standardOutput
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("geosim-completion-\(getpid()).bash").path
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        func complete(_ words: [String]) throws -> [String] {
            let quoted = words.map { "'\($0)'" }.joined(separator: " ")
            let program = "source '\(path)'; COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1); _geosim; printf '%s\\n' \"${COMPREPLY[@]}\""
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["--norc", "-c", program]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        }
        #expect(try complete(["geosim", "check", "--exp"]) == ["--expect", "--export"])
        #expect(try complete(["geosim", "--replication", "primary-"]) == ["primary-async", "primary-sync"])
        #expect(try complete(["geosim", "che"]) == ["check", "check-history"])
        #expect(try complete(["geosim", "-t", "eu-cent"]).contains("eu-central"))
        #expect(try complete(["geosim", "completions", ""]) == ["bash", "zsh", "fish"])
    }

    /// docs/geosim.1 is what `geosim help --man` prints (regenerate it with
    /// `geosim help --man > docs/geosim.1`), and every option is in it.
    @Test func theManPageIsGeneratedAndComplete() throws {
        let page = ManPage.render()
        let committed = try String(contentsOf: Self.packageRoot.appendingPathComponent("docs/geosim.1"), encoding: .utf8)
        #expect(committed == page, "docs/geosim.1 is stale: run geosim help --man > docs/geosim.1")
        for command in CommandCatalog.all {
            for spec in command.options + command.runOptions {
                #expect(page.contains(ManPage.escape(spec.name)), "\(command.name) \(spec.name)")
            }
        }
        let ascii = page.unicodeScalars.allSatisfy { $0.isASCII }
        #expect(ascii, "groff reads ASCII")
        let quoted = page.split(separator: "\n").contains { $0.hasPrefix("'") }
        #expect(!quoted, "no line starts with a control quote")
    }

    @Test func versionPrintsTheVersion() {
        let result = CommandLineInterface.main(["--version"])
        #expect(result.standardOutput.hasPrefix("geosim \(CommandLineInterface.version)"))
    }
}

/// The progress line's words: what is done, of what, and the time left.
@Suite struct ProgressLineTests {
    @Test func runsAndTimeLeft() {
        let task = CommandIO.ProgressTask(label: "geosim sweep", measure: .runs(total: 64, atMost: false))
        #expect(ProgressLine.text(task, done: 16, elapsed: .seconds(10)) == "geosim sweep: 16 of 64 runs, about 30s left")
        #expect(ProgressLine.text(task, done: 0, elapsed: .seconds(10)) == "geosim sweep: 0 of 64 runs")
        let plan = CommandIO.ProgressTask(label: "geosim plan", measure: .runs(total: 40, atMost: true))
        #expect(ProgressLine.text(plan, done: 10, elapsed: .seconds(100)) == "geosim plan: 10 of at most 40 runs, at most about 5m00s left")
        let run = CommandIO.ProgressTask(label: "geosim run", measure: .simulatedTime(total: 7200 * .second))
        #expect(
            ProgressLine.text(run, done: Int(1800 * Nanoseconds.second), elapsed: .seconds(30))
                == "geosim run: 30m of 2h simulated (25%), about 1m30s left")
        #expect(ProgressLine.clock(3725) == "1h02m")
    }

    /// A run hears its simulated time as it goes, rising to the end.
    @Test func aRunReportsItsSimulatedTime() throws {
        let scenario = try RunOptions.parse(["--topology", "us-east,us-west", "--duration", "10s", "--rate", "500"]).scenario
        final class Times: @unchecked Sendable { var seen: [Int] = [] }
        let times = Times()
        _ = Simulation.run(scenario, progress: { times.seen.append($0) }, progressEvery: 4096)
        #expect(times.seen.count >= 2, "\(times.seen)")
        #expect(times.seen == times.seen.sorted() && (times.seen.last ?? 0) <= Int(11 * Nanoseconds.second), "\(times.seen)")
    }
}
