import Foundation

/// `geosim plan`'s search: the largest client rate (ops/s) in [low, high] at which every
/// SLO is met, found by bisection, for the base settings or for each candidate of a
/// comparison (`--compare leader=us-east,us-west`).
///
/// - A probe runs `replicates` simulations at one rate and passes when the replicates'
///   **mean** of every SLO's metric meets it (a point estimate: the confidence interval
///   is reported, not used to decide). A latency SLO fails when a replicate has no figure
///   (no operation of that kind ended ok).
/// - Every probe of every candidate uses the same seeds (`SweepSeed.mix(base, 0, r)` for
///   replicate r): common random numbers, so probes differ only in their rate and
///   candidates only in what is compared, which keeps the pass/fail curve as monotone as
///   the system is.
/// - First `low` is probed (failing: no rate meets the SLOs), then `high` (passing: the
///   answer is at least `high`), then the geometric midpoint of the bracket
///   (last passing, first failing), rounded to 0.01 ops/s, until first failing / last
///   passing < `precision` (1.02: 2% relative precision). The answer is the last passing
///   rate; the true knee lies in [last passing, first failing).
/// - Candidates advance in lockstep: each round runs the next probe of every unfinished
///   candidate, all replicates of all of them in parallel, collected by index.
public struct CapacitySearch: Sendable {
    /// One variant compared: a run flag (without dashes) and its value; nil for the base settings.
    public struct Candidate: Sendable, Equatable {
        public var name: String?
        public var value: String?

        public init(name: String? = nil, value: String? = nil) {
            self.name = name
            self.value = value
        }

        /// `leader=us-west`, or `base`.
        public var label: String {
            guard let name, let value else { return "base" }
            return "\(name)=\(value)"
        }
    }

    /// One rate tried.
    public struct Probe: Sendable, Equatable {
        /// Client operations per second.
        public var rate: Double
        public var passed: Bool
        /// Per SLO, in the order given: the mean (and 95% half-width) of its metric across
        /// replicates; nil when a replicate had no figure.
        public var objectives: [SweepSummary.Statistic?]
        /// US dollars a month at this rate (`cost_usd_per_month`), across replicates.
        public var cost: SweepSummary.Statistic? = nil
    }

    /// How `plan --compare` orders its candidates.
    public enum RankBy: String, Sendable, CaseIterable {
        /// The cheapest first among those meeting every SLO at the range's low end (the load
        /// to carry); the others after them, by capacity.
        case cost
        /// The highest capacity (last passing rate) first.
        case capacity
    }

    /// What the search found for one candidate.
    public struct Outcome: Sendable, Equatable {
        public var candidate: Candidate
        /// In the order they ran.
        public var probes: [Probe]

        /// The largest passing rate below the first failing one: the answer (nil when even
        /// `low` fails).
        public var lastPassing: Double? {
            let bound = firstFailing ?? .infinity
            return probes.filter { $0.passed && $0.rate < bound }.map(\.rate).max()
        }

        /// The smallest failing rate (nil when `high` passed: the knee lies beyond it).
        public var firstFailing: Double? {
            probes.filter { !$0.passed }.map(\.rate).min()
        }

        /// US dollars a month at the range's low end (the first probe).
        public var costAtLow: Double? { probes.first?.cost?.mean }

        /// US dollars a month at the answer (the last passing rate).
        public var costAtCapacity: Double? {
            guard let rate = lastPassing else { return nil }
            return probes.first { $0.rate == rate }?.cost?.mean
        }
    }

    public var base: ScenarioSettings
    public var objectives: [ServiceLevelObjective]
    /// The range searched (ops/s), 0 < low < high.
    public var low: Double
    public var high: Double
    public var replicates: Int
    /// Stop when first failing / last passing < precision.
    public var precision = 1.02

    public init(base: ScenarioSettings, objectives: [ServiceLevelObjective], low: Double, high: Double, replicates: Int) {
        self.base = base
        self.objectives = objectives
        self.low = low
        self.high = high
        self.replicates = replicates
    }

    /// The seed of replicate `replicate` of every probe.
    public func seed(replicate: Int) -> UInt64 {
        SweepSeed.mix(base: base.seed, point: 0, replicate: replicate)
    }

    /// The settings of one run.
    public func settings(_ candidate: Candidate, rate: Double, replicate: Int) throws(UsageError) -> ScenarioSettings {
        var settings = base
        if let name = candidate.name, let value = candidate.value { try settings.apply(flag: "--" + name, value: value) }
        try settings.apply(flag: "--rate", value: rateText(rate))
        settings.seed = seed(replicate: replicate)
        return settings
    }

    /// Checks every candidate makes a valid scenario at both ends of the range.
    public func validate(_ candidates: [Candidate]) throws(PlanningError) {
        for candidate in candidates {
            for rate in [low, high] {
                let candidateSettings: ScenarioSettings
                do {
                    candidateSettings = try settings(candidate, rate: rate, replicate: 0)
                } catch {
                    throw .scenario(.usage(UsageError("With \(candidate.label): \(error.message)", hint: error.hint)))
                }
                do { _ = try candidateSettings.makeScenario() } catch { throw .scenario(error) }
            }
        }
    }

