import Testing
@testable import GeoSim

/// Seeds that once broke an invariant of the safe protocol, found by swarms on seed ranges
/// the other tests never use (issue 15). Each runs the exact `geosim check` command that
/// failed and must now pass; each names the cause that was fixed.
@Suite struct SwarmRegressionTests {
    /// Runs `geosim check` in process and returns its exit code and standard output.
    func check(_ words: String) -> (exitCode: Int32, output: String) {
        let arguments = ["check", "--topology", "us-east,us-west,eu-central", "--seeds", "1", "--no-chaos", "--shrink-runs", "0", "--jobs", "1"]
            + words.split(separator: " ").map(String.init)
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
}
