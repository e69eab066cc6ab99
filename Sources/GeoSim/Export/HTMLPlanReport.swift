/// The HTML page of a capacity plan (`geosim plan --format json`, schema
/// `geosim.plan/1`, read by `geosim report --html FILE --from PLAN.json`): the candidates
/// ranked, then for each SLO its metric against the probed rates (mean over the
/// replicates with its 95% band, one line per candidate, the SLO's bound as a line), and
/// every probe.
public enum HTMLPlanReport {
    /// One probe as read from the file.
    struct Probe {
        var candidate: String
        var rate: Double
        var passed: Bool
        /// Per SLO, in the plan's order: mean and 95% half-width, nil without a figure.
        var figures: [(mean: Double?, ci95: Double?)]
    }

    /// The page of `plan`, a parsed `geosim.plan/1` document read from `file`.
    public static func render(_ plan: JSONValue, file: String, version: String) throws(InputError) -> String {
        HTMLReport.render(try page(plan, file: file, version: version))
    }

    static func page(_ plan: JSONValue, file: String, version: String) throws(InputError) -> HTMLPage {
        func fail(_ location: String, _ expected: String) -> InputError { InputError(file: file, location: location, message: "expected \(expected)") }
        guard case .string("geosim.plan/1")? = plan["schema"] else { throw fail("$.schema", "\"geosim.plan/1\"") }
        guard case .array(let sloValues)? = plan["slos"] else { throw fail("$.slos", "an array of SLOs") }
        let slos = sloValues.compactMap { if case .string(let text) = $0 { text } else { nil } }
        guard case .array(let candidateValues)? = plan["candidates"] else { throw fail("$.candidates", "an array of candidates") }
        var ranking = CSVTable(
            path: "plan", description: "Candidates, best first: the largest rate meeting every SLO, and the first rate that missed one.",
            columns: [
                .count("rank", "Rank, best first."), .text("candidate", "The setting searched."),
                CSVColumn("max_rate", .number(decimals: 2), unit: "ops/s", "The largest probed rate meeting every SLO; empty: none."),
                CSVColumn("first_failing", .number(decimals: 2), unit: "ops/s", "The least probed rate missing one; empty: none."),
            ])
        var probes: [Probe] = []
        var ranked: [(rank: Int, row: [CSVTable.Value?])] = []
        for (index, candidate) in candidateValues.enumerated() {
            let at = "$.candidates[\(index)]"
            guard case .string(let name)? = candidate["candidate"], case .array(let probeValues)? = candidate["probes"] else {
                throw fail(at, "a candidate with \"candidate\" and \"probes\"")
            }
            let rank = number(candidate["rank"]).map { Int($0) } ?? index + 1
            ranked.append(
                (
                    rank,
                    [
                        .integer(rank), .text(name), number(candidate["max_rate"]).map { .number($0) },
                        number(candidate["first_failing_rate"]).map { .number($0) },
                    ]
                ))
            for (probeIndex, probe) in probeValues.enumerated() {
                guard let rate = number(probe["rate"]), case .bool(let passed)? = probe["pass"], case .array(let figures)? = probe["slos"] else {
                    throw fail("\(at).probes[\(probeIndex)]", "a probe with \"rate\", \"pass\" and \"slos\"")
                }
                probes.append(Probe(candidate: name, rate: rate, passed: passed, figures: figures.map { (number($0["mean"]), number($0["ci95"])) }))
            }
        }
        for entry in ranked.enumerated().sorted(by: { ($0.element.rank, $0.offset) < ($1.element.rank, $1.offset) }) { ranking.append(entry.element.row) }
        var page = HTMLPage(title: "geosim plan: " + slos.joined(separator: "; "), meta: "geosim \(version) · plan", version: version)
        page.scenario = [
            ("source", file), ("SLOs", slos.joined(separator: "; ")),
            ("rates searched", "\(number(plan["low"]).map(JSONWriter.format) ?? "?")..\(number(plan["high"]).map(JSONWriter.format) ?? "?") ops/s"),
            ("replicates per probe", number(plan["replicates"]).map(JSONWriter.format) ?? "?"),
        ]
        if case .string(let compared)? = plan["compare"] { page.scenario.append(("compared", "--" + compared)) }
        page.summary = ["The largest client rate at which every SLO holds, found by bisection; a probe passes when its replicates' mean meets every SLO."]
        page.sections.append(HTMLPage.Section(title: "Ranking", blocks: [.table(ranking)]))
        let table = probeTable(probes, slos: slos)
        var charts = HTMLPage.Section(
            title: "Against the rate",
            blocks: [
                .paragraph("Each SLO's figure at every probed rate, one line per candidate; shaded: the 95% confidence interval; dashed grey: the SLO's bound.")
            ])
        for (index, slo) in slos.enumerated() { charts.blocks.append(chart(slo, index: index, probes: probes)) }
        page.sections.append(charts)
        page.sections.append(HTMLPage.Section(title: "Probes", blocks: [.folded(summary: "Every probe, in the order run (\(probes.count))", table: table)]))
        return page
    }

