import Testing

@testable import GeoSim

/// Each history checker on small hand-made histories: a broken one it must flag, and the
/// boundary cases its definition allows, computed from the definition by hand.
@Suite struct InvariantCheckerTests {
    let second = Nanoseconds.second

    func read(
        _ value: Int64, key: Int = 1, client: Int = 0, invoked: Nanoseconds, completed: Nanoseconds,
        mode: HistoryOperation.Mode = .bounded, bound: Nanoseconds? = 5 * .second
    ) -> HistoryOperation {
        HistoryOperation(
            client: client, key: key, kind: .read, invoked: invoked, completed: completed,
            outcome: .ok, value: value, mode: mode, bound: bound)
    }

    func write(
        _ value: Int64, key: Int = 1, client: Int = 0, invoked: Nanoseconds, completed: Nanoseconds?,
        outcome: HistoryOperation.Outcome = .ok
    ) -> HistoryOperation {
        HistoryOperation(client: client, key: key, kind: .write, invoked: invoked, completed: completed, outcome: outcome, value: value)
    }

    /// Key 1: v=100 visible from 1 s, v=200 from 2 s.
    func twoVersions() -> RunHistory {
        var history = RunHistory()
        history.commits = [.init(key: 1, value: 100, at: 1 * second), .init(key: 1, value: 200, at: 2 * second)]
        return history
    }

    // MARK: Staleness

    @Test func aBoundedReadOlderThanItsBoundIsFlagged() {
        var history = twoVersions()
        // v=100 stopped being the latest at 2 s; invoked at 10 s with a 5 s bound, the
        // oldest instant allowed is 5 s > 2 s.
        history.operations = [read(100, invoked: 10 * second, completed: 10 * second + 1)]
        let violations = StalenessChecker.check(history)
        #expect(violations.count == 1)
        #expect(violations.first?.invariant == .staleness)
        #expect(violations.first?.detail.contains("3s before the oldest instant") == true, "\(violations)")
    }

    @Test func theBoundaryInstantIsAllowedAndOneNanosecondPastIsNot() {
        var history = twoVersions()
        // Oldest instant allowed = invoked − bound − slack = 2 s exactly: v=100 was still
        // the latest then (superseded at 2 s is not before 2 s).
        history.clockSlack = 250 * .millisecond
        history.operations = [read(100, invoked: 7 * second + 250 * .millisecond, completed: 8 * second)]
        #expect(StalenessChecker.check(history).isEmpty)
        history.operations = [read(100, invoked: 7 * second + 250 * .millisecond + 1, completed: 8 * second)]
        #expect(StalenessChecker.check(history).count == 1)
    }

    @Test func freshInitialAndUncommittedValuesAreJudgedByTheirIntervals() {
        var history = twoVersions()
        history.operations = [
            read(200, invoked: 30 * second, completed: 31 * second),  // still the latest
            read(0, invoked: 500 * .millisecond, completed: 600 * .millisecond),  // before any commit
            read(0, invoked: 10 * second, completed: 11 * second),  // initial value, 8 s stale
            read(300, invoked: 3 * second, completed: 4 * second),  // never committed
            read(200, invoked: 1 * second, completed: 1500 * .millisecond),  // from the future
        ]
        let details = StalenessChecker.check(history).map(\.detail)
        #expect(details.count == 3, "\(details)")
        #expect(details.contains { $0.contains("v=0") && $0.contains("stopped being the latest at 1000.000ms") })
        #expect(details.contains { $0.contains("v=300") && $0.contains("no write to the key committed") })
        #expect(details.contains { $0.contains("v=200") && $0.contains("after the read completed") })
    }

    @Test func cacheHitsAreJudgedAgainstTheCachePolicyAsTheirOwnInvariant() {
        var history = twoVersions()
        history.operations = [
            read(100, invoked: 10 * second, completed: 10 * second, mode: .cache, bound: 60 * second),
            read(100, invoked: 10 * second, completed: 10 * second, mode: .cache, bound: 100 * .millisecond),
            read(100, invoked: 10 * second, completed: 10 * second, mode: .nearest, bound: nil),
        ]
        let violations = StalenessChecker.check(history)
        #expect(violations.map(\.invariant) == [.cacheStaleness])
    }

    @Test func manyViolationsAreSummarizedAfterTheFirstFew() {
        var history = twoVersions()
        history.operations = (0..<12).map { read(100, invoked: (20 + Int64($0)) * second, completed: (20 + Int64($0)) * second) }
        let violations = StalenessChecker.check(history)
        #expect(violations.count == ViolationList.describedLimit + 1)
        #expect(violations.last?.detail == "… and 7 more like these.")
    }

    // MARK: Durability

