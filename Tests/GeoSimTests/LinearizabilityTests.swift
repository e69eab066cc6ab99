import Testing

@testable import GeoSim

/// The linearizability checker on hand-made register histories and on random ones.
@Suite struct LinearizabilityTests {
    let ms = Nanoseconds.millisecond
    /// Generous: only a badly broken search would exhaust it.
    let budget = 10 * LinearizabilityChecker.stepsPerSecond

    func write(
        _ client: Int, key: Int = 1, _ value: Int64, _ from: Int64, _ to: Int64?,
        _ outcome: HistoryOperation.Outcome = .ok
    ) -> HistoryOperation {
        HistoryOperation(
            client: client, key: key, kind: .write, invoked: from * ms, completed: to.map { $0 * ms },
            outcome: outcome, value: value)
    }

    func read(
        _ client: Int, key: Int = 1, _ value: Int64, _ from: Int64, _ to: Int64?,
        _ outcome: HistoryOperation.Outcome = .ok
    ) -> HistoryOperation {
        HistoryOperation(
            client: client, key: key, kind: .read, invoked: from * ms, completed: to.map { $0 * ms },
            outcome: outcome, value: value)
    }

    func check(_ operations: [HistoryOperation]) -> LinearizabilityChecker.Result {
        LinearizabilityChecker.check(OperationHistory(operations: operations), budget: budget)
    }

    /// The violation's key and sub-history, or nil if the result is not a violation.
    func violation(_ result: LinearizabilityChecker.Result) -> (key: Int, operations: [HistoryOperation], text: String)? {
        if case .violation(let key, let operations, let text) = result { return (key, operations, text) }
        return nil
    }

