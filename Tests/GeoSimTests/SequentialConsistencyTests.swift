import Testing

@testable import GeoSim

/// `--expect sequential`: the checker on hand-made histories (each verdict, and the
/// classic anomalies), and on simulated stores that keep it and that break it.
@Suite struct SequentialConsistencyTests {
    func operation(
        _ client: Int, _ kind: HistoryOperation.Kind, key: Int = 7, value: Int64, _ invoked: Nanoseconds, _ completed: Nanoseconds?,
        outcome: HistoryOperation.Outcome = .ok
    ) -> HistoryOperation {
        HistoryOperation(client: client, key: key, kind: kind, invoked: invoked, completed: completed, outcome: outcome, value: value)
    }

    func violations(_ operations: [HistoryOperation]) -> [Violation] {
        var history = RunHistory()
        history.operations = operations
        return SequentialConsistencyChecker.check(history)
    }

    /// A read that misses a write another client finished earlier is not linearizable but
    /// is sequentially consistent: the read can be ordered before the write.
    @Test func aStaleReadByAnotherClientIsSequentiallyConsistent() {
        let operations = [operation(0, .write, value: 5, 0, 10), operation(1, .read, value: 0, 20, 30)]
        #expect(violations(operations).isEmpty)
        let linearizable = LinearizabilityChecker.check(OperationHistory(operations: operations), budget: 1000)
        #expect(linearizable != .linearizable)
    }

    /// A client that reads an older value after its own write breaks it: po, then rw back.
    @Test func missingOnesOwnWriteIsNot() {
        let found = violations([operation(0, .write, value: 5, 0, 10), operation(0, .read, value: 0, 20, 30)])
        #expect(found.count == 1 && found[0].invariant == .sequentialConsistency, "\(found)")
        #expect(found.first?.detail.contains("po (same client)") == true && found.first?.detail.contains("rw (key 7)") == true)
    }

    /// Overlapping operations of one client are unordered: the same read, invoked before
    /// the write completed, may come first.
    @Test func overlappingOperationsOfAClientAreUnordered() {
        #expect(violations([operation(0, .write, value: 5, 0, 10), operation(0, .read, value: 0, 10, 30)]).isEmpty)
    }

