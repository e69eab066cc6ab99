/// The CSV form of a report: one row per (operation kind, region), plus `all` rows.
/// Columns are fixed and documented in the header; latencies in milliseconds.
///
/// Columns are named as in the export's `latency.csv`: `operation` (write or read) is the
/// name shared with the export, and `kind`, the first column, is kept as an alias with the
/// same value for scripts that read it. `availability` is the fraction that ended ok
/// (empty when none ended), as in `availability.csv`; `floor_ms` is the physics floor of
/// a region's writes (empty for reads and `all`), as in `latency.csv`. New columns go at
/// the end, so readers that count positions keep working.
public enum ReportCSV {
    public static let header =
        "kind,region,count,ok,failed,unknown,p50_ms,p90_ms,p99_ms,p999_ms,max_ms,mean_ms,floor_ms,operation,availability"

    public static func render(_ report: Report) -> String {
        var lines = [header]
        for (kind, pick) in [("write", \Report.RegionRow.writes), ("read", \Report.RegionRow.reads)] {
            for row in report.regions {
                lines.append(
                    line(
                        kind: kind, region: row.name, stats: row[keyPath: pick],
                        floor: kind == "write" ? row.placementFloor : nil))
            }
            let total = kind == "write" ? report.totalWrites : report.totalReads
            lines.append(line(kind: kind, region: "all", stats: total, floor: nil))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func line(kind: String, region: String, stats: OperationStats, floor: Nanoseconds?) -> String {
        let h = stats.latency
        func ms(_ value: Nanoseconds) -> String { ReportText.fixed(Double(value) / 1e6, decimals: 3) }
        let latencies =
            h.isEmpty
            ? Array(repeating: "", count: 6)
            : [
                ms(h.percentile(0.5)), ms(h.percentile(0.9)), ms(h.percentile(0.99)), ms(h.percentile(0.999)),
                ms(h.max), ReportText.fixed(h.mean / 1e6, decimals: 3),
            ]
        return
            ([kind, region, String(stats.count), String(stats.ok), String(stats.failed), String(stats.unknown)]
            + latencies + [floor.map(ms) ?? "", kind, stats.measuredAvailability.map { ReportText.fixed($0, decimals: 6) } ?? ""])
            .joined(separator: ",")
    }
}
