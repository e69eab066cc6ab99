import Testing

@testable import GeoSim

/// Leaderless quorums in full runs: intersection, and the repairs that shrink staleness.
@Suite struct LeaderlessTests {
    func scenario(n: Int, r: Int, w: Int, seed: UInt64 = 1) throws -> Scenario {
        var scenario = Scenario(topology: try Topology.fromRegionList("us-east,us-west,eu-central,ap-northeast,sa-east"))
        scenario.replication.mode = .leaderless
        scenario.replication.n = n
        scenario.replication.r = r
        scenario.replication.w = w
        scenario.seed = seed
        scenario.duration = 10 * .second
        scenario.rate = 400
        scenario.writeFraction = 0.3
        scenario.keyCount = 200
        return scenario
    }

    @Test(arguments: [(3, 2, 2), (5, 3, 3), (5, 1, 5), (5, 4, 2)])
    func overlappingQuorumsNeverReturnAStaleValue(n: Int, r: Int, w: Int) throws {
        #expect(r + w > n)
        for seed in 1...2 as ClosedRange<UInt64> {
            let outcome = Simulation.run(try scenario(n: n, r: r, w: w, seed: seed))
            let reads = outcome.stalenessByRegion.reduce(0) { $0 + $1.reads }
            let stale = outcome.stalenessByRegion.reduce(0) { $0 + $1.stale }
            #expect(reads > 1500)
            #expect(stale == 0, "N=\(n) R=\(r) W=\(w) seed \(seed): \(stale) stale reads")
        }
    }

    @Test func partialQuorumsDoReturnStaleValues() throws {
        let outcome = Simulation.run(try scenario(n: 5, r: 1, w: 1))
        let stale = outcome.stalenessByRegion.reduce(0) { $0 + $1.stale }
        #expect(stale > 50, "R + W ≤ N must show some stale reads on a WAN")
    }

    @Test func antiEntropyShrinksStaleness() throws {
        var slow = try scenario(n: 5, r: 1, w: 1)
        // Writes take long to reach replicas: without repair, many reads are stale.
        slow.replication.legs = .init(
            write: .exponential(mean: Double(2 * Nanoseconds.second)),
            ack: .constant(Double(Nanoseconds.millisecond)),
            read: .constant(Double(Nanoseconds.millisecond)),
            response: .constant(Double(Nanoseconds.millisecond)))
        let without = Simulation.run(slow)
        slow.replication.antiEntropyPeriod = 100 * .millisecond
        let with = Simulation.run(slow)
        let staleWithout = without.stalenessByRegion.reduce(0) { $0 + $1.stale }
        let staleWith = with.stalenessByRegion.reduce(0) { $0 + $1.stale }
        #expect(staleWith * 2 < staleWithout, "anti-entropy: \(staleWith) stale reads, none: \(staleWithout)")
    }

    @Test func readRepairShrinksStaleness() throws {
        var slow = try scenario(n: 5, r: 3, w: 1)
        slow.replication.legs = .init(
            write: .exponential(mean: Double(2 * Nanoseconds.second)),
            ack: .constant(Double(Nanoseconds.millisecond)),
            read: .exponential(mean: Double(Nanoseconds.millisecond)),
            response: .constant(Double(Nanoseconds.millisecond)))
        let without = Simulation.run(slow)
        slow.replication.readRepair = true
        let with = Simulation.run(slow)
        let staleWithout = without.stalenessByRegion.reduce(0) { $0 + $1.stale }
        let staleWith = with.stalenessByRegion.reduce(0) { $0 + $1.stale }
        #expect(staleWith < staleWithout, "read repair: \(staleWith) stale reads, none: \(staleWithout)")
    }

    /// A coordinator gives up a wait at the timeout: answers after it complete nothing,
    /// and waits whose answers never come (a partition) do not pile up.
    @Test func coordinatorsGiveUpAtTheTimeout() {
        var store = LeaderlessStore(replicaCount: 3, nodeCount: 3)
        func wait(at time: Nanoseconds) -> LeaderlessStore.Pending {
            .init(isWrite: true, key: 1, answers: 0, needed: 2, newest: Int64.min, timestamp: time, startedAt: time)
        }
        let timeout = 2 * Nanoseconds.second
        store.begin(1, wait(at: 0), timeout: timeout, now: 0)
        #expect(store.answer(1, from: 0, timestamp: nil, timeout: timeout, now: .second) == nil)
        // The quorum's second answer comes too late.
        #expect(store.answer(1, from: 1, timestamp: nil, timeout: timeout, now: timeout) == nil)
        #expect(store.pending[1] == nil)
        // In time, the second answer completes the wait.
        store.begin(2, wait(at: timeout), timeout: timeout, now: timeout)
        #expect(store.answer(2, from: 0, timestamp: nil, timeout: timeout, now: timeout + 1) == nil)
        #expect(store.answer(2, from: 1, timestamp: nil, timeout: timeout, now: timeout + 2)?.wait.answers == 2)
        #expect(store.pending[2] == nil)

        // One wait a millisecond for 100 s, never answered: only the last timeout's worth stays.
        for operation in 10..<100_010 {
            let now = Nanoseconds(operation) * .millisecond
            store.begin(UInt64(operation), wait(at: now), timeout: timeout, now: now)
        }
        #expect(store.pending.count == 2_000)
    }

    /// Reads gather the newest version among their answers and who answered with what.
    @Test func aReadsWaitKeepsItsResponders() {
        var store = LeaderlessStore(replicaCount: 3, nodeCount: 3)
        func read(_ operation: UInt64, at time: Nanoseconds) {
            store.begin(
                operation, .init(isWrite: false, key: 1, answers: 0, needed: 3, newest: Int64.min, timestamp: 0, startedAt: time),
                timeout: .second, now: time)
        }
        read(7, at: 0)
        read(8, at: 0)
        #expect(store.answer(7, from: 0, timestamp: 30, timeout: .second, now: 1) == nil)
        #expect(store.answer(8, from: 1, timestamp: 99, timeout: .second, now: 1) == nil)
        #expect(store.answer(7, from: 2, timestamp: 50, timeout: .second, now: 2) == nil)
        let done = store.answer(7, from: 1, timestamp: 40, timeout: .second, now: 3)
        #expect(done?.wait.newest == 50)
        #expect(done.map { Array($0.responders) } == [.init(node: 0, timestamp: 30), .init(node: 2, timestamp: 50), .init(node: 1, timestamp: 40)])
        // Its row is reused by the next read, and the other read's answers are untouched.
        read(9, at: 4)
        #expect(store.answer(9, from: 2, timestamp: 10, timeout: .second, now: 5) == nil)
        #expect(store.answer(8, from: 0, timestamp: 98, timeout: .second, now: 6) == nil)
        let eight = store.answer(8, from: 2, timestamp: 97, timeout: .second, now: 7)
        #expect(eight?.wait.newest == 99)
        #expect(eight.map { Array($0.responders) } == [.init(node: 1, timestamp: 99), .init(node: 0, timestamp: 98), .init(node: 2, timestamp: 97)])
        #expect(store.answer(9, from: 0, timestamp: 11, timeout: .second, now: 8) == nil)
        let nine = store.answer(9, from: 1, timestamp: 12, timeout: .second, now: 9)
        #expect(nine?.wait.newest == 12)
        #expect(nine.map { $0.responders.map(\.timestamp) } == [10, 11, 12])
    }
}
