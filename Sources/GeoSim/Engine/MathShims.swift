import Foundation

// Thin wrappers so hot code can call libm without ambiguity between overloads.
@inline(__always) func _log(_ x: Double) -> Double { Foundation.log(x) }
@inline(__always) func _exp(_ x: Double) -> Double { Foundation.exp(x) }
@inline(__always) func _cos(_ x: Double) -> Double { Foundation.cos(x) }
@inline(__always) func _pow(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }
@inline(__always) func _erfc(_ x: Double) -> Double { Foundation.erfc(x) }
