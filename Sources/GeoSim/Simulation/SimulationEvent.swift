/// One event of the run loop: a small value dispatched by `switch`, so the hot loop
/// allocates nothing and boxes nothing.
enum SimulationEvent {
    /// Client `client` issues its next operation.
    case arrival(client: Int32)
    /// A message reaches endpoint `to` (a replica or a client) from endpoint `from`.
    case delivery(to: Int32, from: Int32, message: SimulationMessage)
    /// The clock of replica `node` ticks; `epoch` tells ticks scheduled before a crash
    /// (stale) from current ones.
    case tick(node: Int32, epoch: UInt32)
    /// Client `client` gives up on operations whose timeout has passed.
    case timeoutCheck(client: Int32)
    /// Client `client` tries an operation again.
    case retry(client: Int32, attempt: RetryState)
    /// Fault `index` of the schedule starts (`starting`) or ends.
    case fault(index: Int32, starting: Bool)
    /// A second of the timeline ends.
    case timelineTick
    /// The leaseholder publishes a closed timestamp.
    case closedTimestampTick
    /// A global-table write's commit wait ended on node `node`: answer its client.
    case commitWaitDone(node: Int32, operation: UInt64)
    /// Promote a replica to primary (detection delay after a crash, or scripted: `planned`).
    case promotePrimary(planned: Bool)
    /// Leaderless: an anti-entropy sweep.
    case antiEntropy
    /// Caches: a client's lookup reaches its region's cache.
    case cacheLookup(client: Int32, sequence: UInt64)
    /// Caches: the cache's answer reaches the client (a hit completes the read; a miss
    /// sends it to the store).
    case cacheReply(client: Int32, sequence: UInt64, hit: Bool)
    /// Caches: a client's set (after a miss) reaches the cache.
    case cacheSet(region: Int32, key: Int, timestamp: Nanoseconds, token: UInt64)
    /// Caches: an invalidation of `key` reaches region `region`'s cache.
    case cacheInvalidate(region: Int32, key: Int)
    /// Pools: a waiting operation's pool timeout passes.
    case poolTimeout(client: Int32, sequence: UInt64)
    /// Caches: a stale-while-revalidate refresh of `key` completes.
    case cacheRefresh(region: Int32, key: Int)
    /// The election timer of replica `replica` may have expired (`ElectionTimers`).
    case electionTimer(replica: Int32)
    /// The liveness phase begins: every fault ends.
    case heal
    /// The liveness phase: one probe write to every range.
    case probe
    /// The fsync under way on node `node` ended; `epoch` tells fsyncs started before a
    /// crash (stale) from current ones (`NodeDisk`).
    case fsyncDone(node: Int32, epoch: UInt32)
    /// Transactions: attempt `txn` starts (a retry, after its backoff).
    case transactionStart(txn: UInt32)
    /// Transactions: attempt `txn`'s application time between reads and writes ended.
    case transactionHoldDone(txn: UInt32)
    /// Transactions: attempt `txn`'s client gives up on it.
    case transactionTimeout(txn: UInt32)
    /// Transactions on a primary: attempt `txn` has waited `deadlock_timeout` for a lock
    /// and checks for a deadlock.
    case transactionDeadlockCheck(txn: UInt32)
}

/// What a retried operation carries from one attempt to the next.
struct RetryState {
    /// When the client first issued the operation (ns): latency counts from here.
    var issuedAt: Nanoseconds
    var isWrite: Bool
    var key: Int
    /// Attempts made so far.
    var attempts: UInt8
    /// Whether an earlier attempt of this write may have been applied (it timed out).
    var mayHaveApplied: Bool
}

