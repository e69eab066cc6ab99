/// Runs rows of a sweep: each row's settings are the base settings with the point's axis
/// values applied on top (as if given last on the command line) and the row's own seed.
public struct SweepRunner: Sendable {
    /// The settings every run starts from (flags and scenario file).
    public var base: ScenarioSettings
    public var grid: SweepGrid

    public init(base: ScenarioSettings, grid: SweepGrid) {
        self.base = base
        self.grid = grid
    }

    /// The settings of row (point, replicate).
    public func settings(point: Int, replicate: Int) throws(UsageError) -> ScenarioSettings {
        var settings = base
        for (axis, value) in zip(grid.axes, grid.values(atPoint: point)) {
            try settings.apply(flag: axis.flag, value: value)
        }
        settings.seed = SweepSeed.mix(base: base.seed, point: point, replicate: replicate)
        return settings
    }

    /// Checks that every point makes a valid scenario, before anything runs; the error
    /// names the point's values.
    public func validate() throws(PlanningError) {
        var scenarios: [(scenario: Scenario, count: Int)] = []
        for point in 0..<grid.pointCount {
            let place = zip(grid.axes, grid.values(atPoint: point)).map { "\($0.name)=\($1)" }.joined(separator: " ")
            let pointSettings: ScenarioSettings
            do {
                pointSettings = try settings(point: point, replicate: 0)
            } catch {
                throw .scenario(.usage(UsageError("At point \(point) (\(place)): \(error.message)", hint: error.hint)))
            }
            do {
                scenarios.append((try pointSettings.makeScenario(), grid.replicates))
            } catch {
                if case .usage(let usage) = error {
                    throw .scenario(.usage(UsageError("At point \(point) (\(place)): \(usage.message)", hint: usage.hint)))
                }
                throw .scenario(error)
            }
        }
        // Each run passed the limits alone; together they may still run for hours.
        do { try base.limits.checkTotal("The sweep's \(grid.rowCount) runs", runs: scenarios) } catch { throw .scenario(.usage(error)) }
    }

    /// Runs one row.
    public func run(row: Int) -> Result<SweepRow, PlanningError> {
        let (point, replicate) = grid.position(ofRow: row)
        let rowSettings: ScenarioSettings
        do { rowSettings = try settings(point: point, replicate: replicate) } catch { return .failure(.scenario(.usage(error))) }
        var scenario: Scenario
        do { scenario = try rowSettings.makeScenario() } catch { return .failure(.scenario(error)) }
        // Exact percentiles per run: replicates compared through histogram buckets differ
        // by whole buckets or not at all, which made confidence intervals read ± 0.
        scenario.recordExactLatencies = true
        let outcome = Simulation.run(scenario)
        let report = Report(scenario: scenario, outcome: outcome)
        var row = SweepRow(
            point: point, replicate: replicate, seed: scenario.seed,
            vary: grid.values(atPoint: point), metrics: SweepMetrics.measure(report, exact: outcome.exactLatencies))
        row.events = outcome.events
        row.operations = outcome.operationCount
        return .success(row)
    }

    /// Runs `rows` (row indices) on up to `jobs` threads; results in the order of `rows`.
    public func run(rows: [Int], jobs: Int, progress: (@Sendable (Int) -> Void)? = nil) throws(PlanningError) -> [SweepRow] {
        let runner = self
        let results = ParallelMap.map(count: rows.count, jobs: jobs, progress: progress) { runner.run(row: rows[$0]) }
        if Interruption.isRequested { throw .interrupted }
        var collected: [SweepRow] = []
        collected.reserveCapacity(results.count)
        for result in results {
            switch result {
            case .success(let row): collected.append(row)
            case .failure(let failure): throw failure
            }
        }
        return collected
    }
}
