/// How many bytes each message puts on the wire, by kind: what the `TrafficMeter`
/// counts and the cost estimate prices.
///
/// Every message pays `frame` bytes of transport (IPv4 20 + TCP 32 with the timestamp
/// option Linux sends by default + HTTP/2 frame header 9 + gRPC length prefix 5 = 66;
/// clouds bill IP bytes). On top of it, a message header sized after what the real
/// protocols encode (etcd's `raftpb.Message` with CockroachDB's range and replica
/// descriptors around it: about 64 bytes; a short answer: 32), and the payload:
///
/// - a log entry: 16 bytes of entry header (term, index, type, length) + 32 of command
///   envelope (command id, MVCC timestamp) + the key + the value;
/// - a client request: header + key (+ value for a write); a read's answer carries the
///   value;
/// - a heartbeat item inside a coalesced message: 24 bytes (range, replica ids, term,
///   commit), as CockroachDB's `RaftHeartbeat`;
/// - a snapshot: the range's keys and values with 12 bytes of MVCC timestamp each.
///
/// Sizes are plain integers fixed at set-up; measuring a message is a `switch` with no
/// allocation.
struct WireSizes {
    /// Transport framing per message (bytes).
    static let frame = 66
    /// A request or replication message header (bytes).
    static let header = 64
    /// A short answer's header (bytes).
    static let answerHeader = 32
    /// A log entry's own header plus its command envelope (bytes).
    static let entryOverhead = 48
    /// One item of a coalesced heartbeat message (bytes).
    static let heartbeatItem = 24
    /// A key on the wire: YCSB's keys ("user" and up to 20 digits) are about this long.
    static let keyBytes = 24
    /// The MVCC timestamp stored with every version (bytes).
    static let timestampBytes = 12

    /// The value of every write and read (bytes, `--value-size`).
    let valueBytes: Int
    /// A whole range's data, sent as a snapshot (bytes).
    let snapshotPayload: Int

    init(valueBytes: Int, keysPerRange: Int) {
        self.valueBytes = valueBytes
        snapshotPayload = keysPerRange * (Self.keyBytes + valueBytes + Self.timestampBytes)
    }

    /// One log entry (bytes).
    var entry: Int { Self.entryOverhead + Self.keyBytes + valueBytes }
    /// A request with a key and, for a write, a value.
    func request(isWrite: Bool) -> Int { Self.frame + Self.header + Self.keyBytes + (isWrite ? valueBytes : 0) }
    /// An answer, with the value when it carries one.
    func answer(carriesValue: Bool) -> Int { Self.frame + Self.answerHeader + (carriesValue ? valueBytes : 0) }

    /// A cache tier's messages, which travel as events rather than `SimulationMessage`s.
    enum CacheMessage {
        case lookup, hit, miss, fill, invalidation
    }

    /// A cache message's size: a lookup or an invalidation names a key; a hit's answer and
    /// a fill carry the value.
    func cache(_ message: CacheMessage) -> Int {
        switch message {
        case .lookup, .invalidation: Self.frame + Self.answerHeader + Self.keyBytes
        case .hit: answer(carriesValue: true)
        case .miss: answer(carriesValue: false)
        case .fill: request(isWrite: true)
        }
    }

    /// The class and size of `message`; `items` is the item count of a coalesced batch.
    @inline(__always)
    func measure(_ message: SimulationMessage, items: Int) -> (TrafficClass, Int) {
        switch message {
        case .raft(_, let raft): return measure(raft)
        case .coalesced: return (.heartbeats, Self.frame + Self.header + items * Self.heartbeatItem)
        case .request(let request): return (.requests, self.request(isWrite: request.isWrite))
        case .response(_, _, let carriesValue): return (.replies, answer(carriesValue: carriesValue))
        case .ship: return (.replication, Self.frame + Self.header + entry)
        case .shipAck, .shipResend: return (.acknowledgements, Self.frame + Self.answerHeader)
        case .replicaWrite: return (.replication, Self.frame + Self.header + entry)
        case .replicaAck: return (.acknowledgements, Self.frame + Self.answerHeader)
        case .replicaRead: return (.quorumReads, self.request(isWrite: false))
        case .replicaValue(_, let timestamp): return (.quorumReads, answer(carriesValue: timestamp != Int64.min))
        case .transactionRead: return (.transactions, self.request(isWrite: false))
        case .transactionReadDone(_, _, _, let refusal): return (.transactions, answer(carriesValue: refusal == 0))
        case .transactionWrite: return (.transactions, self.request(isWrite: true))
        case .transactionWriteDone: return (.transactions, answer(carriesValue: false))
        case .transactionRelease: return (.transactions, self.request(isWrite: false))
        }
    }

    /// A Raft message: appends carry their entries, snapshots the range's data.
    @inline(__always)
    func measure(_ raft: RaftMessage) -> (TrafficClass, Int) {
        switch raft.kind {
        case .append:
            if raft.entryCount == 0 { return (.heartbeats, Self.frame + Self.header) }
            return (.replication, Self.frame + Self.header + Int(raft.entryCount) * entry)
        case .appendResponse: return (.acknowledgements, Self.frame + Self.header)
        case .preVote, .preVoteResponse, .vote, .voteResponse, .timeoutNow: return (.elections, Self.frame + Self.header)
        case .snapshot: return (.snapshots, Self.frame + Self.header + snapshotPayload)
        }
    }
}