    @Test func sequentialHistoryPasses() {
        #expect(
            check([
                read(1, 0, 0, 1), write(1, 5, 2, 3), read(2, 5, 4, 5), write(2, 7, 6, 7), read(1, 7, 8, 9),
            ]) == .linearizable)
    }

    @Test func concurrentReadMaySeeEitherValue() {
        let old = write(1, 1, 0, 1)
        let new = write(2, 2, 2, 10)
        #expect(check([old, new, read(3, 1, 3, 4)]) == .linearizable)
        #expect(check([old, new, read(3, 2, 3, 4)]) == .linearizable)
        // Reads concurrent with each other and the write can see new then old? No: a
        // completed read of 2 followed by a read of 1 is not, but overlapping reads are.
        #expect(check([old, new, read(3, 2, 3, 6), read(4, 1, 4, 5)]) == .linearizable)
    }

    @Test func staleReadAfterCompletedWriteFails() throws {
        let result = check([
            write(1, 1, 0, 1), read(2, 1, 2, 3), write(1, 2, 4, 5), read(3, 2, 5, 6), read(2, 0, 6, 7),
            read(2, 1, 8, 9), read(3, 2, 10, 11),
        ])
        let found = try #require(violation(result))
        #expect(found.key == 1)
        #expect(found.operations.count <= 3)
        #expect(found.operations.contains(read(2, 1, 8, 9)) || found.operations.contains(read(2, 0, 6, 7)))
        #expect(found.text.contains("client"))
    }

    @Test func readOfValueNeverWrittenFails() throws {
        let result = check([write(1, 1, 0, 1), read(2, 1, 2, 3), read(2, 9, 4, 5), write(1, 9, 6, 7, .failed)])
        let found = try #require(violation(result))
        #expect(found.operations == [read(2, 9, 4, 5)])
        #expect(found.text.contains("v=9"))
    }

    @Test func unknownWriteThatBecomesVisiblePasses() {
        #expect(
            check([
                write(1, 1, 0, 1), write(2, 2, 2, nil, .unknown), read(3, 1, 3, 4), read(3, 2, 50, 51), read(4, 2, 60, 61),
            ]) == .linearizable)
    }

    @Test func unknownWriteThatIsNeverReadPasses() {
        #expect(
            check([
                write(1, 1, 0, 1), write(2, 2, 2, nil, .unknown), read(3, 1, 3, 4), read(3, 1, 50, 51),
                read(4, 7, 52, 53, .unknown),
            ]) == .linearizable)
    }

    @Test func unknownWriteCannotTakeEffectBeforeItsInvocation() throws {
        let found = try #require(violation(check([write(2, 2, 10, nil, .unknown), read(3, 2, 3, 4)])))
        #expect(found.operations.count == 2)
    }

    @Test func nonMonotonicReadsFail() throws {
        let result = check([write(1, 1, 0, 1), write(2, 2, 2, 20), read(3, 2, 3, 4), read(4, 1, 5, 6)])
        let found = try #require(violation(result))
        #expect(found.operations.count == 4)
        #expect(found.text.contains("longest valid order"))
    }

    @Test func violationIsReportedForItsKey() throws {
        let result = check([
            write(1, key: 1, 1, 0, 1), read(2, key: 1, 1, 2, 3),
            write(1, key: 2, 5, 0, 1), write(1, key: 2, 6, 2, 3), read(2, key: 2, 5, 4, 5),
            write(1, key: 3, 8, 0, 1), read(2, key: 3, 8, 2, 3),
        ])
        let found = try #require(violation(result))
        #expect(found.key == 2)
        #expect(found.operations.allSatisfy { $0.key == 2 })
    }

    @Test func randomLinearizableHistoryPasses() {
        for seed: UInt64 in 1...5 {
            let history = RandomHistory.linearizable(
                operations: 2000, keys: 20, clients: 20,
                unknownFraction: 0.1, failedFraction: 0.02, seed: seed)
            #expect(LinearizabilityChecker.check(history, budget: budget) == .linearizable, "seed \(seed)")
        }
    }

    @Test func hotKeyWithHeavyConcurrencyPasses() {
        // One key, 2000 operations, windows of up to ±5 ms around points 50 µs apart:
        // about a hundred operations overlap each one.
        let history = RandomHistory.linearizable(
            operations: 2000, keys: 1, clients: 20, unknownFraction: 0.1,
            failedFraction: 0.02, window: 5 * ms, seed: 7)
        #expect(LinearizabilityChecker.check(history, budget: budget) == .linearizable)
    }

    @Test func randomHistoryWithOneCorruptedReadFails() throws {
        var history = RandomHistory.linearizable(
            operations: 2000, keys: 20, clients: 20,
            unknownFraction: 0.1, failedFraction: 0.02, seed: 3)
        let index = try #require(
            history.operations.indices.last {
                history.operations[$0].kind == .read && history.operations[$0].outcome == .ok
            })
        history.operations[index].value = 1_000_000
        let found = try #require(violation(LinearizabilityChecker.check(history, budget: budget)))
        #expect(found.key == history.operations[index].key)
        #expect(found.operations == [history.operations[index]])
    }

    @Test func randomHistoryWithOneStaleReadFails() throws {
        // Replace the value of a read that began after two completed writes to its key with
        // the older one's value: now stale.
        var history = RandomHistory.linearizable(
            operations: 2000, keys: 20, clients: 20,
            unknownFraction: 0.1, failedFraction: 0.02, seed: 4)
        let operations = history.operations
        var chosen: (index: Int, stale: Int64)?
        for (index, operation) in operations.enumerated().reversed()
        where operation.kind == .read && operation.outcome == .ok {
            let done = operations.filter {
                $0.key == operation.key && $0.kind == .write && $0.outcome == .ok
                    && ($0.completed ?? .max) < operation.invoked
            }
            // The last completed write's predecessor, and no write concurrent with the read
            // or unknown write that could have restored the older value.
            guard done.count >= 2 else { continue }
            let latest = done.max { ($0.completed ?? 0) < ($1.completed ?? 0) }
            guard let latest, let older = done.first(where: { ($0.completed ?? 0) < latest.invoked }) else { continue }
            chosen = (index, older.value)
            break
        }
        let target = try #require(chosen)
        history.operations[target.index].value = target.stale
        let found = try #require(violation(LinearizabilityChecker.check(history, budget: budget)))
        #expect(found.key == operations[target.index].key)
    }

    @Test func exhaustedBudgetIsInconclusive() {
        let history = RandomHistory.linearizable(operations: 2000, keys: 1, unknownFraction: 0.1, seed: 2)
        #expect(LinearizabilityChecker.check(history, budget: 0) == .inconclusive(key: 0, steps: 0))
    }

    @Test func rendersOneLinePerOperation() {
        let text = HistoryText.render([
            HistoryOperation(client: 3, key: 17, kind: .write, invoked: 12 * ms, completed: 74_310_000, outcome: .ok, value: 5),
            read(12, key: 17, 5, 80, nil, .unknown),
        ])
        #expect(
            text == """
                client 3  write k=17 v=5    [12.000ms, 74.310ms] ok
                client 12  read  k=17 v=5   [80.000ms, ?] unknown
                """)
    }
}
