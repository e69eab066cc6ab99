// Transactions: `--txn`, `--txn-hold`, `--txn-statements`, `--isolation`,
// `--no-locking-reads`, `--txn-retries`.

extension ScenarioSettings {
    /// Sets a transaction flag; false when `flag` is not one.
    mutating func applyTransactionOption(flag: String, value: String) throws(UsageError) -> Bool {
        let invalid = { (expected: String) in UsageError("Invalid value '\(value.excerpt())' for \(flag): expected \(expected).") }
        switch flag {
        case "--txn":
            guard let (kind, keys) = TransactionSettings.parse(value) else { throw invalid("rmw:K with K from 1 to 16") }
            var settings = transaction ?? TransactionSettings()
            settings.kind = kind
            settings.keys = keys
            transaction = settings
        case "--txn-hold":
            let hold: Nanoseconds
            do { hold = try DurationText.parse(value) } catch { throw UsageError("Invalid value for \(flag): \(error.description).") }
            transactionOptions.append(flag)
            pendingTransaction.hold = hold
        case "--txn-statements":
            guard let count = NumberText.integer(value), (1...100).contains(count) else { throw invalid("a whole number from 1 to 100") }
            transactionOptions.append(flag)
            pendingTransaction.statements = count
        case "--isolation":
            guard let level = IsolationLevel(rawValue: value) else { throw invalid("serializable, snapshot or read-committed") }
            transactionOptions.append(flag)
            pendingTransaction.isolation = level
        case "--no-locking-reads":
            transactionOptions.append(flag)
            pendingTransaction.lockingReads = false
        case "--txn-retries":
            guard let count = NumberText.integer(value), (0...100).contains(count) else { throw invalid("a whole number from 0 to 100") }
            transactionOptions.append(flag)
            pendingTransaction.retries = count
        default: return false
        }
        return true
    }

    /// The transaction settings with the detail flags folded in; refuses detail flags
    /// without `--txn`, and modes and workloads transactions do not run in yet.
    func resolvedTransaction() throws(ScenarioError) -> TransactionSettings? {
        guard var settings = transaction else {
            if let flag = transactionOptions.first {
                throw .usage(UsageError("Option '\(flag)' needs transactions.", hint: "Add --txn rmw:2 (read two keys, then write them)."))
            }
            return nil
        }
        settings.hold = pendingTransaction.hold
        settings.statements = pendingTransaction.statements
        settings.lockingReads = pendingTransaction.lockingReads
        settings.isolation = pendingTransaction.isolation
        settings.retries = pendingTransaction.retries
        guard replication.mode == .raft else {
            throw .usage(
                UsageError(
                    "--txn runs on Raft ranges only for now; \(replication.mode.rawValue) transactions are not modelled yet.",
                    hint: "Drop --replication, or --txn."))
        }
        guard settings.isolation == .serializable else {
            throw .usage(
                UsageError("Raft ranges run transactions serializable, as CockroachDB does.", hint: "Drop --isolation, or use --isolation serializable."))
        }
        guard keyCount >= settings.keys else {
            throw .usage(UsageError("--txn \(settings.kind.rawValue):\(settings.keys) needs at least \(settings.keys) keys; --keys is \(keyCount)."))
        }
        if closedLoopClients != nil || cache != nil || requestShape != .single || pools.poolSize != nil || pools.poolerSize != nil {
            throw .usage(
                UsageError(
                    "--txn works with open-loop clients (--rate) and no cache, connection pool or request shape yet.",
                    hint: "Drop --clients, --cache-*, --pool-size, --pooler and --request-shape."))
        }
        return settings
    }
}