/// What travels between endpoints.
enum SimulationMessage {
    /// A client operation, from the client to its gateway or from a replica toward the
    /// leader.
    case request(ClientRequest)
    /// The answer to a request, on its way back to the client (`carriesValue`: a read's
    /// answer that holds the value, which sizes it on the wire).
    case response(operation: UInt64, ok: Bool, carriesValue: Bool)
    /// Transactions: a read of `key` by attempt `txn`, to the key's leaseholder
    /// (`locking`: it takes the key's lock first).
    case transactionRead(txn: UInt32, key: Int, locking: Bool)
    /// Transactions: the read's answer (the version seen, `refusal` 0), or a refusal (the
    /// abort cause's raw value plus one), or `TransactionCoordinator.uncertaintyRestart`
    /// with the version to restart the reads above.
    case transactionReadDone(txn: UInt32, key: Int, version: Int64, refusal: UInt8)
    /// Transactions: a write of `key` (an intent) to the key's leaseholder, replicated by
    /// Raft, or to the primary; slot K (one past the keys) is the transaction record at the
    /// anchor key's leaseholder, or the COMMIT at the primary.
    case transactionWrite(txn: UInt32, key: Int, slot: UInt8)
    /// Transactions: the write of the attempt's key number `slot` committed (`refusal`
    /// 0), or was refused (the abort cause's raw value plus one).
    case transactionWriteDone(txn: UInt32, slot: UInt8, refusal: UInt8)
    /// Transactions: attempt `txn` releases its lock on `key` (commit or abort known).
    case transactionRelease(txn: UInt32, key: Int)
    /// Replication traffic between two replicas of range `range`.
    case raft(range: Int32, RaftMessage)
    /// Leaderless: a coordinator asks a replica to store `key` at `timestamp` (and to
    /// acknowledge, unless it is a read repair).
    case replicaWrite(operation: UInt64, key: Int, timestamp: Nanoseconds, repair: Bool)
    case replicaAck(operation: UInt64)
    /// Leaderless: a coordinator asks a replica for `key`; the replica answers with the
    /// newest timestamp it holds.
    case replicaRead(operation: UInt64, key: Int)
    case replicaValue(operation: UInt64, timestamp: Nanoseconds)
    /// Primaries: log entry `index` shipped from the primary to a replica.
    case ship(index: UInt64)
    /// Primaries: a replica has received (and made durable) entries through `index`.
    case shipAck(index: UInt64)
    /// Primaries: a replica missed entries (a lost shipment) and asks for them again from
    /// `index` on, as a walreceiver restarts streaming from its last received position.
    case shipResend(index: UInt64)
    /// Heartbeats, their answers and closed-timestamp publications of many ranges between
    /// two nodes, coalesced into one message (the items wait in `CoalescedBatches`).
    case coalesced(batch: Int32)
}

/// One item of a coalesced message: a heartbeat (or its answer) of one range, or a
/// closed-timestamp publication.
struct CoalescedItem {
    enum Kind: UInt8 {
        /// A heartbeat of range `range`, or its answer (`message`).
        case raft
        /// A closed-timestamp publication of range `range`.
        case closedTimestamp
        /// Node liveness: "I am alive", sent at `timestamp` (true time), and its answer.
        case ping
        case pong
    }

    var kind: Kind
    var range: Int32
    var message: RaftMessage
    /// closedTimestamp: the timestamp (ns, leaseholder clock). ping, pong: when the ping
    /// was sent (ns).
    var timestamp: Nanoseconds
    /// closedTimestamp: the log index a follower must have applied to use it.
    var index: UInt64

    static let noMessage = RaftMessage.control(.append, term: 0)
}

/// A client's request as it travels: what a server needs to route and serve it.
struct ClientRequest {
    /// The attempt it belongs to (`OpenLoopClient.operationID`).
    var operation: UInt64
    /// The key it reads or writes.
    var key: Int
    var isWrite: Bool
    /// Redirects so far (a request is refused after three).
    var hops: UInt8

    /// The same request, redirected once more.
    var redirected: ClientRequest { ClientRequest(operation: operation, key: key, isWrite: isWrite, hops: hops + 1) }
}
