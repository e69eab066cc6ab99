/// Tunables of the Raft replicas, in ticks and entries: the node has no clock, the
/// simulation calls `tick()` once per heartbeat interval of the node's own clock.
public struct RaftConfig: Equatable, Sendable {
    /// A leader sends heartbeats every this many ticks.
    public var heartbeatTicks: Int = 1
    /// The election timeout T in ticks: a follower that hears no leader for its timeout
    /// campaigns; a CheckQuorum leader checks its quorum every T ticks.
    public var electionTicks: Int = 10
    /// Draw each timeout uniformly from [T, 2T) (true, Raft's rule) or use exactly T.
    public var randomizedElectionTimeout = true
    /// The driver runs the election timer in continuous time and calls
    /// `electionTimerFired`; ticks then never start an election (they still time
    /// CheckQuorum and leases).
    public var externalElectionTimer = false
    /// Ask for pre-votes before campaigning (Raft thesis §9.6).
    public var preVote = true
    /// A leader that has not heard from a quorum within T ticks steps down, and followers
    /// that hear from a live leader ignore vote requests (leader stickiness).
    public var checkQuorum = true
    /// Serve strong reads from a leader lease when it is valid (else by ReadIndex).
    public var leaseReads = true
    /// How long a lease lasts, in ticks, from the send tick of the heartbeat round a
    /// quorum acknowledged. Safe when shorter than T by the clock-drift margin.
    public var leaseTicks: Int = 8
    /// The replica that should lead when it is healthy (a placement preference): a leader
    /// elsewhere hands leadership to it once it is caught up. Nil: no preference.
    public var preferredLeader: Int?
    /// An idle leader whose followers all hold its whole log stops heartbeating, and its
    /// followers stop their election timers, until there is work again (quiescence, as in
    /// CockroachDB): idle ranges then cost nothing. The environment must wake followers
    /// whose leader's node stops answering (`wake()`), since no timer will.
    public var quiesce = true
    /// Most entries in one AppendEntries message.
    public var maxBatchEntries: Int = 64
    /// Most unacknowledged AppendEntries messages with entries per follower (pipelining
    /// depth); past it, new entries wait and go out batched when an answer frees a slot.
    public var maxInflightAppends: Int = 256
    /// Entries already applied and replicated everywhere are dropped from the in-memory
    /// log in chunks of this many, so memory does not grow with run length.
    public var compactionChunk: Int = 4096
    /// Most committed entries a leader keeps for a follower that has not received them.
    /// Past it the leader compacts anyway and the follower catches up from a snapshot, as
    /// CockroachDB truncates its Raft log by size: a long partition or outage does not
    /// grow memory without bound.
    public var maxLaggingEntries: Int = 65_536
    /// The leader's own appends count toward the commit quorum only once the environment
    /// reports them durable (`persisted(through:term:into:)`, after an fsync); each own
    /// append asks for it with a `.persist` effect. Off: an entry counts for the leader as
    /// soon as it is in its log (no disk is modelled).
    public var persistBeforeCounting = false
    /// A deliberately broken protocol, for checker tests only: grant votes without the
    /// "candidate's log is at least as up to date" check (Raft §5.4.1).
    public var unsafeIgnoreLogInVotes = false
    /// A deliberately broken protocol, for checker tests only: a voter grants every
    /// candidate of a term, not just the first (the one-vote-per-term check is skipped),
    /// so two candidates can both win one term.
    public var unsafeVotesSkipTermCheck = false
    /// A deliberately broken protocol, for checker tests only: a leader counts an entry
    /// committed as soon as it is in its own log, without waiting for a quorum.
    public var unsafeCommitWithoutQuorum = false
    /// A deliberately broken protocol, for checker tests only: a leader serves lease reads
    /// for as long as it believes it leads, with no lease expiry (etcd's lease-based reads
    /// without CheckQuorum): a leader cut off from its quorum keeps serving.
    public var unsafeLeaseWithoutExpiry = false

    /// Whether any deliberately unsafe option is on.
    var isUnsafe: Bool {
        unsafeIgnoreLogInVotes || unsafeVotesSkipTermCheck || unsafeCommitWithoutQuorum || unsafeLeaseWithoutExpiry
    }

    public init() {}
}
