/// The clients of one region: an open-loop Poisson source of operations (arrivals do not
/// wait for answers, as independent users do not), each a read or a write on a key.
struct OpenLoopClient {
    /// Index into the topology's regions.
    let region: Int
    /// This client's endpoint id on the network.
    let endpoint: Int
    /// The replicas of the client's region, its own zone's first: the gateways it tries,
    /// in this order, moving on when one stops answering.
    let gateways: [Int]
    /// Index into `gateways` of the one in use.
    var gatewayCursor = 0
    /// Mean time between arrivals (ns); infinite when the client's rate is zero.
    let meanInterarrival: Double
    let writeFraction: Double
    let keys: KeyChooser
    /// Arrivals, read/write choices and keys: this client's own stream.
    var random: RandomStream
    var operations = OperationRing()
    /// Whether a timeout check event is scheduled for this client.
    var timeoutCheckScheduled = false

    /// The gateway in use.
    var gateway: Int { gateways[gatewayCursor] }

    /// Packs a client index and a per-client sequence number into one operation id.
    static func operationID(client: Int, sequence: UInt64) -> UInt64 {
        UInt64(client) << 44 | sequence
    }

    static func client(of operation: UInt64) -> Int { Int(operation >> 44) }
    static func sequence(of operation: UInt64) -> UInt64 { operation & (1 << 44 - 1) }

    /// The time from one arrival to the next (ns, at least 1 so time always advances).
    mutating func nextInterarrival() -> Nanoseconds {
        max(1, _roundedInt64(random.nextExponential(mean: meanInterarrival)))
    }

    /// Draws the next operation's kind and key.
    mutating func nextOperation() -> (isWrite: Bool, key: Int) {
        let isWrite = random.nextUnit() < writeFraction
        let key = keys.next(using: &random)
        return (isWrite, key)
    }
}
