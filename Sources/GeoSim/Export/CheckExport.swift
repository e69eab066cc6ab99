/// The export of a `geosim check` swarm: one row per seed (its faults, operations and the
/// invariants it broke) and one per violation (the evidence, the replay command and the
/// shrunk fault schedule), with the manifest and a notebook that loads them; and, for each
/// failing seed, its history as `histories/seed-N.jsonl` (`GeoSimHistoryFile`).
public enum CheckExport {
    public static func bundle(
        _ summary: CheckSwarm.Summary, scenario: [(key: String, value: String)] = [],
        version: String
    ) -> ExportBundle {
        var seeds = CSVTable(
            path: "seeds.csv", description: "One row per seed: its faults, what was checked, and the invariants it broke.",
            columns: [
                CSVColumn("seed", .integer, "the run's seed"),
                .text("passed", "true when no invariant broke"),
                .count("faults", "faults in the run's schedule (explicit and random)"),
                .count("operations", "client attempts recorded"),
                .count("strong_operations", "operations checked for linearizability"),
                .text("failed_invariants", "the invariants broken, separated by spaces"),
                .text("inconclusive", "what the time budget could not decide, if anything"),
            ])
        var violations = CSVTable(
            path: "violations.csv", description: "One row per violation found (the first few of each invariant per seed, then a count).",
            columns: [
                CSVColumn("seed", .integer, "the run's seed"),
                .text("invariant", "the broken invariant"),
                .text("detail", "the evidence"),
                .text("replay", "a command that replays the seed"),
                .text("shrunk_faults", "the shrunk fault schedule, as flags"),
                .text("shrunk_replay", "a command that replays the shrunk schedule"),
            ])
        var faults = CSVTable(
            path: "faults.csv", description: "One row per fault of every seed's schedule.",
            columns: [
                CSVColumn("seed", .integer, "the run's seed"),
                .seconds("start_s", "when the fault starts"),
                .seconds("end_s", "when it ends (empty: at the heal)"),
                .text("fault", "the fault as written or drawn"),
            ])
        for result in summary.results {
            let failed = result.violations.map(\.invariant.rawValue)
            var unique: [String] = []
            for name in failed where !unique.contains(name) { unique.append(name) }
            seeds.append([
                .integer(Int(truncatingIfNeeded: result.seed)), .text(result.passed ? "true" : "false"), .integer(result.faults.count),
                .integer(result.operations), .integer(result.strongOperations), .text(unique.joined(separator: " ")),
                result.inconclusive.isEmpty ? nil : .text(result.inconclusive.joined(separator: "; ")),
            ])
            for violation in result.violations {
                violations.append([
                    .integer(Int(truncatingIfNeeded: result.seed)), .text(violation.invariant.rawValue), .text(violation.detail),
                    result.replay.map { .text($0) }, result.shrunk.map { .text($0.flags) }, result.shrunk?.replay.map { .text($0) },
                ])
            }
            for fault in result.faults {
                faults.append([
                    .integer(Int(truncatingIfNeeded: result.seed)), .number(Double(fault.start) / 1e9),
                    fault.end.map { .number(Double($0) / 1e9) }, .text(fault.label),
                ])
            }
        }
        var bundle = ExportBundle(
            kind: "check", title: "geosim check: \(summary.passedCount) of \(summary.results.count) seeds passed",
            version: version, seed: summary.results.first?.seed, scenario: scenario)
        // Each failing seed's history, for 'geosim check-history' (docs/history-format.md).
        for result in summary.failed {
            guard let history = result.history else { continue }
            bundle.documents.append(
                ExportFile(
                    path: "histories/seed-\(result.seed).jsonl", contents: GeoSimHistoryFile.write(history, seed: result.seed),
                    kind: "document",
                    description: "Seed \(result.seed)'s writes and strong reads as geosim.history/1 JSON Lines: 'geosim check-history' checks them."))
        }
        bundle.add(seeds, section: ExportSection(title: "Seeds", text: "Each seed's run under its own faults, and what it broke.", tables: ["seeds.csv"]))
        bundle.add(
            violations,
            section: ExportSection(title: "Violations", text: "The evidence for each broken invariant, with replay commands.", tables: ["violations.csv"]))
        bundle.add(faults)
        return bundle
    }
}
