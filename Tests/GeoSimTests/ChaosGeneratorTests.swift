import Testing

@testable import GeoSim

/// `--chaos`: deterministic, rate-correct random schedules whose windows fit the run.
struct ChaosGeneratorTests {
    static let three: Topology = {
        do { return try Topology.fromRegionList("us-east,us-west,eu-central") } catch { preconditionFailure("\(error)") }
    }()
    static let single: Topology = {
        do { return try Topology.fromRegionList("us-east", replicasPerRegion: 3) } catch { preconditionFailure("\(error)") }
    }()

    @Test func sameSeedSameScheduleDifferentSeedDifferent() {
        let settings = ChaosSettings()
        let a = ChaosGenerator.faults(settings: settings, topology: Self.three, duration: 10 * .minute, seed: 7)
        let b = ChaosGenerator.faults(settings: settings, topology: Self.three, duration: 10 * .minute, seed: 7)
        let c = ChaosGenerator.faults(settings: settings, topology: Self.three, duration: 10 * .minute, seed: 8)
        #expect(!a.isEmpty)
        #expect(a == b)
        #expect(a != c)
    }

    /// Golden values: the schedule is a function of the seed alone, so it must not change
    /// between processes, machines or releases without a deliberate decision.
    @Test func scheduleIsPinned() {
        let faults = ChaosGenerator.faults(settings: ChaosSettings(), topology: Self.three, duration: .minute, seed: 1)
        let labels = faults.map(\.label)
        // Recorded from this implementation; each label encodes kind, targets and window.
        #expect(labels == Self.pinnedLabels, "\(labels)")
    }

    static let pinnedLabels = [
        "chaos: one-way us-east -> us-west,eu-central at 6.884s for 2.946s",
        "chaos: partition us-west | us-east,eu-central at 21.152s for 25.512s",
        "chaos: loss 0.42 at 23.505s for 7.068s",
    ]

    /// Poisson arrivals: over 100 simulated minutes at 6 per minute the count is Poisson with
    /// mean 600 and standard deviation √600 ≈ 24.5; ±5σ (±122) essentially never fails for a
    /// correct rate, while a rate off by 25 % or more (e.g. per-second confusion) lands outside.
    @Test func countMatchesRate() {
        let settings = ChaosSettings(faultsPerMinute: 6)
        for seed: UInt64 in 1...5 {
            let count = ChaosGenerator.faults(settings: settings, topology: Self.three, duration: 100 * .minute, seed: seed).count
            #expect((478...722).contains(count), "seed \(seed): \(count) faults")
        }
        // The mean over 20 runs of 10 minutes at 2 per minute: 20 expected, σ of the mean √20/√20 = 1.
        var total = 0
        for seed: UInt64 in 1...20 {
            total += ChaosGenerator.faults(settings: ChaosSettings(), topology: Self.three, duration: 10 * .minute, seed: seed).count
        }
        #expect((16 * 20...24 * 20).contains(total), "mean \(Double(total) / 20)")
    }

    @Test func windowsInsideTheRunInStartOrder() {
        let duration = 5 * Nanoseconds.minute + 123 * .millisecond
        for seed: UInt64 in 1...30 {
            let faults = ChaosGenerator.faults(
                settings: ChaosSettings(faultsPerMinute: 10, meanDuration: 20 * .second),
                topology: Self.three, duration: duration, seed: seed)
            var previous: Nanoseconds = 0
            for fault in faults {
                let end = fault.end ?? .max
                #expect(fault.start >= previous)
                #expect(fault.start >= 0 && fault.start < duration)
                #expect(end > fault.start && end <= duration)
                #expect(end - fault.start >= ChaosGenerator.minimumDuration || end == duration)
                #expect(fault.start % .millisecond == 0)
                #expect(fault.label.hasPrefix("chaos: ") && fault.label.contains(" at \(DurationText.format(fault.start)) for "))
                previous = fault.start
            }
        }
    }

    @Test func meanDurationIsRespected() {
        var total: Nanoseconds = 0
        var count = 0
        for seed: UInt64 in 1...10 {
            // A long run, so few faults are cut by its end.
            for fault in ChaosGenerator.faults(
                settings: ChaosSettings(faultsPerMinute: 6, meanDuration: 10 * .second),
                topology: Self.three, duration: 60 * .minute, seed: seed)
            {
                total += (fault.end ?? 0) - fault.start
                count += 1
            }
        }
        // Exponential(10 s) clamped below at 1 s has mean 1 s + 10 s·e^−0.1 ≈ 10.05 s;
        // over ~3600 draws the standard error is about 0.17 s.
        let mean = Double(total) / Double(count) / 1e9
        #expect(abs(mean - 10.05) < 0.8, "mean duration \(mean) s over \(count) faults")
    }

