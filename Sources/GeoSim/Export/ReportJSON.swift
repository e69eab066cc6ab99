/// The `geosim.report/1` JSON form of a report (CLI.md): keys sorted, durations in the
/// unit their name ends with (`_ms`, `_s`), fractions 0…1.
extension Report {
    public static let schema = "geosim.report/1"

    public var jsonValue: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("schema", .string(Report.schema)),
            ("seed", .number(Double(seed))),
            ("duration_s", .rounded(duration.seconds, decimals: 9)),
            ("regions", .array(regions.map { .string($0.name) })),
            ("leader_region", leaderRegion.map { .string($0) } ?? .null),
        ]
        // The catalog a region list names, or one's own measurements; none for a topology file.
        if let roundTripSource { members.append(("round_trip_source", .string(roundTripSource))) }
        members += [
            ("writes", writesJSON),
            ("reads", readsJSON),
            ("availability", availabilityJSON),
            ("physics_floor_ms", .object([("by_region", .object(regions.map { ($0.name, Report.floorsJSON($0)) }))])),
            ("faults", .array(faults.map { .string($0) })),
            ("placement", placementJSON),
            ("workload", workloadJSON),
            ("engine", engineJSON),
        ]
        // A primary with replicas runs no Raft: its failovers are promotions, under
        // `replication`.
        if !usesPrimary { members.append(("raft", raftJSON)) }
        members += optionalMembers
        return .object(members)
    }

    /// The sections present only when the run had what they describe, in the order the
    /// schema has always written them.
    private var optionalMembers: [(key: String, value: JSONValue)] {
        var members: [(key: String, value: JSONValue)] = []
        if let profile { members.append(("profile", .string(profile))) }
        if let timeline { members.append(("timeline", .array(timeline.map(timelineRow)))) }
        if let command { members.append(("command", .array(command.map { .string($0) }))) }
        if let limitReached { members.append(("limit_reached", Report.limitJSON(limitReached))) }
        if !cappedDraws.isEmpty { members.append(("capped_draws", cappedDrawsJSON)) }
        if !pools.isEmpty { members.append(("pools", poolsJSON)) }
        if !utilization.isEmpty {
            members.append(("nodes", nodesJSON))
        }
        if let cache { members.append(("cache", cacheJSON(cache))) }
        if let quorums { members.append(("replication", quorumReplicationJSON(quorums))) }
        if usesPrimary { members.append(("replication", primaryReplicationJSON)) }
        if measuresStaleness {
            members.append(("staleness", stalenessJSON))
            members.append(("tvisibility", visibilityJSON))
        }
        if !safetyViolations.isEmpty { members.append(("safety_violations", .array(safetyViolations.map { .string($0) }))) }
        if let transactions { members.append(("transactions", transactions.jsonValue)) }
        if let traffic {
            members.append(("traffic", traffic.jsonValue))
            members.append(("cost", traffic.costJSON))
        }
        if let alerts { members.append(("alerts", alerts.jsonValue)) }
        return members
    }

    /// `writes`: the total and one latency block per region.
    private var writesJSON: JSONValue {
        // Each region's block also carries its physics floor, `floor_ms` as in the CSVs (the
        // same figure as `physics_floor_ms.by_region.<region>.write_ms`).
        let byRegion = regions.map { row -> (key: String, value: JSONValue) in
            guard case .object(var members) = Report.block(row.writes) else { return (row.name, Report.block(row.writes)) }
            members.append(("floor_ms", Report.milliseconds(row.placementFloor)))
            return (row.name, .object(members))
        }
        return .object([("total", Report.block(totalWrites)), ("by_region", .object(byRegion))])
    }

    /// `reads`: the total, one block per region, one per read mode, and the share of reads
    /// served locally when the run measures staleness.
    private var readsJSON: JSONValue {
        let reads = totalReads
        return .object(
            [
                ("total", Report.block(reads)),
                ("by_region", .object(regions.map { ($0.name, Report.block($0.reads)) })),
                ("by_mode", .object([(readMode, Report.block(reads))])),
            ] + (measuresStaleness ? [("local_fraction", .rounded(totalStaleness.localFraction, decimals: 6))] : []))
    }

    /// `availability`: fractions 0…1 overall and by region, outages in seconds.
    private var availabilityJSON: JSONValue {
        .object([
            ("writes", Report.fraction(totalWrites.measuredAvailability)),
            ("reads", Report.fraction(totalReads.measuredAvailability)),
            ("by_region", .object(regions.map { ($0.name, Report.availabilityJSON($0)) })),
            ("longest_outage_s", .object(regions.map { ($0.name, .rounded($0.longestOutage.seconds, decimals: 3)) })),
        ])
    }

    /// A fraction 0…1 with 6 decimals; null when there is none (no operation ended).
    static func fraction(_ value: Double?) -> JSONValue { value.map { .rounded($0, decimals: 6) } ?? .null }

    /// One region's availability: fractions 0…1 (null when nothing ended) and the longest
    /// outages in seconds.
    private static func availabilityJSON(_ row: RegionRow) -> JSONValue {
        .object([
            ("writes", Report.fraction(row.writes.measuredAvailability)),
            ("reads", Report.fraction(row.reads.measuredAvailability)),
            ("longest_write_outage_s", .rounded(row.longestWriteOutage.seconds, decimals: 3)),
            ("longest_read_outage_s", .rounded(row.longestReadOutage.seconds, decimals: 3)),
        ])
    }

    /// One region's physics floors in milliseconds: through the placement and through the leader.
    private static func floorsJSON(_ row: RegionRow) -> JSONValue {
        .object([
            ("write_ms", Report.milliseconds(row.placementFloor)),
            ("leader_path_write_ms", Report.milliseconds(row.leaderPathFloor)),
        ])
    }

    /// `raft`: the leader, counters, and failover times in seconds.
    private var raftJSON: JSONValue {
        .object([
            ("leader_node", leaderNode.map { .string($0) } ?? .null),
            ("term", .number(Double(term))),
            ("committed_entries", .number(Double(committedEntries))),
            ("replicas", .number(Double(replicas))),
            ("elections", .number(Double(elections))),
            ("leader_changes", .number(Double(leaderChanges))),
            ("snapshots", .number(Double(raftSnapshots))),
            ("leaderless_s", .rounded(leaderlessTime.seconds, decimals: 3)),
            ("failover_s", failovers.max().map { .rounded($0.seconds, decimals: 3) } ?? .null),
            ("failovers_s", .array(failovers.map { .rounded($0.seconds, decimals: 3) })),
            ("strong_reads", .string(strongReads)),
        ])
    }

    /// `placement`: locality, survival goal, and where each home's replicas and leaseholders sit.
    private var placementJSON: JSONValue {
        .object([
            ("locality", .string(locality)),
            ("survival", survival.map { .string($0) } ?? .string("all-voters")),
            ("ranges", .number(Double(rangeCount))),
            (
                "by_home",
                .object(
                    placements.map { placement in
                        (
                            placement.home,
                            .object([
                                ("voters", .array(placement.voters.map { .string($0) })),
                                ("non_voters", .array(placement.nonVoters.map { .string($0) })),
                                ("ranges", .number(Double(placement.ranges))),
                            ])
                        )
                    })
            ),
            ("leaseholders_by_region", .object(leaseholders.map { ($0.region, .number(Double($0.ranges))) })),
        ])
    }

    /// `workload`: the offered rate per second and the shape of the requests.
    private var workloadJSON: JSONValue {
        .object([
            ("rate_per_s", .number(rate)),
            ("write_fraction", .number(writeFraction)),
            ("keys", .number(Double(keyCount))),
            ("key_dist", .string(keyPopularity)),
            ("jitter", .string(jitter)),
        ])
    }

    /// `engine`: event and message counts, simulated seconds, and wall-clock figures when measured.
    private var engineJSON: JSONValue {
        var engine: [(key: String, value: JSONValue)] = [
            ("events", .number(Double(events))),
            ("messages", .number(Double(messages))),
            ("dropped_messages", .number(Double(droppedMessages))),
            ("simulated_s", .rounded(endTime.seconds, decimals: 6)),
        ]
        if let wallSeconds {
            engine.append(("wall_s", .rounded(wallSeconds, decimals: 6)))
            engine.append(("events_per_s", .number((Double(events) / max(wallSeconds, 1e-9)).rounded())))
        }
        return .object(engine)
    }

    /// `limit_reached`: which limit stopped the run, when (seconds), and why.
    private static func limitJSON(_ limit: RunOutcome.LimitReached) -> JSONValue {
        .object([
            ("limit", .string(limit.name)), ("at_s", .rounded(limit.at.seconds, decimals: 6)),
            ("detail", .string(limit.detail)),
        ])
    }

    /// `capped_draws`: the horizon in seconds and how many draws each source had capped at it.
    private var cappedDrawsJSON: JSONValue {
        .object([
            ("horizon_s", .rounded(horizon.seconds, decimals: 6)),
            ("by_source", .object(cappedDraws.map { ($0.source, .number(Double($0.count))) })),
        ])
    }

    /// `nodes`: per node, the share of its cores' time spent serving, and with a disk the
    /// share of time its disk spent in fsyncs (`disk_utilization`), both 0…1.
    private var nodesJSON: JSONValue {
        .object(
            utilization.indices.map { node in
                var fields: [(key: String, value: JSONValue)] = [("utilization", .rounded(utilization[node].share, decimals: 6))]
                if let disk = diskUtilization, node < disk.count { fields.append(("disk_utilization", .rounded(disk[node].share, decimals: 6))) }
                return (utilization[node].node, .object(fields))
            })
    }

    /// `pools`: per region, the mean connections in use, utilization 0…1 of the pool size,
    /// waits in milliseconds, and failure counts.
    private var poolsJSON: JSONValue {
        let seconds = max(endTime.seconds, 1e-9)
        return .object([
            (
                "by_region",
                .object(
                    pools.map { entry in
                        let inUse = entry.stats.busyIntegral / 1e9 / seconds
                        return (
                            entry.region,
                            .object([
                                ("connections_in_use_mean", .rounded(inUse, decimals: 3)),
                                ("utilization", poolSize.map { .rounded(inUse / Double($0), decimals: 6) } ?? .null),
                                (
                                    "wait_ms",
                                    .object([
                                        ("p50", Report.milliseconds(entry.stats.poolWait.percentile(0.5))),
                                        ("p99", Report.milliseconds(entry.stats.poolWait.percentile(0.99))),
                                        ("max", Report.milliseconds(entry.stats.poolWait.isEmpty ? 0 : entry.stats.poolWait.max)),
                                    ])
                                ),
                                ("pooler_wait_ms_p99", Report.milliseconds(entry.stats.poolerWait.percentile(0.99))),
                                ("pool_timeouts", .number(Double(entry.stats.poolTimeouts))),
                                ("connection_limit_failures", .number(Double(entry.stats.connectionLimitFailures))),
                            ])
                        )
                    })
            )
        ])
    }

    /// `cache`: hit ratios 0…1 overall, by popularity decile and by region; store reads per
    /// second with and without the cache; the staleness the cache added.
    private func cacheJSON(_ cache: [(region: String, stats: CacheStats, readsWithout: OperationStats)]) -> JSONValue {
        var total = CacheStats()
        var readsWithout = 0
        for entry in cache {
            total.merge(entry.stats)
            readsWithout += entry.readsWithout.count
        }
        let seconds = max(duration.seconds, 1e-9)
        let withRate = Double(total.storeReads) / seconds
        let withoutRate = Double(readsWithout) / seconds
        return .object([
            ("hit_ratio", .rounded(total.hitRatio, decimals: 6)),
            ("hit_ratio_by_popularity_decile", .array(Report.decileHitRatios(total))),
            ("by_region", .object(cache.map { ($0.region, cacheRegionJSON($0.stats, readsWithout: $0.readsWithout, seconds: seconds)) })),
            ("store_reads_per_s", .rounded(withRate, decimals: 3)),
            ("store_reads_per_s_without_cache", .rounded(withoutRate, decimals: 3)),
            ("store_reads_saved_fraction", .rounded(withoutRate > 0 ? 1 - withRate / withoutRate : 0, decimals: 6)),
            ("stale_read_fraction", .rounded(total.lookups == 0 ? 0 : Double(total.staleHits) / Double(total.lookups), decimals: 6)),
            (
                "staleness_ms",
                .object([
                    ("p50", Report.milliseconds(total.staleness.percentile(0.5))),
                    ("p99", Report.milliseconds(total.staleness.percentile(0.99))),
                    ("max", Report.milliseconds(total.staleness.isEmpty ? 0 : total.staleness.max)),
                ])
            ),
            (
                "staleness_versions",
                .object([
                    ("p99", .number(Double(total.versionsMissed.percentile(0.99)))),
                    ("max", .number(Double(total.versionsMissed.isEmpty ? 0 : total.versionsMissed.max))),
                ])
            ),
            ("stampede_peak_misses", .number(Double(total.stampedePeak))),
            ("hot_key_expiry_store_reads", .number(Double(hotKeyExpiryFetches))),
            ("refused_stale_sets", .number(Double(total.refusedSets))),
            ("stale_while_revalidate_hits", .number(Double(total.staleWhileRevalidateHits))),
            ("request_cache_hits", .number(Double(total.requestCacheHits))),
            ("break_even_hit_ratio", .object(cache.map { ($0.region, breakEvenHitRatio($0.readsWithout)) })),
        ])
    }

    /// One region's cache figures; `seconds` is the run's duration (at least 1 ns).
    private func cacheRegionJSON(_ stats: CacheStats, readsWithout: OperationStats, seconds: Double) -> JSONValue {
        .object([
            ("hit_ratio", .rounded(stats.hitRatio, decimals: 6)),
            ("lookups", .number(Double(stats.lookups))),
            ("store_reads_per_s", .rounded(Double(stats.storeReads) / seconds, decimals: 3)),
            ("break_even_hit_ratio", breakEvenHitRatio(readsWithout)),
            ("read_latency_without_cache_ms", Report.block(readsWithout)),
        ])
    }

    /// The hit ratio at which a lookup's cost equals the mean read latency it saves;
    /// null when no read went without the cache.
    private func breakEvenHitRatio(_ readsWithout: OperationStats) -> JSONValue {
        let meanWithout = readsWithout.latency.mean
        return meanWithout > 0 ? .rounded(Double(cacheLookupCost) / meanWithout, decimals: 6) : .null
    }

    /// Hit ratios 0…1 for each tenth of the keys by popularity, most popular first; 0 for a
    /// decile never looked up.
    private static func decileHitRatios(_ total: CacheStats) -> [JSONValue] {
        (0..<10).map { decile in
            let lookups = total.lookupsByDecile[decile]
            return .rounded(lookups == 0 ? 0 : Double(total.hitsByDecile[decile]) / Double(lookups), decimals: 6)
        }
    }

    /// `replication` for leaderless quorums: the mode and N, R, W.
    private func quorumReplicationJSON(_ quorums: (n: Int, r: Int, w: Int)) -> JSONValue {
        .object([
            ("mode", .string(replicationMode)),
            ("n", .number(Double(quorums.n))), ("r", .number(Double(quorums.r))), ("w", .number(Double(quorums.w))),
        ])
    }

    /// `replication` for a primary with replicas: the primary, replica lag in milliseconds
    /// overall and by region, and what failovers cost.
    private var primaryReplicationJSON: JSONValue {
        var total = LatencyHistogram()
        for entry in replicaLag { total.merge(entry.lag) }
        return .object([
            ("mode", .string(replicationMode)),
            ("primary", primaryNode.map { .string($0) } ?? .null),
            ("lag_ms", Report.lagBlock(total)),
            ("lag_by_region", .object(replicaLag.filter { !$0.lag.isEmpty }.map { ($0.region, Report.lagBlock($0.lag)) })),
            ("lost_acknowledged_writes", .number(Double(lostAcknowledgedWrites))),
            ("promotions", .number(Double(promotions))),
            ("failovers_s", .array(primaryFailovers.map { .rounded($0.seconds, decimals: 3) })),
            ("forgotten_commit_times", .number(Double(replicaLogForgotten))),
        ])
    }

    /// Replica lag in milliseconds: `{p50, p99, max, mean}`.
    private static func lagBlock(_ lag: LatencyHistogram) -> JSONValue {
        .object([
            ("p50", Report.milliseconds(lag.percentile(0.5))), ("p99", Report.milliseconds(lag.percentile(0.99))),
            ("max", Report.milliseconds(lag.isEmpty ? 0 : lag.max)), ("mean", .rounded(lag.mean / 1e6, decimals: 3)),
        ])
    }

    /// `staleness`: the total block with its breakdowns by region and by read mode added.
    private var stalenessJSON: JSONValue {
        let total = totalStaleness
        var block = Report.stalenessBlock(total)
        if case .object(var fields) = block {
            fields.append(("by_region", .object(regions.map { ($0.name, Report.stalenessBlock($0.staleness)) })))
            fields.append(("by_mode", .object([(replicationMode == "raft" ? readMode : replicationMode, Report.stalenessBlock(total))])))
            block = .object(fields)
        }
        return block
    }

    /// `tvisibility`: the probability 0…1 that a read is consistent at each time (ms) after
    /// a write: `p_consistent` the monotone estimate (`VisibilityCurve`), `p_observed` the
    /// bin's own fraction of its `samples`, `ci95_low`/`ci95_high` that fraction's 95%
    /// Wilson interval.
    private var visibilityJSON: JSONValue {
        .array(
            totalVisibility.estimates.map { point in
                .object([
                    ("t_ms", Report.milliseconds(point.t)), ("p_consistent", .rounded(point.monotone, decimals: 6)),
                    ("p_observed", .rounded(point.observed, decimals: 6)), ("samples", .number(Double(point.samples))),
                    ("ci95_low", .rounded(point.low, decimals: 6)), ("ci95_high", .rounded(point.high, decimals: 6)),
                ])
            })
    }

    private func timelineRow(_ row: TimelineRow) -> JSONValue {
        var byRegion: [(key: String, value: JSONValue)] = []
        for (region, cell) in zip(regions, row.cells) {
            byRegion.append(
                (
                    region.name,
                    .object([
                        (
                            "writes",
                            .object([
                                ("ok", .number(Double(cell.writesOK))), ("failed", .number(Double(cell.writesFailed))),
                                ("unknown", .number(Double(cell.writesUnknown))), ("p99_ms", Report.milliseconds(cell.writeP99)),
                            ])
                        ),
                        (
                            "reads",
                            .object([
                                ("ok", .number(Double(cell.readsOK))), ("failed", .number(Double(cell.readsFailed))),
                                ("unknown", .number(Double(cell.readsUnknown))), ("p99_ms", Report.milliseconds(cell.readP99)),
                            ])
                        ),
                        ("replica_lag_p99_ms", Report.milliseconds(cell.replicaLagP99)),
                    ])
                ))
        }
        return .object([
            ("t_s", .rounded(row.end.seconds, decimals: 3)),
            ("leader_region", row.leaderRegion.map { .string(regions[$0].name) } ?? .null),
            ("faults", .array(row.activeFaults.map { .string($0) })),
            ("by_region", .object(byRegion)),
        ])
    }

    /// A latency block: `{count, ok, failed, unknown, latency_ms: {p50, p90, p99, p999, max, mean}}`.
    static func block(_ stats: OperationStats) -> JSONValue {
        let histogram = stats.latency
        let latency: JSONValue = .object([
            ("p50", milliseconds(histogram.percentile(0.50))),
            ("p90", milliseconds(histogram.percentile(0.90))),
            ("p99", milliseconds(histogram.percentile(0.99))),
            ("p999", milliseconds(histogram.percentile(0.999))),
            ("max", milliseconds(histogram.isEmpty ? 0 : histogram.max)),
            ("mean", .rounded(histogram.mean / 1e6, decimals: 3)),
        ])
        return .object([
            ("count", .number(Double(stats.count))),
            ("ok", .number(Double(stats.ok))),
            ("failed", .number(Double(stats.failed))),
            ("unknown", .number(Double(stats.unknown))),
            ("latency_ms", latency),
        ])
    }

    /// `{time_ms: {p50, p99, max, mean}, versions: {p50, p99, max}, stale_fraction,
    /// local_fraction, fallback_fraction, reads}`.
    static func stalenessBlock(_ stats: StalenessStats) -> JSONValue {
        .object([
            ("reads", .number(Double(stats.reads))),
            (
                "time_ms",
                .object([
                    ("p50", milliseconds(stats.time.percentile(0.5))),
                    ("p99", milliseconds(stats.time.percentile(0.99))),
                    ("max", milliseconds(stats.time.isEmpty ? 0 : stats.time.max)),
                    ("mean", .rounded(stats.time.mean / 1e6, decimals: 3)),
                ])
            ),
            (
                "versions",
                .object([
                    ("p50", .number(Double(stats.versions.percentile(0.5)))),
                    ("p99", .number(Double(stats.versions.percentile(0.99)))),
                    ("max", .number(Double(stats.versions.isEmpty ? 0 : stats.versions.max))),
                ])
            ),
            ("stale_fraction", .rounded(stats.staleFraction, decimals: 6)),
            (
                "k_staleness",
                .array(
                    (1...8).map { k in
                        .object([("k", .number(Double(k))), ("p", .rounded(stats.probabilityWithinLast(k), decimals: 6))])
                    })
            ),
            ("local_fraction", .rounded(stats.localFraction, decimals: 6)),
            ("fallback_fraction", .rounded(stats.reads == 0 ? 0 : Double(stats.fellBack) / Double(stats.reads), decimals: 6)),
        ])
    }

    /// Nanoseconds as milliseconds with microsecond precision.
    static func milliseconds(_ value: Nanoseconds) -> JSONValue {
        .rounded(Double(value) / 1e6, decimals: 3)
    }

    /// The report as pretty JSON text, ending with a newline.
    public var json: String { JSONWriter.string(jsonValue, pretty: true) + "\n" }
}
