import Foundation
import Testing

@testable import GeoSim

/// Row locks: FIFO hand-over, deadlocks refused, and one hot key behaving as the queue it
/// is: M/D/1 waits below saturation, a ceiling of 1/h above it.
@Suite struct LockTableTests {
    @Test func waitersGetTheLockInArrivalOrder() {
        var table = LockTable()
        #expect(table.acquire(7, for: 1, at: 0) == .granted)
        #expect(table.acquire(7, for: 1, at: 1) == .granted)
        #expect(table.acquire(7, for: 2, at: 10) == .queued)
        #expect(table.acquire(7, for: 3, at: 20) == .queued)
        #expect(table.release(7, by: 2, at: 25)?.transaction == nil, "only the holder releases")
        #expect(table.release(7, by: 1, at: 100)?.transaction == 2)
        #expect(table.holder(of: 7) == 2)
        #expect(table.release(7, by: 2, at: 150)?.transaction == 3)
        #expect(table.release(7, by: 3, at: 160)?.transaction == nil)
        #expect(table.holder(of: 7) == nil)
        // Waits: 90 and 130 ns; holds: 100, 50 and 10 ns.
        #expect(table.stats[7] == LockTable.KeyStats(totalWait: 220, waits: 2, totalHold: 160, holds: 3))
        #expect(table.invariantViolations().isEmpty)
    }

    @Test func aWaitThatClosesACycleIsADeadlock() {
        var table = LockTable()
        #expect(table.acquire(1, for: 10, at: 0) == .granted)
        #expect(table.acquire(2, for: 20, at: 0) == .granted)
        #expect(table.acquire(3, for: 30, at: 0) == .granted)
        #expect(table.acquire(2, for: 10, at: 1) == .queued)  // 10 waits for 20
        #expect(table.acquire(3, for: 20, at: 2) == .queued)  // 20 waits for 30
        #expect(table.acquire(1, for: 30, at: 3) == .deadlock)  // 30 would wait for 10
        #expect(table.deadlocks == 1)
        // Without the cycle, the same wait is fine.
        #expect(table.acquire(1, for: 40, at: 4) == .queued)
        table.cancelWait(1, by: 40)
        #expect(table.release(1, by: 10, at: 5)?.transaction == nil)
        #expect(table.invariantViolations().isEmpty)
    }

    /// Poisson requests for one key, each holding it `hold` from grant: returns the mean
    /// wait over all requests (ns) and the releases per second.
    func hotKey(rate: Double, hold: Nanoseconds, requests: Int, seed: UInt64) -> (meanWait: Double, throughput: Double) {
        var table = LockTable()
        var random = RandomStream(seed: seed)
        func gap() -> Nanoseconds { Nanoseconds(-log(1 - random.nextUnit()) / rate * 1e9) }
        var arrival = gap()
        var nextRelease: Nanoseconds?
        var holder = -1
        var issued = 0
        var lastRelease: Nanoseconds = 0
        while issued < requests || nextRelease != nil {
            if issued < requests, nextRelease.map({ arrival < $0 }) ?? true {
                defer { arrival += gap() }
                if table.acquire(0, for: issued, at: arrival) == .granted {
                    holder = issued
                    nextRelease = arrival + hold
                }
                issued += 1
            } else if let release = nextRelease {
                lastRelease = release
                if let next = table.release(0, by: holder, at: release) {
                    holder = next.transaction
                    nextRelease = release + hold
                } else {
                    nextRelease = nil
                }
            }
        }
        let stats = table.stats[0] ?? LockTable.KeyStats()
        return (Double(stats.totalWait) / Double(requests), Double(stats.holds) / (Double(lastRelease) / 1e9))
    }

    @Test(arguments: [0.5, 0.8])
    func aHotKeyWaitsAsMD1(load: Double) {
        let hold = 10 * Nanoseconds.millisecond
        let rate = load / 0.010
        let measured = hotKey(rate: rate, hold: hold, requests: 400_000, seed: 3).meanWait
        let theory = load * Double(hold) / (2 * (1 - load))
        #expect(abs(measured / theory - 1) < 0.04, "mean wait \(measured / 1e6) ms, M/D/1 \(theory / 1e6) ms")
    }

    @Test func anOverloadedHotKeyCommitsOnePerHold() {
        let result = hotKey(rate: 200, hold: 10 * .millisecond, requests: 20_000, seed: 5)
        #expect(abs(result.throughput - 100) < 0.5, "\(result.throughput) per second")
    }

    @Test func theHottestKeysAreRankedByTotalWait() {
        var table = LockTable()
        for key in [5, 6, 7] {
            _ = table.acquire(key, for: 1, at: 0)
            _ = table.acquire(key, for: 2, at: 0)
            _ = table.release(key, by: 1, at: Nanoseconds(key == 6 ? 30 : 10))
        }
        let ranked = table.hottestKeys(2)
        #expect(ranked.map(\.key) == [6, 5])
        #expect(abs((ranked.first?.stats.ceilingPerSecond ?? 0) - 1e9 / 30) < 1e-3)
    }
}
