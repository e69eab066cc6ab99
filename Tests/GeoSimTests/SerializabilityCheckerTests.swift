import Testing

@testable import GeoSim

/// The serializability checker on hand-built histories: each anomaly class is found,
/// named and evidenced, only at the isolation levels that forbid it, and clean or merely
/// permitted histories pass.
@Suite struct SerializabilityCheckerTests {
    typealias T = TransactionHistory.Transaction
    typealias R = TransactionHistory.Read

    func txn(_ id: Int, _ outcome: TransactionHistory.Outcome = .committed, reads: [(Int, Int64)] = [], writes: [Int] = [], at version: Int64 = 0) -> T {
        T(
            id: id, outcome: outcome, reads: reads.map { R(key: $0.0, version: $0.1) },
            writes: writes.map { TransactionHistory.Write(key: $0, version: version) })
    }

    func violations(_ transactions: [T], _ isolation: IsolationLevel) -> [String] {
        SerializabilityChecker.check(TransactionHistory(transactions: transactions), isolation: isolation).map(\.detail)
    }

    @Test(arguments: IsolationLevel.allCases)
    func aSerialHistoryPasses(isolation: IsolationLevel) {
        let history = [
            txn(1, writes: [1], at: 10), txn(2, reads: [(1, 10)], writes: [1], at: 20), txn(3, reads: [(1, 20), (2, 0)]),
        ]
        #expect(violations(history, isolation).isEmpty)
    }

    /// Both read the initial balance and both wrote it: the second overwrites the first's
    /// update. T1 -ww-> T2 (versions 10, 20) and T2 -rw-> T1 (T2 read 0, T1 wrote next).
    @Test func aLostUpdateIsFoundUnderSnapshotAndSerializable() {
        let history = [txn(1, reads: [(1, 0)], writes: [1], at: 10), txn(2, reads: [(1, 0)], writes: [1], at: 20)]
        for isolation in [IsolationLevel.serializable, .snapshot] {
            let found = violations(history, isolation)
            #expect(found.count == 1)
            #expect(found.first?.hasPrefix("lost update (G-single)") == true, "\(found)")
            #expect(found.first?.contains("T2 -rw(key 1)-> T1 -ww(key 1)-> T2") == true, "\(found)")
        }
        #expect(violations(history, .readCommitted).isEmpty)
    }

    /// Each reads both keys and writes one: allowed by snapshot isolation, not by
    /// serializable.
    @Test func writeSkewIsFoundOnlyUnderSerializable() {
        let history = [
            txn(1, reads: [(1, 0), (2, 0)], writes: [1], at: 10), txn(2, reads: [(1, 0), (2, 0)], writes: [2], at: 20),
        ]
        let found = violations(history, .serializable)
        #expect(found.count == 1 && found.first?.hasPrefix("write skew (G2-item)") == true, "\(found)")
        #expect(violations(history, .snapshot).isEmpty)
        #expect(violations(history, .readCommitted).isEmpty)
    }

    /// Key 1's versions put T1 before T2, key 2's put T2 before T1.
    @Test(arguments: IsolationLevel.allCases)
    func aWriteCycleIsFoundAtEveryLevel(isolation: IsolationLevel) {
        typealias W = TransactionHistory.Write
        let history = [
            T(id: 1, outcome: .committed, reads: [], writes: [W(key: 1, version: 10), W(key: 2, version: 20)]),
            T(id: 2, outcome: .committed, reads: [], writes: [W(key: 1, version: 15), W(key: 2, version: 5)]),
        ]
        let found = violations(history, isolation)
        #expect(found.count == 1 && found.first?.hasPrefix("write cycle (G0)") == true, "\(found)")
        var ordered = history
        ordered[1].writes[1].version = 25
        #expect(violations(ordered, isolation).isEmpty)
    }

    /// Wrote key 1 and read key 2 from each other: information flows both ways.
    @Test(arguments: IsolationLevel.allCases)
    func circularInformationFlowIsFoundAtEveryLevel(isolation: IsolationLevel) {
        let history = [txn(1, reads: [(2, 20)], writes: [1], at: 10), txn(2, reads: [(1, 10)], writes: [2], at: 20)]
        let found = violations(history, isolation)
        #expect(found.count == 1 && found.first?.hasPrefix("circular information flow (G1c)") == true, "\(found)")
    }

    @Test(arguments: IsolationLevel.allCases)
    func anAbortedReadIsFoundAtEveryLevel(isolation: IsolationLevel) {
        let history = [txn(1, .aborted, writes: [1], at: 10), txn(2, reads: [(1, 10)])]
        let found = violations(history, isolation)
        #expect(found == ["aborted read (G1a): T2 read key 1 as written by T1, which aborted"])
        #expect(violations([txn(2, reads: [(1, 99)])], isolation) == ["T2 read key 1 at version 99, which no transaction wrote"])
    }

    /// T2 saw T1's write of key 2 but not of key 1: a fractured read.
    @Test func readSkewIsFoundUnderSnapshotNotReadCommitted() {
        let history = [txn(1, writes: [1, 2], at: 10), txn(2, reads: [(1, 0), (2, 10)])]
        let found = violations(history, .snapshot)
        #expect(found.count == 1 && found.first?.hasPrefix("read skew (G-single)") == true, "\(found)")
        #expect(violations(history, .readCommitted).isEmpty)
    }

    /// An unknown transaction counts once a committed one read its write; otherwise it
    /// may never have committed and draws no edge.
    @Test func unknownTransactionsCountOnlyWhenObserved() {
        let unseen = [txn(1, .unknown, reads: [(1, 0)], writes: [1], at: 10), txn(2, reads: [(1, 0)], writes: [1], at: 20)]
        #expect(violations(unseen, .serializable).isEmpty)
        let seen = unseen + [txn(3, reads: [(1, 10)])]
        #expect(violations(seen, .serializable).count == 1)
    }

    @Test func aSpentBudgetStillReportsTheCycle() {
        let history = [txn(1, reads: [(1, 0)], writes: [1], at: 10), txn(2, reads: [(1, 0)], writes: [1], at: 20)]
        let found = SerializabilityChecker.check(TransactionHistory(transactions: history), isolation: .serializable, stepBudget: 0)
        #expect(found.map(\.detail).first?.contains("not classified") == true, "\(found)")
    }

    /// A long cycle of 500 read-modify-writes, each reading its predecessor's version of
    /// its own key and writing the next key, closed by the last: one G2 or G-single
    /// component, found without exhausting the default budget.
    @Test func aLongCycleIsFoundAndNamed() {
        var history: [T] = []
        for id in 0..<500 { history.append(txn(id, reads: [(id, 0)], writes: [(id + 1) % 500], at: Int64(id + 1))) }
        let found = violations(history, .serializable)
        #expect(found.count == 1)
        #expect(found.first?.contains("G2-item") == true, "\(found.first ?? "")")
    }
}
