import Foundation
import Testing

@testable import GeoSim

/// Alerting rules on hand-made per-second series: pending, firing after `for`, resolved,
/// windows, event alerts and fault attribution, all by arithmetic.
struct AlertRuleTests {
    let s = Nanoseconds.second
    let ms = Nanoseconds.millisecond

    static let three: Topology = {
        do { return try Topology.fromRegionList("us-east,us-west,eu-central") } catch { preconditionFailure("\(error)") }
    }()

    /// One region's rows, second `i` ending at `i + 1` s, each cell from `cell(i)`.
    static func rows(_ count: Int, cell: (Int) -> TimelineRow.Cell, leaderChanges: (Int) -> Int = { _ in 0 }) -> [TimelineRow] {
        (0..<count).map { index in
            var row = TimelineRow(end: Nanoseconds(index + 1) * .second, leaderRegion: 0, activeFaults: [], cells: [cell(index)])
            row.leaderChanges = leaderChanges(index)
            return row
        }
    }

    /// The rules of a rules file written as JSON text, for the three-region topology.
    static func rules(_ text: String) throws -> [AlertRule] {
        try AlertRuleFile.parse(InputNode(try JSONParser.parse(text)), topology: three, source: "test").rules
    }

    @Test func aRuleFromAFileFiresAfterItsForAndResolvesWhenTheConditionStops() throws {
        // p99 write 100 ms, then 400 ms in the seconds ending at 6 s … 15 s, then 100 ms.
        let rows = Self.rows(20) { index in
            var cell = TimelineRow.Cell()
            cell.writesOK = 10
            cell.writeP99 = (5...14).contains(index) ? 400 * .millisecond : 100 * .millisecond
            return cell
        }
        let rules = try Self.rules(
            #"""
            {"rules": [
              {"name": "Slow3", "metric": "write_p99", "comparison": ">", "threshold": "250ms", "for": "3s", "scope": "all"},
              {"name": "Slow9", "metric": "write_p99", "comparison": ">", "threshold": "250ms", "for": "9s", "scope": "all"},
              {"name": "Slow10", "metric": "write_p99", "comparison": ">", "threshold": "250ms", "for": "10s", "scope": "all"},
              {"name": "Never", "metric": "write_p99", "comparison": ">", "threshold": "400ms", "scope": "all"}
            ]}
            """#)
        let alerts = AlertEvaluator.evaluate(rules, rows: rows, regionCount: 1)
        // Holds at the evaluations 6 s … 15 s: pending at 6 s; fires at the first
        // evaluation at least `for` later; resolves at 16 s, the first that does not hold.
        #expect(alerts[0].firings == [AlertInstance.Firing(pendingSince: 6 * s, firedAt: 9 * s, resolvedAt: 16 * s)])
        #expect(alerts[1].firings == [AlertInstance.Firing(pendingSince: 6 * s, firedAt: 15 * s, resolvedAt: 16 * s)])
        // Held for 9 s only: pending, never firing.
        #expect(alerts[2].firings.isEmpty)
        // 400 ms is not above 400 ms.
        #expect(alerts[3].firings.isEmpty)
        #expect(alerts.allSatisfy { $0.samples == 20 })
    }

    @Test func aWindowedAvailabilityFoldsItsSeconds() throws {
        // 100 operations a second; 50 of them fail in the seconds ending at 11, 12 and 13 s.
        let rows = Self.rows(30) { index in
            var cell = TimelineRow.Cell()
            let failed = (10...12).contains(index) ? 50 : 0
            cell.readsOK = 100 - failed
            cell.readsFailed = failed
            return cell
        }
        let rules = try Self.rules(
            #"{"rules": [{"name": "Low", "metric": "availability", "window": "5s", "comparison": "<", "threshold": "90%", "scope": "us-east"}]}"#)
        #expect(rules[0].scope == .region(0) && rules[0].threshold == 0.9)
        let alerts = AlertEvaluator.evaluate(rules, rows: rows, regionCount: 1)
        // Over 5 s (500 operations): at 11 s 50 failed (90%, not below); at 12 s 100 (80%);
        // the window holds 150 failures to 15 s, 100 at 16 s, 50 at 17 s (90% again).
        #expect(alerts.count == 1)
        #expect(alerts[0].firings == [AlertInstance.Firing(pendingSince: 12 * s, firedAt: 12 * s, resolvedAt: 17 * s)])
    }

    @Test func aLeaderChangeFiresAtOnceAndResolvesAfterItsWindow() throws {
        let rows = Self.rows(30, cell: { _ in TimelineRow.Cell() }, leaderChanges: { $0 == 4 || $0 == 7 ? 1 : 0 })
        let moved = AlertRuleSet.builtIn.rules.filter { $0.metric == .leaderChanges }
        #expect(moved.count == 1 && moved[0].window == 1 * .minute)
        var rule = moved[0]
        rule.window = 10 * s
        let faults = [
            Fault(kind: .crash(.region(0)), start: 3 * s, end: 4 * s, label: "first"),
            Fault(kind: .crash(.region(0)), start: 2 * s, end: nil, label: "earlier"),
        ]
        let alerts = AlertEvaluator.evaluate([rule], rows: rows, regionCount: 1, faults: faults)
        // Changes in the seconds ending at 5 s and 8 s: `changes[10s] > 0` from 5 s until
        // the window has passed the last one, at 18 s.
        #expect(
            alerts[0].firings == [
                AlertInstance.Firing(pendingSince: 5 * s, firedAt: 5 * s, resolvedAt: 18 * s, faultLabel: "first", faultStart: 3 * s)
            ])
        #expect(alerts[0].firings[0].detectionDelay == 2 * s)
    }

    @Test func anAlertStillFiringAtTheEndHasNoResolutionAndNoDataNeverFires() throws {
        let rows = Self.rows(10) { index in
            var cell = TimelineRow.Cell()
            cell.writesFailed = index >= 6 ? 5 : 0
            cell.writesOK = index >= 6 ? 0 : 5
            return cell
        }
        let alerts = AlertEvaluator.evaluate(
            [
                AlertRule(name: "Down", metric: .writeAvailability, comparison: .less, threshold: 0.5, holdFor: 2 * s),
                AlertRule(name: "Lag", metric: .replicaLag, comparison: .greater, threshold: 0),
            ], rows: rows, regionCount: 1)
        #expect(alerts[0].firings == [AlertInstance.Firing(pendingSince: 7 * s, firedAt: 9 * s, resolvedAt: nil)])
        #expect(alerts[1].samples == 0 && alerts[1].firings.isEmpty)
    }

    @Test func theSlowOperationLogKeepsTheSlowestAndCountsThemAll() {
        var log = SlowOperationLog(threshold: 0, capacity: 3)
        // Latencies 5, 9, 1, 9, 7, 3 ms issued at 0 s, 1 s, …: keeps 9 (1 s), 9 (3 s), 7.
        for (index, latency) in [5, 9, 1, 9, 7, 3].enumerated() {
            log.note(SlowOperation(start: Nanoseconds(index) * s, region: 0, isWrite: true, outcome: .ok, latency: Nanoseconds(latency) * ms, attempts: 1))
        }
        #expect(log.count == 6)
        #expect(log.slowestFirst.map(\.latency) == [9 * ms, 9 * ms, 7 * ms])
        #expect(log.slowestFirst.map(\.start) == [1 * s, 3 * s, 4 * s])
        #expect(log.invariantViolations().isEmpty)
        var off = SlowOperationLog()
        #expect(off.threshold == .max)
        off.note(SlowOperation(start: 0, region: 0, isWrite: false, outcome: .ok, latency: 1, attempts: 1))
        #expect(off.count == 1 && off.slowestFirst.isEmpty)
    }

    @Test func aFollowersLagIsTheAgeOfTheNewestSecondItCaughtUpWith() {
        var sampler = FollowerLagSampler(ranges: 2)
        // Range 0 commits 10, 20, 30, 40 by the ends of seconds 1…4; range 1 drops to 5 at
        // 3 s (a restarted replica knew less), which the sampler does not believe.
        let range0: [UInt64] = [10, 20, 30, 40]
        let range1: [UInt64] = [7, 8, 5, 9]
        for second in 0..<4 {
            sampler.sample(now: Nanoseconds(second + 1) * s) { $0 == 0 ? range0[second] : range1[second] }
        }
        #expect(sampler.lag(range: 0, known: 40) == 0)
        #expect(sampler.lag(range: 0, known: 30) == 1 * s)
        #expect(sampler.lag(range: 0, known: 25) == 2 * s)
        #expect(sampler.lag(range: 0, known: 10) == 3 * s)
        // Behind every remembered second: older than the oldest, by at least a second more.
        #expect(sampler.lag(range: 0, known: 5) == 4 * s)
        #expect(sampler.lag(range: 1, known: 8) == 1 * s)
        // Only the last `capacity` seconds are remembered.
        for second in 4..<(4 + FollowerLagSampler.capacity) {
            sampler.sample(now: Nanoseconds(second + 1) * s) { $0 == 0 ? 40 : 9 }
        }
        #expect(sampler.lag(range: 0, known: 39) == Nanoseconds(FollowerLagSampler.capacity) * s)
    }

    @Test func runTimesReadAsSeconds() {
        #expect(AlertText.runTime(76 * s) == "76s")
        #expect(AlertText.runTime(8 * s + 500 * ms) == "8.5s")
        #expect(AlertText.runTime(10 * s + 200) == "10s")
        #expect(AlertText.runTime(10_116 * ms) == "10.116s")
        #expect(AlertText.runTime(250 * ms) == "250ms")
    }
}
