import Foundation
import Testing

@testable import GeoSim
@testable import GeoSimIO

/// `geosim plan`: SLO parsing and the capacity search.
@Suite struct PlanTests {
    @Test func parsesObjectives() throws {
        let p99 = try ServiceLevelObjective.parse("p99 write < 250ms")
        #expect(p99.metric == "writes_p99_ms")
        #expect(p99.bound == 250)
        #expect(p99.isUpperBound)
        #expect(!p99.isMet(by: 250))
        #expect(p99.isMet(by: 249.9))
        #expect(!p99.isMet(by: nil))
        #expect(try ServiceLevelObjective.parse("P99.9 reads<=1s").metric == "reads_p999_ms")
        #expect(try ServiceLevelObjective.parse("p50 read < 500us").bound == 0.5)
        let availability = try ServiceLevelObjective.parse("availability > 0.999")
        #expect(availability.metric == "availability")
        #expect(!availability.isUpperBound)
        #expect(availability.isMet(by: 0.9995))
        #expect(!availability.isMet(by: 0.999))
        #expect(try ServiceLevelObjective.parse("availability write >= 99.9%").bound == 0.999)
        #expect(try ServiceLevelObjective.parse("availability read > 0.99").metric == "availability_reads")
        for bad in [
            "p98 write < 1ms", "p99 write < 250", "p99 write > 250ms", "availability < 0.9", "availability > 2",
            "p99 < 1ms", "p99 write", "availability write read > 0.9", "",
        ] {
            #expect(throws: UsageError.self) { try ServiceLevelObjective.parse(bad) }
        }
    }

    @Test func malformedObjectiveExits64QuotingIt() {
        let result = CommandLineInterface.main(["plan", "--topology", "us-east", "--slo", "p99 wrte < 250ms", "--vary", "rate=50..100"])
        #expect(result.exitCode == 64)
        #expect(result.standardError.contains("'p99 wrte < 250ms'"))
        let noRange = CommandLineInterface.main(["plan", "--topology", "us-east", "--slo", "p99 write < 250ms"])
        #expect(noRange.exitCode == 64)
        let badRange = CommandLineInterface.main(["plan", "--topology", "us-east", "--slo", "p99 write < 250ms", "--vary", "rate=100..50"])
        #expect(badRange.exitCode == 64)
    }

    /// One region, 3 replicas, every operation a write, each message costing a replica
    /// exactly 1 ms (`--service-time 1ms`). The leader's FIFO server handles about three
    /// messages per write (the client's request and the two followers' acknowledgements;
    /// its appends are batched), so it serves at most ~1000/3 ≈ 333 writes/s.
    /// - Upper bound 340: above ~333 writes/s the queue grows for the whole run, so p99
    ///   far exceeds 50 ms (measured: 85–230 ms at 333/s, 450 ms at 400/s over 2 s); the
    ///   slack over 333 allows for batching trimming the per-write cost under load.
    /// - Lower bound 250 (utilisation ρ = 0.75): an M/M/1 queue with a 3 ms mean service
    ///   has p99 sojourn ln(100)/(μ − λ) = 4.6/(333 − 250) s ≈ 55 ms, and a deterministic
    ///   server (M/D/1) waits about half as long, ≈ 30 ms < 50 ms (measured: 21–31 ms).
    /// So the answer (the last passing rate of the bisection) must lie in [250, 340].
    @Test func findsTheKneeOfASaturatingLeader() {
        let result = CommandLineInterface.main([
            "plan", "--topology", "us-east", "--replicas-per-region", "3", "--service-time", "1ms", "--write-fraction", "1",
            "--duration", "2s", "--slo", "p99 write < 50ms", "--vary", "rate=50..2000", "--replicates", "3", "--format", "json",
        ])
        #expect(result.exitCode == 0, "\(result.standardError)")
        guard case .object = (try? JSONParser.parse(result.standardOutput)) ?? .null,
            let document = try? JSONParser.parse(result.standardOutput),
            case .array(let candidates)? = document["candidates"],
            let candidate = candidates.first,
            case .number(let answer)? = candidate["max_rate"],
            case .number(let failing)? = candidate["first_failing_rate"]
        else {
            Issue.record("unexpected output: \(result.standardOutput)")
            return
        }
        #expect(answer >= 250 && answer <= 340, "answer \(answer)")
        #expect(failing > answer)
        #expect(failing / answer < 1.02)
    }

    @Test func noRateMeetingTheObjectivesExits1() {
        // A write needs at least a cross-zone round trip (1 ms) plus service time.
        let result = CommandLineInterface.main([
            "plan", "--topology", "us-east", "--replicas-per-region", "3", "--duration", "1s",
            "--slo", "p99 write < 1ms", "--vary", "rate=50..200", "--replicates", "1",
        ])
        #expect(result.exitCode == 1)
        #expect(result.standardOutput.contains("nothing in the range meets the SLOs"))
    }

