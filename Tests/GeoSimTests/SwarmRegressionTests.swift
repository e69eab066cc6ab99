import Testing

@testable import GeoSim

/// Seeds that once broke an invariant of the safe protocol, found by swarms on seed ranges
/// the other tests never use (issue 15). Each runs the exact `geosim check` command that
/// failed and must now pass; each names the cause that was fixed.
@Suite struct SwarmRegressionTests {
    /// Runs `geosim check` in process and returns its exit code and standard output.
    /// `words` are split at spaces, except inside single quotes (a `--slow` value).
    func check(_ words: String) -> (exitCode: Int32, output: String) {
        let arguments =
            ["check", "--topology", "us-east,us-west,eu-central", "--seeds", "1", "--no-chaos", "--shrink-runs", "0", "--jobs", "1"]
            + words.split(separator: "'").enumerated().flatMap { part, text in
                part % 2 == 1 ? [String(text)] : text.split(separator: " ").map(String.init)
            }
        let result = CommandLineInterface.main(arguments)
        return (result.exitCode, result.standardOutput + result.standardError)
    }

    /// Exact-staleness reads were served at `now − staleness` even when the session's own
    /// write (its token) was newer, so they missed it once a fault kept the token from
    /// moving and the closed timestamp had passed it.
    @Test(arguments: [
        "--read-mode exact --session read-your-writes --seed 8514 --one-way eu-central->us-east,us-west@578ms..4794ms",
        "--read-mode exact --session monotonic-reads --seed 13049 --crash us-east@14089ms..18181ms",
    ])
    func exactStalenessReadsHonourTheSession(words: String) {
        let (exitCode, output) = check(words)
        #expect(exitCode == 0, "\(output)")
        #expect(output.contains("passed 1, failed 0"))
    }

    /// A 100 ms crash of a quiesced range's leader: its node's pings barely paused, so the
    /// followers never woke, and they ignored the restarted replica's pre-votes (leader
    /// stickiness with a frozen election timer). The range stayed leaderless for good.
    @Test(arguments: [
        "--locality row --seed 13309 --crash us-east@21088ms..21188ms",
        "--locality row --replicas-per-region 3 --seed 7012 --crash us-west/a@274ms..374ms --liveness-bound 120s",
    ])
    func aShortCrashOfAQuiescedLeaderLeavesNoRangeLeaderless(words: String) {
        let (exitCode, output) = check(words)
        #expect(exitCode == 0, "\(output)")
        #expect(output.contains("passed 1, failed 0"))
    }

    /// Two ranges proposing on one node at the same instant give their writes the same
    /// timestamp. The recorder keyed commit visibility by timestamp alone, so the second
    /// write's commit went unrecorded and a read of it "returned a value no write
    /// committed".
    @Test(arguments: [
        "--locality row --read-mode exact --session read-your-writes --seed 1 --one-way us-east->us-west,eu-central@3442ms..4031ms --partition us-west|us-east,eu-central@10576ms..30s",
        "--locality row --read-mode exact --session read-your-writes --seed 3 --slow 'eu-central-us-east x7@18773ms..21574ms'",
    ])
    func writesWithEqualTimestampsInTwoRangesAreBothRecorded(words: String) {
        let (exitCode, output) = check(words)
        #expect(exitCode == 0, "\(output)")
    }

    /// A write acknowledged just before the run ended, when leadership had just moved to the
    /// range's preferred replica: the new leader held it in its log but had not applied it
    /// yet, and durability, judged on applied values alone, called it lost.
    @Test func aWriteInTheFinalLeadersLogIsNotLost() {
        let (exitCode, output) = check("--locality row --seed 50018 --crash us-west@14693ms..18803ms --crash eu-central@29621ms..29721ms")
        #expect(exitCode == 0, "\(output)")
    }

    /// A follower whose last entry conflicts with the leader's log: the leader's probe
    /// there was rejected, but the rejection was taken as stale (the probe had moved
    /// `nextIndex` past its entries), and every heartbeat sent the leader back to the same
    /// probe. The follower never caught up, and with both followers so, nothing committed
    /// after healing. Found by scripts/swarm.sh (seed 70009).
    @Test func aRejectedProbeMovesTheLeaderBack() {
        let (exitCode, output) = check(
            "--cache-ttl 5s --cache-fill singleflight --session read-your-writes --seed 70009 "
                + "--loss 0.44@3810ms..30s --one-way us-west,eu-central->us-east@5996ms..25180ms --crash eu-central@15928ms..25458ms")
        #expect(exitCode == 0, "\(output)")
    }
}