    @Test func anAcknowledgedWriteMissingFromTheFinalLogIsLost() {
        var history = RunHistory()
        history.keysPerRange = 10
        history.finalValues = [[100, 300], nil]
        history.operations = [
            write(100, key: 1, invoked: 0, completed: second),
            write(200, key: 2, invoked: 0, completed: second),  // lost
            write(250, key: 3, invoked: 0, completed: nil, outcome: .unknown),  // may be lost
            write(400, key: 15, invoked: 0, completed: second),  // range 1: no leader
        ]
        let violations = DurabilityChecker.check(history)
        #expect(violations.count == 1)
        #expect(violations.first?.detail.contains("v=200") == true)
        #expect(violations.first?.detail.contains("range 0") == true)
    }

    // MARK: Lease safety

    @Test func aLeaseReadAfterAnotherNodeWasElectedInALaterTermIsFlagged() {
        var history = RunHistory()
        history.leaderships = [.init(range: 0, node: 0, term: 1, at: 0), .init(range: 0, node: 1, term: 2, at: 5 * second)]
        history.leaseReads = [
            .init(range: 0, node: 0, term: 1, at: 5 * second - 1),  // before the election: fine
            .init(range: 0, node: 1, term: 2, at: 6 * second),  // the new leader: fine
            .init(range: 1, node: 0, term: 1, at: 6 * second),  // another range: no leaderships
            .init(range: 0, node: 0, term: 1, at: 5 * second),  // at the election instant: overlap
        ]
        let violations = LeaseSafetyChecker.check(history)
        #expect(violations.count == 1)
        #expect(violations.first?.detail == "range 0: node 0 served a lease read in term 1 at 5000.000ms, but node 1 had led term 2 since 5000.000ms.")
    }

    // MARK: Sessions

    @Test func readYourWritesAndMonotonicReadsAreCheckedOnlyWhenConfigured() {
        var history = RunHistory()
        history.operations = [
            write(100, client: 0, invoked: 1 * second, completed: 2 * second),
            read(50, client: 0, invoked: 3 * second, completed: 4 * second),  // misses own write
            read(50, client: 0, invoked: 1500 * .millisecond, completed: 5 * second),  // overlaps: fine
            read(50, client: 1, invoked: 3 * second, completed: 4 * second),  // another session: fine
            read(300, client: 2, invoked: 1 * second, completed: 2 * second),
            read(200, client: 2, invoked: 3 * second, completed: 4 * second),  // goes back
        ]
        #expect(SessionChecker.check(history).isEmpty)
        history.sessionGuarantees = [.readYourWrites, .monotonicReads]
        let violations = SessionChecker.check(history)
        #expect(violations.map(\.invariant) == [.readYourWrites, .monotonicReads], "\(violations)")
        history.sessionGuarantees = [.monotonicReads]
        #expect(SessionChecker.check(history).map(\.invariant) == [.monotonicReads])
    }

    // MARK: Liveness

    @Test func rangesThatMakeNoProgressWithinTheBoundAfterHealingAreFlagged() {
        var history = RunHistory()
        history.healedAt = 30 * second
        history.endedAt = 52 * second
        history.firstProgressAfterHeal = [35 * second, nil, 40 * second + 1, 40 * second]
        let violations = LivenessChecker.check(history, bound: 10 * second)
        #expect(violations.count == 2)
        #expect(violations[0].detail.hasPrefix("range 1:"))
        #expect(violations[0].detail.contains("no write was acknowledged before the run ended at 52000.000ms"))
        #expect(violations[1].detail.hasPrefix("range 2:"))
        #expect(violations[1].detail.contains("10s after it"))
    }

    // MARK: All together

    @Test func theHistoryCheckerRoutesStrongOperationsToLinearizability() {
        var history = RunHistory()
        history.finalValues = [[100, 200]]
        history.commits = [.init(key: 1, value: 100, at: 1 * second), .init(key: 1, value: 200, at: 3 * second)]
        history.operations = [
            write(100, invoked: 0, completed: 2 * second),
            write(200, invoked: 3 * second, completed: 4 * second),
            // A strong read after both writes returned the first: not linearizable.
            read(100, invoked: 5 * second, completed: 6 * second, mode: .strong, bound: nil),
            // A nearest read may return anything committed: no promise to break.
            read(100, invoked: 5 * second, completed: 6 * second, mode: .nearest, bound: nil),
        ]
        let verdict = HistoryChecker.check(history, linearizabilitySteps: 5 * LinearizabilityChecker.stepsPerSecond, livenessBound: 10 * second)
        #expect(verdict.failedInvariants == [.linearizability])
        #expect(verdict.strongOperations == 3)
    }
}