    /// Two clients see two writes in opposite orders: no single order serves both.
    @Test func twoClientsSeeingWritesInOppositeOrdersIsNot() {
        let found = violations([
            operation(0, .write, value: 5, 0, 10), operation(1, .write, value: 6, 0, 10),
            operation(2, .read, value: 5, 20, 30), operation(2, .read, value: 6, 40, 50),
            operation(3, .read, value: 6, 20, 30), operation(3, .read, value: 5, 40, 50),
        ])
        #expect(found.count == 1, "\(found)")
        #expect(
            violations([
                operation(2, .read, value: 5, 20, 30), operation(2, .read, value: 6, 40, 50), operation(0, .write, value: 5, 0, 10),
                operation(1, .write, value: 6, 0, 10), operation(3, .read, value: 5, 20, 30), operation(3, .read, value: 6, 40, 50),
            ]).isEmpty)
    }

    /// Order spans keys: a client writes x then y; another reads the new y, then the old x.
    @Test func clientOrderSpansKeys() {
        let found = violations([
            operation(0, .write, key: 1, value: 5, 0, 10), operation(0, .write, key: 2, value: 6, 20, 30),
            operation(1, .read, key: 2, value: 6, 40, 50), operation(1, .read, key: 1, value: 0, 60, 70),
        ])
        #expect(found.count == 1, "\(found)")
    }

    /// A read of a value no write produced is reported; an unknown write a read returned
    /// counts as having happened, one nobody read as never.
    @Test func phantomAndUnknownWrites() {
        #expect(violations([operation(0, .read, value: 9, 0, 10)]).count == 1)
        #expect(violations([operation(0, .write, value: 9, 0, nil, outcome: .unknown), operation(1, .read, value: 9, 5, 10)]).isEmpty)
        let unread = [operation(0, .write, value: 9, 0, nil, outcome: .unknown), operation(1, .read, value: 0, 50, 60)]
        #expect(violations(unread).isEmpty)
        #expect(violations([operation(0, .write, value: 9, 0, 10, outcome: .failed), operation(1, .read, value: 9, 5, 10)]).count == 1)
    }

    func settings(_ pairs: [(String, String)]) throws -> ScenarioSettings {
        var settings = ScenarioSettings()
        for (flag, value) in [("--topology", "us-east,us-west,eu-central"), ("--duration", "20s"), ("--rate", "300")] + pairs {
            try settings.apply(flag: flag, value: value)
        }
        return settings
    }

    func run(_ pairs: [(String, String)], seeds: [UInt64]) throws -> CheckSwarm.Summary {
        var options = CheckSwarm.Options()
        options.shrinkRuns = 0
        options.expectations = [.sequential]
        return try CheckSwarm.run(base: settings(pairs), seeds: seeds, options: options)
    }

    /// Raft ranges are linearizable, so sequentially consistent under faults; leaderless
    /// R = W = 1 of N = 3 is not (a client's read misses its own write, at another replica).
    @Test func raftKeepsItAndSloppyQuorumsBreakIt() throws {
        let raft = try run([], seeds: [50000, 50001])
        #expect(raft.failed.isEmpty, "\(raft.failureMessage)")
        let sloppy = try run([("--replication", "leaderless"), ("--r", "1"), ("--w", "1")], seeds: [50000])
        #expect(sloppy.failed.contains { $0.violations.contains { $0.invariant == .sequentialConsistency } }, "\(sloppy.failureMessage)")
    }

    /// A seed that fails only sequential consistency exports a timeline of the cycle and
    /// the message diagram of its window.
    @Test func aFailingSeedsExportDrawsTheCycle() throws {
        let result = CommandLineInterface.main([
            "check", "--topology", "us-east,us-west,eu-central", "--duration", "20s", "--seed", "50000", "--seeds", "1", "--replication",
            "leaderless", "--r", "1", "--w", "1", "--expect", "sequential", "--shrink-runs", "0", "--export", "/tmp/unused",
        ])
        #expect(result.exitCode == 1)
        let files = try #require(result.export?.files)
        let svg = try #require(files.first { $0.path == "histories/seed-50000.svg" })
        #expect(svg.contents.contains("not sequentially consistent") && svg.contents.contains("1. "))
        #expect(files.contains { $0.path == "histories/seed-50000-messages.svg" })
    }

    /// Overlapping operations of one process, and one of unknown outcome (which runs to
    /// the right edge), take rows of their own; a later one reuses a free row.
    @Test func timelineBarsNeverShareARowWhileTheyOverlap() {
        let bars = [
            HistoryTimelineSVG.Bar(process: 0, start: 0, end: nil, label: "w", violating: false, order: nil),
            HistoryTimelineSVG.Bar(process: 0, start: 1, end: 3, label: "r", violating: false, order: nil),
            HistoryTimelineSVG.Bar(process: 0, start: 2, end: 4, label: "r", violating: false, order: nil),
            HistoryTimelineSVG.Bar(process: 0, start: 5, end: 6, label: "r", violating: false, order: nil),
            HistoryTimelineSVG.Bar(process: 1, start: 1, end: 2, label: "r", violating: false, order: nil),
        ]
        var column: [Int: Int] = [:]
        for (index, position) in [0, 1, 2, 3, 4, 5, 6].enumerated() { column[position] = index }
        #expect(HistoryTimelineSVG.rowsPerBar(bars, column: column) == [0, 1, 2, 1, 0])
    }

    /// Every send of a message diagram has a row of its own, however close in time.
    @Test func messageDiagramRowsAreDistinct() {
        var trace = MessageTrace(window: 0...100)
        for index in 0..<5 { trace.record(from: 0, to: 1, sent: 10, arrival: 20 + Nanoseconds(index), label: "m\(index)") }
        let svg = MessageSequenceSVG.render(title: "t", trace: trace, nodes: ["a", "b"], highlight: nil)
        let heights = svg.split(separator: "\n").filter { $0.hasPrefix("<text") && $0.contains(">m") }.compactMap { line -> Int? in
            guard let range = line.range(of: "y=\"") else { return nil }
            return Int(line[range.upperBound...].prefix { $0.isNumber })
        }
        #expect(heights.count == 5 && Set(heights).count == 5, "\(heights)")
    }
}
