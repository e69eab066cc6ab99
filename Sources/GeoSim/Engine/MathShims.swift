import Foundation

// Thin wrappers so hot code can call libm without ambiguity between overloads.
@inline(__always) func _log(_ x: Double) -> Double { Foundation.log(x) }
@inline(__always) func _exp(_ x: Double) -> Double { Foundation.exp(x) }
@inline(__always) func _cos(_ x: Double) -> Double { Foundation.cos(x) }
@inline(__always) func _pow(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }
@inline(__always) func _erfc(_ x: Double) -> Double { Foundation.erfc(x) }

/// `Int64(x.rounded())` (ties away from zero) without the libm call `rounded()` makes on
/// Linux: the hot paths round a jitter or service draw on every message. The same result
/// for every `x` in Int64's range (`Int64(x)` truncates; `x - Double(t)` is exact below
/// 2^52, and beyond it every double is already whole). Past Int64's range it saturates
/// (`Int64.max`, `Int64.min`; NaN is 0) instead of trapping: a heavy-tailed draw or a
/// latency times a large slowdown can be any double.
@inline(__always) func _roundedInt64(_ x: Double) -> Int64 {
    guard abs(x) < 0x1p52 else {
        if x.isNaN { return 0 }
        if x >= 0x1p63 { return .max }
        if x <= -0x1p63 { return .min }
        return Int64(x)
    }
    let whole = Int64(x)
    let fraction = x - Double(whole)
    if fraction >= 0.5 { return whole + 1 }
    if fraction <= -0.5 { return whole - 1 }
    return whole
}
