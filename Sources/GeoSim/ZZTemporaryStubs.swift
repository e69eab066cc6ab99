public struct KeyChooser: Sendable, Equatable {
  public enum Popularity: Equatable, Sendable { case uniform; case zipf(Double); public var description: String { "" } }
  public init(keyCount: Int, popularity: Popularity) {}
  public func next(using: inout RandomStream) -> Int { 0 }
}
extension KeyChooser { public static func parsePopularity(_ text: String) throws(UsageError) -> Popularity { .uniform } }
public struct LatencyHistogram: Sendable, Equatable { public init() {}
  public var count = 0; public var min: Nanoseconds = 0; public var max: Nanoseconds = 0; public var mean = 0.0; public var isEmpty: Bool { count == 0 }
  public mutating func record(_ v: Nanoseconds) {}; public func percentile(_ p: Double) -> Nanoseconds { 0 }; public mutating func merge(_ o: LatencyHistogram) {} }
public enum JSONWriter { public static func string(_ value: JSONValue, pretty: Bool = true) -> String { "" } }
public extension JSONValue { static func rounded(_ x: Double, decimals: Int) -> JSONValue { .number(x) } }