    /// The next rate to probe after `probes`, nil when the search is over.
    public func nextRate(after probes: [Probe]) -> Double? {
        guard let first = probes.first else { return low }
        guard first.passed else { return nil }
        if probes.count == 1 { return high > low ? high : nil }
        let outcome = Outcome(candidate: Candidate(), probes: probes)
        guard let failing = outcome.firstFailing, let passing = outcome.lastPassing, failing / passing >= precision else { return nil }
        let middle = ((passing * failing).squareRoot() * 100).rounded() / 100
        guard middle > passing, middle < failing else { return nil }
        return middle
    }

    /// The most runs the search of `candidates` can take: per candidate, the two ends of
    /// the range and the bisection steps until first failing / last passing < precision
    /// (each step halves the ratio's logarithm; one more for the rounding of rates to
    /// 0.01), each with every replicate. It stops sooner when the low end fails.
    public func maximumRuns(candidates: Int) -> Int {
        let ratio = high / low
        guard ratio.isFinite, ratio > 1, precision > 1 else { return candidates * replicates * 2 }
        let steps = ratio < precision ? 0 : Int(log2(log(ratio) / log(precision)).rounded(.up)) + 1
        return candidates * replicates * (2 + max(steps, 0))
    }

    /// Runs the search for every candidate; outcomes in candidate order.
    public func run(_ candidates: [Candidate], jobs: Int, progress: (@Sendable (Int) -> Void)? = nil) throws(PlanningError) -> [Outcome] {
        var outcomes = candidates.map { Outcome(candidate: $0, probes: []) }
        let search = self
        var finishedRuns = 0
        while true {
            let pending: [(candidate: Int, rate: Double)] = outcomes.indices.compactMap { index in
                nextRate(after: outcomes[index].probes).map { (index, $0) }
            }
            if pending.isEmpty { break }
            let replicates = self.replicates
            let offset = finishedRuns
            let results = ParallelMap.map(
                count: pending.count * replicates, jobs: jobs,
                progress: progress.map { report in { @Sendable done in report(offset + done) } }
            ) { task in
                let (candidate, rate) = pending[task / replicates]
                return search.measure(candidates[candidate], rate: rate, replicate: task % replicates)
            }
            if Interruption.isRequested { throw .interrupted }
            finishedRuns += results.count
            for (group, entry) in pending.enumerated() {
                var rows: [[Double?]] = []
                for result in results[(group * replicates)..<((group + 1) * replicates)] {
                    switch result {
                    case .success(let metrics): rows.append(metrics)
                    case .failure(let failure): throw failure
                    }
                }
                outcomes[entry.candidate].probes.append(probe(rate: entry.rate, rows: rows))
            }
        }
        return outcomes
    }

    /// Judges one rate from its replicates' metrics (each in `SweepMetrics.names` order).
    public func probe(rate: Double, rows: [[Double?]]) -> Probe {
        var passed = true
        var statistics: [SweepSummary.Statistic?] = []
        for objective in objectives {
            let index = SweepMetrics.index(of: objective.metric) ?? 0
            let values = rows.map { index < $0.count ? $0[index] : nil }
            let present = values.compactMap { $0 }
            let statistic = present.count == values.count ? SweepSummary.statistic(present) : nil
            statistics.append(statistic)
            if !objective.isMet(by: statistic?.mean) { passed = false }
        }
        let costIndex = SweepMetrics.index(of: "cost_usd_per_month") ?? 0
        let costs = rows.compactMap { costIndex < $0.count ? $0[costIndex] : nil }
        let cost = costs.count == rows.count && !costs.isEmpty ? SweepSummary.statistic(costs) : nil
        return Probe(rate: rate, passed: passed, objectives: statistics, cost: cost)
    }

    /// One replicate at one rate: its metrics.
    func measure(_ candidate: Candidate, rate: Double, replicate: Int) -> Result<[Double?], PlanningError> {
        let runSettings: ScenarioSettings
        do { runSettings = try settings(candidate, rate: rate, replicate: replicate) } catch { return .failure(.scenario(.usage(error))) }
        var scenario: Scenario
        do { scenario = try runSettings.makeScenario() } catch { return .failure(.scenario(error)) }
        // Exact percentiles, as in sweeps: the replicates' mean and interval are over them.
        scenario.recordExactLatencies = true
        let outcome = Simulation.run(scenario)
        return .success(SweepMetrics.measure(Report(scenario: scenario, outcome: outcome), exact: outcome.exactLatencies))
    }

    /// Candidates best first. By capacity: the highest answer first, those with none
    /// last. By cost: those meeting the SLOs at `low` cheapest first (equal costs: the
    /// higher capacity first), then the rest by capacity. Ties keep the order given.
    public static func ranking(_ outcomes: [Outcome], by order: RankBy = .capacity) -> [Int] {
        let byCapacity = outcomes.indices.sorted { left, right in
            let a = outcomes[left].lastPassing ?? -1
            let b = outcomes[right].lastPassing ?? -1
            return a != b ? a > b : left < right
        }
        guard order == .cost else { return byCapacity }
        let meeting = byCapacity.filter { outcomes[$0].lastPassing != nil }
        let cheapest = meeting.enumerated().sorted { left, right in
            let a = outcomes[left.element].costAtLow ?? .infinity
            let b = outcomes[right.element].costAtLow ?? .infinity
            return a != b ? a < b : left.offset < right.offset
        }
        return cheapest.map(\.element) + byCapacity.filter { outcomes[$0].lastPassing == nil }
    }

    /// A rate as `--rate` text: the shortest digits that read back as the same number.
    public func rateText(_ rate: Double) -> String { JSONWriter.format(rate) }
}