    @Test func everyKindAppearsWithValidTargets() {
        let faults = ChaosGenerator.faults(
            settings: ChaosSettings(faultsPerMinute: 30), topology: Self.three,
            duration: 10 * .minute, seed: 3)
        var seen: Set<String> = []
        for fault in faults {
            switch fault.kind {
            case .partition(let a, let b):
                if b.isEmpty {
                    seen.insert("isolate")
                    #expect(a.count == 1)
                } else {
                    seen.insert("partition")
                    #expect(a.count + b.count == 3)
                    #expect(Set(a.map { "\($0)" }).isDisjoint(with: b.map { "\($0)" }))
                }
            case .crash(.node(let node)):
                seen.insert("crash")
                #expect((0..<3).contains(node))
            case .oneWay(let from, let to):
                seen.insert("one-way")
                #expect(!from.isEmpty && !to.isEmpty && from.count + to.count == 3)
            case .slow(let a, let b, let multiplier, let added):
                seen.insert("slow")
                #expect(a.count == 1 && b.count == 1 && a != b)
                #expect(multiplier >= 2 && multiplier <= 10 && added == 0)
            case .loss(let p, let a, let b):
                seen.insert("loss")
                #expect(p >= 0.05 && p <= 0.5 && a.isEmpty && b.isEmpty)
            default:
                Issue.record("unexpected fault \(fault)")
            }
        }
        #expect(seen.sorted() == ChaosSettings.Kind.allCases.map(\.rawValue).sorted())
    }

    @Test func weightsAndTopologyLimitTheKinds() throws {
        let crashOnly = ChaosSettings(faultsPerMinute: 20, kinds: [.init(.crash), .init(.loss, weight: 0)])
        let faults = ChaosGenerator.faults(settings: crashOnly, topology: Self.three, duration: 5 * .minute, seed: 1)
        #expect(!faults.isEmpty)
        #expect(faults.allSatisfy { if case .crash = $0.kind { true } else { false } })

        // One region: partitions split its nodes.
        let split = ChaosSettings(faultsPerMinute: 20, kinds: [.init(.partition)])
        for fault in ChaosGenerator.faults(settings: split, topology: Self.single, duration: 5 * .minute, seed: 1) {
            guard case .partition(let a, let b) = fault.kind else {
                Issue.record("\(fault)")
                continue
            }
            #expect((a + b).allSatisfy { if case .node = $0 { true } else { false } } && a.count + b.count == 3)
        }
        // One node: nothing to partition.
        let lone = try Topology.fromRegionList("us-east")
        #expect(ChaosGenerator.faults(settings: split, topology: lone, duration: 5 * .minute, seed: 1).isEmpty)
        #expect(ChaosGenerator.faults(settings: ChaosSettings(), topology: Self.three, duration: 0, seed: 1).isEmpty)
    }

    @Test func parseSettings() throws {
        let settings = try ChaosGenerator.parseSettings(rate: "4.5", meanDuration: "30s", kinds: "crash:3,partition")
        #expect(
            settings
                == ChaosSettings(
                    faultsPerMinute: 4.5, meanDuration: 30 * .second,
                    kinds: [.init(.crash, weight: 3), .init(.partition)]))
        #expect(try ChaosGenerator.parseSettings() == ChaosSettings())
        for (rate, duration, kinds, fragment) in [
            ("0", nil, nil, "Invalid --chaos-rate '0'"),
            ("fast", nil, nil, "Invalid --chaos-rate 'fast'"),
            (nil, "10", nil, "'10' has no unit"),
            (nil, "0s", nil, "Invalid --chaos-duration '0s'"),
            (nil, nil, "crash,partiton", "unknown kind 'partiton'"),
            (nil, nil, "crash:0", "weight '0'"),
        ] as [(String?, String?, String?, String)] {
            do {
                _ = try ChaosGenerator.parseSettings(rate: rate, meanDuration: duration, kinds: kinds)
                Issue.record("expected an error for \(fragment)")
            } catch {
                #expect(error.message.contains(fragment), "\(error.message)")
            }
        }
    }
}
