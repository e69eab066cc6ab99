import Foundation
import Testing

@testable import GeoSim

/// Node capacity against queueing theory: one node, Poisson writes, exponential service.
@Suite struct QueueingTests {
    /// A single replica in one region, exact network, writes only: a write's latency is
    /// the client's round trip to the node plus the node's sojourn time.
    func singleNode(rate: Double, cores: Int, meanService: Nanoseconds) throws -> (Scenario, RunOutcome) {
        var scenario = Scenario(topology: try Topology.fromRegionList("us-east"))
        scenario.jitter = .none
        scenario.jitterIsExplicit = true
        scenario.rate = rate
        scenario.writeFraction = 1
        scenario.cores = cores
        scenario.serviceTime = .exponential(mean: Double(meanService))
        scenario.duration = 60 * .second
        return (scenario, Simulation.run(scenario))
    }

    @Test func oneCoreMatchesMM1() throws {
        // λ = 500/s, μ = 1000/s: mean sojourn 1/(μ − λ) = 2 ms. With ρ = 0.5 the run holds
        // thousands of independent busy periods, so 4% is several standard errors.
        let (scenario, outcome) = try singleNode(rate: 500, cores: 1, meanService: 1 * .millisecond)
        let sojourn = (outcome.writesByRegion[0].latency.mean - Double(scenario.topology.sameZoneRoundTrip)) / 1e6
        #expect(abs(sojourn - 2.0) / 2.0 < 0.04, "mean sojourn \(sojourn) ms, M/M/1 says 2 ms")
        #expect(abs(outcome.nodeUtilization[0] - 0.5) < 0.02)
    }

    @Test func fourCoresMatchMMc() throws {
        // M/M/4 with λ = 3000/s, μ = 1000/s per core: Erlang C gives the waiting probability;
        // mean sojourn = C / (cμ − λ) + 1/μ.
        let c = 4
        let lambda = 3000.0
        let mu = 1000.0
        let a = lambda / mu
        let rho = a / Double(c)
        var sum = 0.0
        var term = 1.0
        for k in 0..<c {
            if k > 0 { term *= a / Double(k) }
            sum += term
        }
        let last = term * a / Double(c)
        let erlangC = last / (1 - rho) / (sum + last / (1 - rho))
        let expected = (erlangC / (Double(c) * mu - lambda) + 1 / mu) * 1000
        let (scenario, outcome) = try singleNode(rate: lambda, cores: c, meanService: 1 * .millisecond)
        let sojourn = (outcome.writesByRegion[0].latency.mean - Double(scenario.topology.sameZoneRoundTrip)) / 1e6
        #expect(abs(sojourn - expected) / expected < 0.04, "mean sojourn \(sojourn) ms, M/M/\(c) says \(expected) ms")
        #expect(abs(outcome.nodeUtilization[0] - rho) < 0.03)
    }

    @Test func pastSaturationTimeoutsBeginAndTheReportSaysWhere() throws {
        var scenario = Scenario(topology: try Topology.fromRegionList("us-east,us-west,eu-central"))
        scenario.writeFraction = 1
        scenario.rate = 3000
        scenario.serviceTime = .constant(Double(500 * Nanoseconds.microsecond))  // leader: 3 × 0.5 ms per write
        scenario.duration = 10 * .second
        let outcome = Simulation.run(scenario)
        #expect(outcome.writesByRegion.reduce(0) { $0 + $1.unknown } > 0)
        #expect(outcome.nodeUtilization[0] > 0.95)
        let text = ReportText.render(Report(scenario: scenario, outcome: outcome))
        #expect(text.contains("SATURATED"))
    }

    @Test func closedLoopUsersIssueAsFastAsTheyThinkAndWait() throws {
        var scenario = Scenario(topology: try Topology.fromRegionList("us-east"))
        scenario.jitter = .none
        scenario.jitterIsExplicit = true
        scenario.closedLoopClients = 10
        scenario.thinkTime = .constant(Double(9 * Nanoseconds.millisecond))
        scenario.serviceTime = .constant(0)
        scenario.duration = 10 * .second
        let outcome = Simulation.run(scenario)
        // Each user cycles every think time + 0.5 ms round trip: 10 users × 10 s / 9.5 ms.
        let operations = outcome.writesByRegion[0].count + outcome.readsByRegion[0].count
        let expected = 10.0 * 10.0 / 0.0095
        #expect(abs(Double(operations) - expected) / expected < 0.01, "\(operations) operations, expected about \(expected)")
    }
}