    /// A JSON number, nil for anything else.
    static func number(_ value: JSONValue?) -> Double? {
        if case .number(let number)? = value, number.isFinite { return number }
        return nil
    }

    /// Every probe: candidate, rate, verdict, and each SLO's mean and half-width.
    static func probeTable(_ probes: [Probe], slos: [String]) -> CSVTable {
        var columns: [CSVColumn] = [
            .text("candidate", "The setting searched."),
            CSVColumn("rate", .number(decimals: 2), unit: "ops/s", "The probed rate."),
            .text("verdict", "Whether the replicates' mean met every SLO."),
        ]
        for slo in slos {
            columns.append(CSVColumn(slo, .number(decimals: 6), unit: nil, "Mean over the replicates of the SLO's metric."))
            columns.append(CSVColumn(slo + " ±95% CI", .number(decimals: 6), unit: nil, "Half-width of its 95% confidence interval."))
        }
        var table = CSVTable(path: "plan", description: "Every probe of the search.", columns: columns)
        for probe in probes {
            var cells: [CSVTable.Value?] = [.text(probe.candidate), .number(probe.rate), .text(probe.passed ? "pass" : "fail")]
            for index in slos.indices {
                let figure: (mean: Double?, ci95: Double?) = index < probe.figures.count ? probe.figures[index] : (nil, nil)
                cells += [figure.mean.map { .number($0) }, figure.ci95.map { .number($0) }]
            }
            table.append(cells)
        }
        return table
    }

    /// The chart of SLO `index` against the rate: one line per candidate (probes sorted
    /// by rate), its band, and the bound.
    static func chart(_ slo: String, index: Int, probes: [Probe]) -> HTMLPage.Block {
        let objective = try? ServiceLevelObjective.parse(slo)
        let isFraction = objective.map { !$0.isUpperBound } ?? false
        var names: [String] = []
        for probe in probes where !names.contains(probe.candidate) { names.append(probe.candidate) }
        var series: [LineSeries] = names.map { name in
            let mine = probes.filter { $0.candidate == name }.enumerated().sorted { ($0.element.rate, $0.offset) < ($1.element.rate, $1.offset) }.map(\.element)
            let points = mine.map { (x: $0.rate, y: index < $0.figures.count ? $0.figures[index].mean ?? .nan : .nan) }
            let band = mine.compactMap { probe -> (x: Double, low: Double, high: Double)? in
                guard index < probe.figures.count, let mean = probe.figures[index].mean, let half = probe.figures[index].ci95 else { return nil }
                return (probe.rate, mean - half, mean + half)
            }
            return LineSeries(name: name, points: points, band: band.count >= 2 ? band : nil)
        }
        var spec = ChartSpec(
            title: slo, xLabel: "client rate (ops/s)", yLabel: objective.map { HTMLSweepReport.metricLabel($0.metric) } ?? slo,
            series: series, xLog: true)
        if let objective {
            let rates = probes.map(\.rate).filter { $0 > 0 }
            if let low = rates.min(), let high = rates.max() {
                var bound = LineSeries(name: "SLO bound", points: [(low, objective.bound), (high, objective.bound)])
                bound.isReference = true
                series.append(bound)
                spec.series = series
            }
        }
        if isFraction { spec = HTMLPage.percent(spec) }
        let svg = SVGChart.render(spec, idPrefix: "chart-plan-\(index)-")
        return .chart(svg: HTMLReport.inlineSVG(svg), caption: "\(slo): the metric at each probed rate (log scale), by candidate.")
    }
}