    @Test func searchBisectsGeometricallyToTwoPercent() {
        let search = CapacitySearch(base: ScenarioSettings(), objectives: [], low: 100, high: 1000, replicates: 1)
        func probe(_ rate: Double, _ passed: Bool) -> CapacitySearch.Probe { .init(rate: rate, passed: passed, objectives: []) }
        #expect(search.nextRate(after: []) == 100)
        #expect(search.nextRate(after: [probe(100, false)]) == nil)
        #expect(search.nextRate(after: [probe(100, true)]) == 1000)
        #expect(search.nextRate(after: [probe(100, true), probe(1000, true)]) == nil)
        #expect(search.nextRate(after: [probe(100, true), probe(1000, false)]) == 316.23)
        #expect(search.nextRate(after: [probe(100, true), probe(1000, false), probe(300, true), probe(305, false)]) == nil)
        // A knee at 437: the search ends within 2% of it, from below.
        var probes: [CapacitySearch.Probe] = []
        while let rate = search.nextRate(after: probes) { probes.append(probe(rate, rate <= 437)) }
        let outcome = CapacitySearch.Outcome(candidate: .init(), probes: probes)
        #expect((outcome.lastPassing ?? 0) <= 437 && (outcome.firstFailing ?? 0) > 437)
        #expect((outcome.firstFailing ?? 0) / (outcome.lastPassing ?? 1) < 1.02)
        #expect(probes.count < 15)
    }

    /// The progress line's "at most N runs" is an upper bound: for knees anywhere in
    /// several ranges, the search never takes more probes than `maximumRuns` allows.
    @Test func maximumRunsBoundsEverySearch() {
        for (low, high) in [(100.0, 1000.0), (1.0, 1e6), (50.0, 51.0), (10.0, 10.1)] {
            let search = CapacitySearch(base: ScenarioSettings(), objectives: [], low: low, high: high, replicates: 3)
            var longest = 0
            for step in 0...200 {
                let knee = low * pow(high / low, Double(step) / 200)
                var probes: [CapacitySearch.Probe] = []
                while let rate = search.nextRate(after: probes) { probes.append(.init(rate: rate, passed: rate <= knee, objectives: [])) }
                longest = max(longest, probes.count)
            }
            let bound = search.maximumRuns(candidates: 2)
            #expect(2 * 3 * longest <= bound, "\(low)..\(high): \(longest) probes against a bound of \(bound) runs")
            #expect(bound <= 2 * 3 * (longest + 2), "a loose bound says little")
        }
    }

    @Test func compareRanksCandidatesBestFirst() {
        // The leader's zone matters little here; the ranking must still be by answer.
        let outcomes = [
            CapacitySearch.Outcome(candidate: .init(name: "leader", value: "a"), probes: [.init(rate: 10, passed: false, objectives: [])]),
            CapacitySearch.Outcome(
                candidate: .init(name: "leader", value: "b"),
                probes: [.init(rate: 10, passed: true, objectives: []), .init(rate: 20, passed: false, objectives: [])]),
            CapacitySearch.Outcome(
                candidate: .init(name: "leader", value: "c"),
                probes: [.init(rate: 10, passed: true, objectives: []), .init(rate: 30, passed: true, objectives: [])]),
        ]
        #expect(CapacitySearch.ranking(outcomes) == [2, 1, 0])
    }

    /// By cost: among the candidates meeting the SLOs at the low end, the cheapest there
    /// first, whatever their capacity; one failing at the low end comes last even when
    /// it is the cheapest.
    @Test func compareRanksByCostAmongThoseMeetingTheSLOs() {
        func cost(_ value: Double) -> SweepSummary.Statistic? { SweepSummary.statistic([value]) }
        let outcomes = [
            CapacitySearch.Outcome(
                candidate: .init(name: "leader", value: "a"), probes: [.init(rate: 10, passed: false, objectives: [], cost: cost(50))]),
            CapacitySearch.Outcome(
                candidate: .init(name: "leader", value: "b"),
                probes: [.init(rate: 10, passed: true, objectives: [], cost: cost(300)), .init(rate: 40, passed: true, objectives: [], cost: cost(900))]),
            CapacitySearch.Outcome(
                candidate: .init(name: "leader", value: "c"),
                probes: [.init(rate: 10, passed: true, objectives: [], cost: cost(200)), .init(rate: 20, passed: false, objectives: [], cost: cost(400))]),
        ]
        #expect(CapacitySearch.ranking(outcomes, by: .cost) == [2, 1, 0])
        #expect(CapacitySearch.ranking(outcomes, by: .capacity) == [1, 2, 0])
        #expect(outcomes[1].costAtLow == 300 && outcomes[1].costAtCapacity == 900)
        #expect(outcomes[2].costAtCapacity == 200)
    }

    /// The plan shows each candidate's cost, and more replicas cost more: three per region
    /// moves more bytes across zones than one.
    @Test func planShowsTheCostOfEveryCandidate() throws {
        let result = CommandLineInterface.main([
            "plan", "--topology", "us-east,us-west,eu-central", "--duration", "3s", "--slo", "p99 write < 400ms", "--vary", "rate=200..400",
            "--replicates", "1", "--compare", "replicas-per-region=3,1", "--format", "json",
        ])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let json = try JSONParser.parse(result.standardOutput)
        #expect(json["rank_by"] == .string("cost"))
        guard case .array(let candidates) = json["candidates"] else {
            Issue.record("no candidates")
            return
        }
        let costs = candidates.map { candidate -> Double in
            if case .number(let value) = candidate["cost_usd_per_month_at_low"] { return value }
            return -1
        }
        #expect(costs.count == 2 && costs[0] > costs[1] && costs[1] > 0, "\(costs)")
        #expect(candidates[1]["cost_rank"] == .number(1) && candidates[0]["cost_rank"] == .number(2))
    }
}
